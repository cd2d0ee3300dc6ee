import ScoringCore
import ScoringExchange
import Testing

struct CASERubricTests {
    static let rubricText = """
        id: essay
        title: Essay, Grades 9-12
        version: 3
        scale:
          - { score: 1, label: Beginning }
          - { score: 2, label: Developing }
          - { score: 3, label: Proficient }
          - { score: 4, label: Advanced }
        criteria:
          - id: claim
            name: Claim and Focus
            competency: ARG
            descriptors:
              1: States no clear claim.
              3: "States a precise claim: and keeps to it."
          - { id: evidence, name: Use of Evidence, weight: 2.5, competency: RES }
          - { id: style, name: Style }
        decision:
          proficient_at: 3
          floor: 2
        """

    static let framework = CompetencyFramework(
        name: "Portrait",
        competencies: [
            Competency(
                id: "ARG", name: "Argument", proficientAt: 3,
                caseItem: CASEReference(identifier: "5d2b7a10-3c4e-5f60-8a71-92b3c4d5e6f7", uri: "https://case.example.org/CFItems/5d2b")),
            Competency(id: "RES", name: "Research", proficientAt: 3),
        ])

    static func rubric(version: Int = 3) throws -> Rubric {
        try Rubric.parse(
            rubricText.replacingOccurrences(of: "version: 3", with: "version: \(version)"), file: "Rubrics/essay.yaml",
            expectedID: "essay", competencies: ["ARG", "RES"])
    }

    static let changed = Timestamp(iso8601: "2026-09-01T08:30:00Z")!

    /// The members of a JSON object, for reading the export back.
    static func fields(_ value: JSONValue) throws -> [String: JSONValue] {
        guard case .object(let members) = value else { throw Unexpected(value) }
        return Dictionary(members, uniquingKeysWith: { first, _ in first })
    }

    static func array(_ value: JSONValue?) throws -> [JSONValue] {
        guard case .array(let values)? = value else { throw Unexpected(value ?? .null) }
        return values
    }

    static func text(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let number)?: return Double(number)
        case .double(let number)?: return number
        default: return nil
        }
    }

    struct Unexpected: Error {
        var value: JSONValue
        init(_ value: JSONValue) { self.value = value }
    }

    @Test func decodesBackToTheRubricsCriteriaWeightsAndLevels() throws {
        let rubric = try Self.rubric()
        // Through its text, as a reader of the file would see it.
        let json = try JSONValue.parse(CASERubric.json(rubric, framework: Self.framework, lastChange: Self.changed).encoded)
        let top = try Self.fields(json)
        #expect(Self.text(top["title"]) == "Essay, Grades 9-12")
        #expect(Self.text(top["identifier"]) == CASERubric.identifier(of: rubric))
        #expect(Self.text(top["uri"]) == "urn:uuid:" + CASERubric.identifier(of: rubric))
        #expect(Self.text(top["lastChangeDateTime"]) == "2026-09-01T08:30:00Z")
        #expect(
            Self.text(top["description"])
                == "Essay, Grades 9-12 (ScoreBench rubric essay, version 3): proficient at a weighted mean of 3 or more, with no criterion below 2.")
        let criteria = try Self.array(top["CFRubricCriteria"]).map(Self.fields)
        #expect(criteria.map { Self.text($0["category"]) } == rubric.criteria.map(\.name))
        #expect(criteria.map { Self.number($0["weight"]) } == rubric.criteria.map(\.weight))
        #expect(criteria.map { Self.number($0["position"]) } == [1, 2, 3])
        #expect(criteria.allSatisfy { Self.text($0["rubricId"]) == Self.text(top["identifier"]) })
        #expect(Self.text(criteria[0]["description"]) == "Claim and Focus (criterion claim), evidence for ARG: Argument.")
        for (criterion, exported) in zip(rubric.criteria, criteria) {
            let levels = try Self.array(exported["CFRubricCriterionLevels"]).map(Self.fields)
            #expect(levels.map { Self.text($0["quality"]) } == rubric.scale.map(\.label))
            #expect(levels.map { Self.number($0["score"]) } == rubric.scale.map { Double($0.score) })
            #expect(levels.map { Self.number($0["position"]) } == [1, 2, 3, 4])
            #expect(levels.map { Self.text($0["description"]) } == rubric.scale.map { criterion.descriptors[$0.score] })
            #expect(levels.allSatisfy { Self.text($0["rubricCriterionId"]) == Self.text(exported["identifier"]) })
        }
    }

    @Test func aCriterionLinksTheCASEItemOfItsCompetency() throws {
        let json = CASERubric.json(try Self.rubric(), framework: Self.framework, lastChange: Self.changed)
        let criteria = try Self.array(try Self.fields(json)["CFRubricCriteria"]).map(Self.fields)
        let link = try Self.fields(try #require(criteria[0]["CFItemURI"]))
        #expect(Self.text(link["identifier"]) == "5d2b7a10-3c4e-5f60-8a71-92b3c4d5e6f7")
        #expect(Self.text(link["uri"]) == "https://case.example.org/CFItems/5d2b")
        #expect(Self.text(link["title"]) == "Argument")
        // RES has no CASE item, style no competency.
        #expect(criteria[1]["CFItemURI"] == nil && criteria[2]["CFItemURI"] == nil)
        let unframed = CASERubric.json(try Self.rubric(), framework: nil, lastChange: Self.changed)
        #expect(!unframed.encoded.contains("CFItemURI"))
    }

    @Test func identifiersAreTheSameForAVersionAndNewForTheNext() throws {
        let first = CASERubric.json(try Self.rubric(), framework: Self.framework, lastChange: Self.changed).encoded
        #expect(first == CASERubric.json(try Self.rubric(), framework: Self.framework, lastChange: Self.changed).encoded)
        let next = CASERubric.json(try Self.rubric(version: 4), framework: Self.framework, lastChange: Self.changed).encoded
        let identifiers = { (text: String) -> Set<String> in
            Set(text.split(separator: "\"").filter { $0.count == 36 && $0.filter { $0 == "-" }.count == 4 }.map(String.init))
        }
        // One rubric, 3 criteria, 12 levels, and the linked CASE item.
        #expect(identifiers(first).count == 17)
        #expect(identifiers(first).intersection(identifiers(next)) == ["5d2b7a10-3c4e-5f60-8a71-92b3c4d5e6f7"])
    }

    /// Every object has what CASE 1.1's JSON binding requires, nothing it does not define, and
    /// identifiers of the UUID form it asks for.
    @Test func keepsToTheCASEBinding() throws {
        let json = CASERubric.json(try Self.rubric(), framework: Self.framework, lastChange: Self.changed)
        func check(_ object: [String: JSONValue], required: [String], allowed: [String]) {
            #expect(required.allSatisfy { object[$0] != nil }, "missing one of \(required)")
            #expect(object.keys.allSatisfy(allowed.contains), "unexpected keys in \(object.keys.sorted())")
            for key in ["identifier", "rubricId", "rubricCriterionId"] {
                guard let value = Self.text(object[key]) else { continue }
                let characters = Array(value)
                #expect(characters.count == 36 && characters[14] == "5" && "89ab".contains(characters[19]) && value == value.lowercased())
            }
        }
        let top = try Self.fields(json)
        check(
            top, required: ["identifier", "uri", "lastChangeDateTime"],
            allowed: ["identifier", "uri", "title", "description", "lastChangeDateTime", "CFRubricCriteria", "extensions"])
        for criterion in try Self.array(top["CFRubricCriteria"]).map(Self.fields) {
            check(
                criterion, required: ["identifier", "uri", "lastChangeDateTime"],
                allowed: [
                    "identifier", "uri", "category", "description", "CFItemURI", "weight", "position", "rubricId", "lastChangeDateTime",
                    "CFRubricCriterionLevels", "extensions",
                ])
            for level in try Self.array(criterion["CFRubricCriterionLevels"]).map(Self.fields) {
                check(
                    level, required: ["identifier", "uri", "lastChangeDateTime"],
                    allowed: [
                        "identifier", "uri", "description", "quality", "score", "feedback", "position", "rubricCriterionId",
                        "lastChangeDateTime", "extensions",
                    ])
            }
        }
    }
}
