import Yams

/// The competencies a graduate must show and how evidence of each rolls up (SPEC section 4).
public struct CompetencyFramework: Sendable, Equatable {
    public var name: String
    public var method: RollupMethod
    public var weight: Double
    public var times: Int
    public var competencies: [Competency]
    public var file: String

    public init(
        name: String, method: RollupMethod = .decayingAverage, weight: Double = 0.65, times: Int = 2,
        competencies: [Competency], file: String = ""
    ) {
        self.name = name
        self.method = method
        self.weight = weight
        self.times = times
        self.competencies = competencies
        self.file = file
    }

    public func competency(_ id: String) -> Competency? {
        competencies.first { $0.id == id }
    }

    /// The roll-up rule a competency uses: its own overrides, else the framework's defaults.
    public func rule(for competency: Competency) -> RollupRule {
        RollupRule(
            method: competency.method ?? method, weight: competency.weight ?? weight, times: competency.times ?? times,
            proficientAt: competency.proficientAt)
    }

    /// Reads `TaskBank/competencies.yaml`.
    ///
    /// - Throws: `ContentError` naming the line and the first problem found.
    public static func parse(_ text: String, file: String) throws -> CompetencyFramework {
        let root = try YAMLFields.document(text, file: file, context: "the framework")
        try root.requireOnly(["framework", "method", "weight", "times", "competencies"])
        let name = try root.string("framework")?.trimmingWhitespace ?? "Competencies"
        let method = try parseMethod(root) ?? .decayingAverage
        let weight = try parseWeight(root) ?? 0.65
        let times = try parseTimes(root) ?? 2
        guard let nodes = try root.sequence("competencies") else {
            throw root.error("the framework has no 'competencies'", at: nil)
        }
        var competencies: [Competency] = []
        for node in nodes {
            let fields = try YAMLFields.mapping(node, file: file, context: "a competency")
            try fields.requireOnly(["id", "name", "proficient_at", "required", "method", "weight", "times"])
            let id = try fields.requiredString("id")
            if let problem = Identifier.problem(with: id, kind: "competency", contentStyle: false) {
                throw fields.error(problem, at: fields.lineOf("id"))
            }
            if competencies.contains(where: { $0.id == id }) {
                throw fields.error("competency id '\(id)' is used twice", at: fields.lineOf("id"))
            }
            guard let proficientAt = try fields.number("proficient_at") else {
                throw fields.error("competency '\(id)' has no 'proficient_at'", at: nil)
            }
            competencies.append(
                Competency(
                    id: id, name: try fields.string("name")?.trimmingWhitespace ?? id, proficientAt: proficientAt,
                    required: try fields.bool("required") ?? false, method: try parseMethod(fields),
                    weight: try parseWeight(fields), times: try parseTimes(fields)))
        }
        return CompetencyFramework(
            name: name, method: method, weight: weight, times: times, competencies: competencies, file: file)
    }

    private static func parseMethod(_ fields: YAMLFields) throws -> RollupMethod? {
        guard let text = try fields.string("method")?.trimmingWhitespace else { return nil }
        guard let method = RollupMethod(rawValue: text) else {
            let methods = RollupMethod.allCases.map(\.rawValue)
            var message = "method '\(Quoting.visible(text))' is not one of \(methods.joined(separator: ", "))"
            if let near = Suggestion.nearest(to: text, among: methods) { message += "; did you mean '\(near)'?" }
            throw fields.error(message, at: fields.lineOf("method"))
        }
        return method
    }

    private static func parseWeight(_ fields: YAMLFields) throws -> Double? {
        guard let weight = try fields.number("weight") else { return nil }
        if weight < 0 || weight > 1 {
            throw fields.error("weight must be between 0 and 1, not \(Format.number(weight))", at: fields.lineOf("weight"))
        }
        return weight
    }

    private static func parseTimes(_ fields: YAMLFields) throws -> Int? {
        guard let times = try fields.integer("times") else { return nil }
        if times < 1 { throw fields.error("times must be at least 1, not \(times)", at: fields.lineOf("times")) }
        return times
    }
}

/// One competency of the framework.
public struct Competency: Sendable, Equatable {
    public var id: String
    public var name: String
    public var proficientAt: Double
    /// Whether a graduate must be proficient in it.
    public var required: Bool
    public var method: RollupMethod?
    public var weight: Double?
    public var times: Int?

    public init(
        id: String, name: String, proficientAt: Double, required: Bool = false, method: RollupMethod? = nil,
        weight: Double? = nil, times: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.proficientAt = proficientAt
        self.required = required
        self.method = method
        self.weight = weight
        self.times = times
    }
}

/// How a student's evidence for a competency rolls up into one value (SPEC section 9).
public enum RollupMethod: String, Sendable, CaseIterable {
    case mostRecent = "most-recent"
    case highest
    case mean
    case weightedAverage = "weighted-average"
    case decayingAverage = "decaying-average"
    case nTimes = "n-times"
}

/// A roll-up method with its parameters resolved.
public struct RollupRule: Sendable, Equatable {
    public var method: RollupMethod
    public var weight: Double
    public var times: Int
    public var proficientAt: Double

    public init(method: RollupMethod, weight: Double = 0.65, times: Int = 2, proficientAt: Double) {
        self.method = method
        self.weight = weight
        self.times = times
        self.proficientAt = proficientAt
    }

    /// What proficiency asks under this rule, in words: `a value of 3 or more`, or for
    /// `n-times`, `2 scores of 3 or more`.
    public var requirement: String {
        let cut = Format.number(proficientAt)
        return method == .nTimes ? "\(Format.count(times, "score")) of \(cut) or more" : "a value of \(cut) or more"
    }
}
