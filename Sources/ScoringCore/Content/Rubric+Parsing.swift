import Yams

extension Rubric {
    /// Reads a rubric file and checks it against SPEC section 2.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the path to name in messages, e.g. `Rubrics/argumentative-writing.yaml`.
    ///   - expectedID: the file's name without `.yaml`, which the `id` must equal.
    ///   - competencies: the framework's competency ids, or nil when there is no framework to
    ///     check `competency:` references against.
    /// - Returns: the rubric.
    /// - Throws: `ContentError` naming the line and the first problem found.
    public static func parse(
        _ text: String, file: String, expectedID: String, competencies: Set<String>?
    ) throws -> Rubric {
        let root = try YAMLFields.document(text, file: file, context: "the rubric")
        try root.requireOnly(["id", "title", "version", "scale", "criteria", "decision", "resolution", "calibration"])

        let id = try root.requiredString("id")
        if let problem = Identifier.problem(with: id, kind: "rubric", contentStyle: true) {
            throw root.error(problem, at: root.lineOf("id"))
        }
        if id != expectedID {
            throw root.error("id '\(id)' does not match the file name '\(expectedID).yaml'", at: root.lineOf("id"))
        }
        let title = try root.requiredString("title")
        guard let version = try root.integer("version") else { throw root.error("the rubric has no 'version'", at: nil) }
        if version < 1 { throw root.error("version must be a positive whole number, not \(version)", at: root.lineOf("version")) }

        let scale = try parseScale(root)
        let scores = Set(scale.map(\.score))
        let criteria = try parseCriteria(root, scores: scores, competencies: competencies)
        let decision = try parseDecision(root, scale: scale)
        let resolution = try parseResolution(root)
        let calibration = try parseCalibration(root, levels: scale.count)

        return Rubric(
            id: id, title: title, version: version, scale: scale, criteria: criteria, decision: decision,
            resolution: resolution, calibration: calibration, file: file, source: text)
    }

    private static func parseScale(_ root: YAMLFields) throws -> [ScaleLevel] {
        guard let nodes = try root.sequence("scale") else { throw root.error("the rubric has no 'scale'", at: nil) }
        if nodes.isEmpty { throw root.error("the scale is empty", at: root.lineOf("scale")) }
        var levels: [ScaleLevel] = []
        for node in nodes {
            let level = try YAMLFields.mapping(node, file: root.file, context: "a scale level")
            try level.requireOnly(["score", "label"])
            guard let score = try level.integer("score") else { throw level.error("a scale level has no 'score'", at: nil) }
            let label = try level.requiredString("label")
            guard ScaleLevel.scores.contains(score) else {
                throw level.error(
                    "scale score \(score) is outside \(ScaleLevel.scores.lowerBound) to \(ScaleLevel.scores.upperBound), the range scores may use",
                    at: level.lineOf("score"))
            }
            if let previous = levels.last, score <= previous.score {
                let problem = score == previous.score ? "appears twice" : "comes after \(previous.score)"
                throw level.error("scale scores must ascend: \(score) \(problem)", at: level.lineOf("score"))
            }
            levels.append(ScaleLevel(score: score, label: label))
        }
        if levels.count < 2 {
            throw root.error("the scale needs at least two levels", at: root.lineOf("scale"))
        }
        return levels
    }

    private static func parseCriteria(
        _ root: YAMLFields, scores: Set<Int>, competencies: Set<String>?
    ) throws -> [Criterion] {
        guard let nodes = try root.sequence("criteria") else { throw root.error("the rubric has no 'criteria'", at: nil) }
        if nodes.isEmpty { throw root.error("the rubric has no criteria", at: root.lineOf("criteria")) }
        var criteria: [Criterion] = []
        for node in nodes {
            let fields = try YAMLFields.mapping(node, file: root.file, context: "a criterion")
            try fields.requireOnly(["id", "name", "weight", "competency", "descriptors"])
            let id = try fields.requiredString("id")
            if let problem = Identifier.problem(with: id, kind: "criterion", contentStyle: true) {
                throw fields.error(problem, at: fields.lineOf("id"))
            }
            if criteria.contains(where: { $0.id == id }) {
                throw fields.error("criterion id '\(id)' is used twice", at: fields.lineOf("id"))
            }
            let name = try fields.requiredString("name")
            let weight = try fields.number("weight") ?? 1
            if weight <= 0 || weight > ScaleLevel.maximumWeight {
                throw fields.error(
                    "criterion '\(id)' has weight \(Format.number(weight)); weights must be greater than 0 and at most \(Format.number(ScaleLevel.maximumWeight))",
                    at: fields.lineOf("weight"))
            }
            let competency = try fields.string("competency")?.trimmingWhitespace
            if let competency {
                if let problem = Identifier.problem(with: competency, kind: "competency", contentStyle: false) {
                    throw fields.error(problem, at: fields.lineOf("competency"))
                }
                if let competencies, !competencies.contains(competency) {
                    var message = "criterion '\(id)' names competency '\(competency)', which is not in the framework"
                    if let near = Suggestion.nearest(to: competency, among: competencies) { message += "; did you mean '\(near)'?" }
                    throw fields.error(message, at: fields.lineOf("competency"))
                }
            }
            var descriptors: [Int: String] = [:]
            if let table = try fields.mapping("descriptors", context: "the descriptors of '\(id)'") {
                for entry in table.entries {
                    guard let score = Int(entry.key.trimmingWhitespace) else {
                        throw table.error("descriptor key '\(Quoting.visible(entry.key))' of '\(id)' is not a scale score", at: entry.line)
                    }
                    guard scores.contains(score) else {
                        throw table.error("criterion '\(id)' has a descriptor for level \(score), which is not in the scale", at: entry.line)
                    }
                    guard case .scalar(let text) = entry.value else {
                        throw table.error("the descriptor for level \(score) of '\(id)' must be text", at: entry.line)
                    }
                    if descriptors[score] != nil {
                        throw table.error("criterion '\(id)' has two descriptors for level \(score)", at: entry.line)
                    }
                    descriptors[score] = text.string.trimmingWhitespace
                }
            }
            criteria.append(Criterion(id: id, name: name, weight: weight, competency: competency, descriptors: descriptors))
        }
        return criteria
    }

    private static func parseDecision(_ root: YAMLFields, scale: [ScaleLevel]) throws -> DecisionRule {
        guard let fields = try root.mapping("decision", context: "the decision section") else {
            throw root.error("the rubric has no 'decision' section with 'proficient_at'", at: nil)
        }
        try fields.requireOnly(["proficient_at", "floor", "levels"])
        let low = scale.first!.score, high = scale.last!.score
        guard let proficientAt = try fields.number("proficient_at") else {
            throw fields.error("the decision section has no 'proficient_at'", at: nil)
        }
        if proficientAt < Double(low) || proficientAt > Double(high) {
            throw fields.error("proficient_at \(Format.number(proficientAt)) is outside the scale (\(low)-\(high))", at: fields.lineOf("proficient_at"))
        }
        let floor = try fields.integer("floor")
        if let floor, floor < low || floor > high {
            throw fields.error("floor \(floor) is outside the scale (\(low)-\(high))", at: fields.lineOf("floor"))
        }
        var levels: [PerformanceLevel] = []
        for node in try fields.sequence("levels") ?? [] {
            let level = try YAMLFields.mapping(node, file: root.file, context: "a performance level")
            try level.requireOnly(["at", "label"])
            guard let at = try level.number("at") else { throw level.error("a performance level has no 'at'", at: nil) }
            let label = try level.requiredString("label")
            if levels.contains(where: { $0.at == at }) {
                throw level.error("two performance levels start at \(Format.number(at))", at: level.lineOf("at"))
            }
            levels.append(PerformanceLevel(at: at, label: label))
        }
        return DecisionRule(proficientAt: proficientAt, floor: floor, levels: levels)
    }

    private static func parseResolution(_ root: YAMLFields) throws -> ResolutionRule {
        guard let fields = try root.mapping("resolution", context: "the resolution section") else { return ResolutionRule() }
        try fields.requireOnly(["reads", "adjudicate_at"])
        let reads = try fields.integer("reads") ?? 2
        if reads < 1 || reads > 9 {
            throw fields.error("reads must be between 1 and 9, not \(reads)", at: fields.lineOf("reads"))
        }
        let adjudicateAt = try fields.integer("adjudicate_at") ?? 2
        if adjudicateAt < 1 {
            throw fields.error("adjudicate_at must be at least 1, not \(adjudicateAt)", at: fields.lineOf("adjudicate_at"))
        }
        return ResolutionRule(reads: reads, adjudicateAt: adjudicateAt)
    }

    private static func parseCalibration(_ root: YAMLFields, levels: Int) throws -> CalibrationThresholds {
        var thresholds = CalibrationThresholds.defaults(levels: levels)
        guard let fields = try root.mapping("calibration", context: "the calibration section") else { return thresholds }
        try fields.requireOnly(["exact", "within_one", "required"])
        for (key, path) in [("exact", \CalibrationThresholds.exact), ("within_one", \.withinOne)] {
            guard let value = try fields.number(key) else { continue }
            if value < 0 || value > 1 {
                throw fields.error("\(key) must be a share between 0 and 1, not \(Format.number(value))", at: fields.lineOf(key))
            }
            thresholds[keyPath: path] = value
        }
        thresholds.required = try fields.bool("required") ?? false
        return thresholds
    }
}
