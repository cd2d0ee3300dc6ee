import Yams

/// The competencies a graduate must show and how evidence of each rolls up (SPEC section 4).
public struct CompetencyFramework: Sendable, Equatable {
    public var name: String
    public var method: RollupMethod
    public var weight: Double
    public var times: Int
    public var competencies: [Competency]
    /// The CASE document (`CFDocument`) the framework was imported from, so exports can align to
    /// it; nil for a framework written by hand.
    public var caseDocument: CASEReference?
    public var file: String

    public init(
        name: String, method: RollupMethod = .decayingAverage, weight: Double = 0.65, times: Int = 2,
        competencies: [Competency], caseDocument: CASEReference? = nil, file: String = ""
    ) {
        self.name = name
        self.method = method
        self.weight = weight
        self.times = times
        self.competencies = competencies
        self.caseDocument = caseDocument
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
        try root.requireOnly(["framework", "case", "method", "weight", "times", "competencies"])
        let name = try root.string("framework")?.trimmingWhitespace ?? "Competencies"
        let caseDocument = try parseCASE(root, keys: ["identifier", "uri", "title"])
        let method = try parseMethod(root) ?? .decayingAverage
        let weight = try parseWeight(root) ?? 0.65
        let times = try parseTimes(root) ?? 2
        guard let nodes = try root.sequence("competencies") else {
            throw root.error("the framework has no 'competencies'", at: nil)
        }
        var competencies: [Competency] = []
        var parentLines: [String: Int?] = [:]
        for node in nodes {
            let fields = try YAMLFields.mapping(node, file: file, context: "a competency")
            try fields.requireOnly(["id", "name", "proficient_at", "required", "method", "weight", "times", "parent", "case"])
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
            let parent = try fields.string("parent")?.trimmingWhitespace
            if parent != nil { parentLines[id] = fields.lineOf("parent") }
            competencies.append(
                Competency(
                    id: id, name: try fields.string("name")?.trimmingWhitespace ?? id, proficientAt: proficientAt,
                    required: try fields.bool("required") ?? false, method: try parseMethod(fields),
                    weight: try parseWeight(fields), times: try parseTimes(fields), parent: parent,
                    caseItem: try parseCASE(fields, keys: ["identifier", "uri"])))
        }
        let framework = CompetencyFramework(
            name: name, method: method, weight: weight, times: times, competencies: competencies, caseDocument: caseDocument,
            file: file)
        if let problem = framework.hierarchyProblem {
            throw ContentError(file: file, line: parentLines[problem.competency] ?? root.line, message: problem.message)
        }
        return framework
    }

    /// What is wrong with the `parent` links, if anything: a parent that is not in the framework,
    /// or a competency that is its own ancestor. The competency named is the one whose `parent`
    /// to fix.
    public var hierarchyProblem: (competency: String, message: String)? {
        let ids = competencies.map(\.id)
        let known = Set(ids)
        var parents: [String: String] = [:]
        for competency in competencies {
            guard let parent = competency.parent else { continue }
            if !known.contains(parent) {
                var message = "competency '\(competency.id)' has parent '\(Quoting.visible(parent))', which is not in the framework"
                if let near = Suggestion.nearest(to: parent, among: ids) { message += "; did you mean '\(near)'?" }
                return (competency.id, message)
            }
            parents[competency.id] = parent
        }
        if let cycle = Self.cycle(parents: parents, order: ids) {
            let path = cycle.joined(separator: " → ")
            return (cycle[0], "competency '\(cycle[0])' is its own ancestor (\(path)); a parent must lead up to a competency without one")
        }
        return nil
    }

    /// The first cycle among `parents` (child → parent), as the path from a competency on it back
    /// to itself (`A`, `B`, `A`), looking from each of `order` in turn; nil when every chain of
    /// parents ends.
    ///
    /// - Complexity: O(n) in the number of links.
    public static func cycle(parents: [String: String], order: [String]) -> [String]? {
        // 1: on the chain being followed; 2: known to end.
        var state: [String: Int] = [:]
        for start in order where state[start] == nil {
            var chain: [String] = []
            var current: String? = start
            while let node = current, state[node] == nil {
                state[node] = 1
                chain.append(node)
                current = parents[node]
            }
            if let node = current, state[node] == 1, let first = chain.firstIndex(of: node) {
                return Array(chain[first...]) + [node]
            }
            for node in chain { state[node] = 2 }
        }
        return nil
    }

    /// A `case: { identifier, uri[, title] }` mapping: both identifier and uri are needed for an
    /// export to align to the CASE object.
    private static func parseCASE(_ fields: YAMLFields, keys: [String]) throws -> CASEReference? {
        guard let mapping = try fields.mapping("case", context: "'case'") else { return nil }
        try mapping.requireOnly(keys)
        return CASEReference(
            identifier: try mapping.requiredString("identifier"), uri: try mapping.requiredString("uri"),
            title: keys.contains("title") ? try mapping.string("title")?.trimmingWhitespace : nil)
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
    /// The competency this one is part of, by id (a CASE `isChildOf` association).
    public var parent: String?
    /// The CASE item (`CFItem`) the competency was imported from.
    public var caseItem: CASEReference?

    public init(
        id: String, name: String, proficientAt: Double, required: Bool = false, method: RollupMethod? = nil,
        weight: Double? = nil, times: Int? = nil, parent: String? = nil, caseItem: CASEReference? = nil
    ) {
        self.id = id
        self.name = name
        self.proficientAt = proficientAt
        self.required = required
        self.method = method
        self.weight = weight
        self.times = times
        self.parent = parent
        self.caseItem = caseItem
    }
}

/// Where a framework or competency lives in 1EdTech CASE: the object's `identifier` (a UUID)
/// and `uri`, and for a document its `title`. Kept so that exports can align to it.
public struct CASEReference: Sendable, Equatable {
    public var identifier: String
    public var uri: String
    public var title: String?

    public init(identifier: String, uri: String, title: String? = nil) {
        self.identifier = identifier
        self.uri = uri
        self.title = title
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
