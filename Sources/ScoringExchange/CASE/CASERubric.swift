import ScoringCore

/// A rubric as a 1EdTech CASE 1.1 `CFRubric`: one `CFRubricCriterion` per criterion, each with
/// one `CFRubricCriterionLevel` per level of the scale.
///
/// Every object's `identifier` is a version-5 UUID of the rubric id and version (and the
/// criterion id, and the level's score), so exporting a rubric version twice gives the same
/// identifiers, and a new version new ones; each `uri` is that UUID as a `urn:uuid:` URN, which
/// names it without claiming a web address.
public enum CASERubric {
    /// The `CFRubric` identifier of a rubric version.
    public static func identifier(of rubric: Rubric) -> String {
        NameBasedUUID.version5("rubric:\(rubric.id):\(rubric.version)")
    }

    /// The rubric as a `CFRubric` JSON object.
    ///
    /// A criterion's `category` is its name, its `weight` the rubric's weight and `position` its
    /// place (from 1); its `CFItemURI` links the CASE item of the competency it is evidence
    /// for, when the framework has that competency's CASE identifiers. A level's `quality` is
    /// the scale label, `score` the scale score, `description` the criterion's descriptor for
    /// it (left out where the rubric has none) and `position` its place, lowest score first.
    ///
    /// - Parameters:
    ///   - framework: the competency framework, for the criteria's `CFItemURI`; nil for none.
    ///   - lastChange: when the rubric last changed: every object's `lastChangeDateTime`.
    public static func json(_ rubric: Rubric, framework: CompetencyFramework?, lastChange: Timestamp) -> JSONValue {
        let rubricID = identifier(of: rubric)
        let changed = JSONValue.string(lastChange.description)
        let criteria: [JSONValue] = rubric.criteria.enumerated().map { offset, criterion in
            let criterionID = NameBasedUUID.version5("rubric:\(rubric.id):\(rubric.version):criterion:\(criterion.id)")
            let levels: [JSONValue] = rubric.scale.enumerated().map { position, level in
                let levelID = NameBasedUUID.version5(
                    "rubric:\(rubric.id):\(rubric.version):criterion:\(criterion.id):level:\(level.score)")
                var fields: [(String, JSONValue)] = [("identifier", .string(levelID)), ("uri", .string("urn:uuid:\(levelID)"))]
                if let descriptor = criterion.descriptors[level.score] { fields.append(("description", .string(descriptor))) }
                fields += [
                    ("quality", .string(level.label)), ("score", .int(level.score)), ("position", .int(position + 1)),
                    ("rubricCriterionId", .string(criterionID)), ("lastChangeDateTime", changed),
                ]
                return .object(fields)
            }
            var fields: [(String, JSONValue)] = [
                ("identifier", .string(criterionID)), ("uri", .string("urn:uuid:\(criterionID)")),
                ("category", .string(criterion.name)), ("description", .string(description(of: criterion, in: framework))),
            ]
            if let competencyID = criterion.competency, let competency = framework?.competency(competencyID),
                let item = competency.caseItem
            {
                fields.append(
                    ("CFItemURI", .object([("title", .string(competency.name)), ("identifier", .string(item.identifier)), ("uri", .string(item.uri))])))
            }
            fields += [
                ("weight", .double(criterion.weight)), ("position", .int(offset + 1)), ("rubricId", .string(rubricID)),
                ("lastChangeDateTime", changed), ("CFRubricCriterionLevels", .array(levels)),
            ]
            return .object(fields)
        }
        return .object([
            ("identifier", .string(rubricID)), ("uri", .string("urn:uuid:\(rubricID)")), ("title", .string(rubric.title)),
            ("description", .string(description(of: rubric))), ("lastChangeDateTime", changed),
            ("CFRubricCriteria", .array(criteria)),
        ])
    }

    /// `Argumentative Writing (ScoreBench rubric argumentative-writing, version 2): proficient at
    /// a weighted mean of 3 or more, with no criterion below 2.`
    private static func description(of rubric: Rubric) -> String {
        var text = "\(rubric.title) (ScoreBench rubric \(rubric.id), version \(rubric.version)): proficient at a weighted mean of "
            + "\(Format.number(rubric.decision.proficientAt)) or more"
        if let floor = rubric.decision.floor { text += ", with no criterion below \(floor)" }
        return text + "."
    }

    /// `Claim and Focus (criterion claim), evidence for ELA.ARG: Argumentation.`
    private static func description(of criterion: Criterion, in framework: CompetencyFramework?) -> String {
        var text = "\(criterion.name) (criterion \(criterion.id))"
        if let competency = criterion.competency {
            text += ", evidence for \(competency)"
            if let name = framework?.competency(competency)?.name { text += ": \(name)" }
        }
        return text + "."
    }
}
