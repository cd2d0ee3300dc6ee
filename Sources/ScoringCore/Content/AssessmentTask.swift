import Yams

/// A performance task, portfolio or capstone in the task bank (SPEC section 3).
public struct AssessmentTask: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case performanceTask = "performance-task"
        case portfolio
        case capstone
    }

    public var id: String
    public var title: String
    public var kind: Kind
    public var subject: String?
    public var grades: String?
    public var prompt: String?
    /// The parts scored separately; a single-part task has one component, `main`.
    public var components: [Component]
    /// How many components must be proficient for the task to be.
    public var require: Int
    /// How a scoring event scores it (the `scoring` section; SPEC 11's defaults without one).
    public var plan: ScoringPlan
    public var file: String

    /// The id of the only component of a task given with a single `rubric`.
    public static let mainComponent = "main"

    public struct Component: Sendable, Equatable {
        public var id: String
        public var rubric: String

        public init(id: String, rubric: String) {
            self.id = id
            self.rubric = rubric
        }
    }

    public init(
        id: String, title: String, kind: Kind, subject: String? = nil, grades: String? = nil, prompt: String? = nil,
        components: [Component], require: Int? = nil, plan: ScoringPlan = ScoringPlan(), file: String = ""
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.subject = subject
        self.grades = grades
        self.prompt = prompt
        self.components = components
        self.require = require ?? components.count
        self.plan = plan
        self.file = file
    }

    /// Whether the task was given with a single `rubric` rather than `components`.
    public var isSinglePart: Bool {
        components.count == 1 && components[0].id == Self.mainComponent
    }

    public func component(_ id: String) -> Component? {
        components.first { $0.id == id }
    }

    /// Reads a task file and checks it against SPEC section 3.
    ///
    /// - Parameters:
    ///   - rubrics: the ids of the rubrics that loaded, which components may use.
    ///   - rejectedRubrics: rubrics that exist but were rejected, with why, for a better message.
    /// - Throws: `ContentError` naming the line and the first problem found.
    public static func parse(
        _ text: String, file: String, expectedID: String, rubrics: Set<String>, rejectedRubrics: [String: ContentError] = [:]
    ) throws -> AssessmentTask {
        let root = try YAMLFields.document(text, file: file, context: "the task")
        try root.requireOnly(["id", "title", "kind", "subject", "grades", "rubric", "components", "require", "prompt", "scoring"])
        let id = try root.requiredString("id")
        if let problem = Identifier.problem(with: id, kind: "task", contentStyle: true) {
            throw root.error(problem, at: root.lineOf("id"))
        }
        if id != expectedID {
            throw root.error("id '\(id)' does not match the file name '\(expectedID).yaml'", at: root.lineOf("id"))
        }
        let title = try root.requiredString("title")
        let kindText = try root.requiredString("kind")
        guard let kind = Kind(rawValue: kindText) else {
            let kinds = Kind.allCases.map(\.rawValue)
            var message = "kind '\(Quoting.visible(kindText))' is not one of \(kinds.joined(separator: ", "))"
            if let near = Suggestion.nearest(to: kindText, among: kinds) { message += "; did you mean '\(near)'?" }
            throw root.error(message, at: root.lineOf("kind"))
        }

        func checkRubric(_ rubric: String, line: Int?) throws {
            if rubrics.contains(rubric) { return }
            if let rejected = rejectedRubrics[rubric] {
                throw root.error("rubric '\(rubric)' did not load (\(rejected))", at: line)
            }
            var message = "unknown rubric '\(Quoting.visible(rubric))'"
            if let near = Suggestion.nearest(to: rubric, among: rubrics) { message += "; did you mean '\(near)'?" }
            throw root.error(message, at: line)
        }

        let single = try root.string("rubric")?.trimmingWhitespace
        let componentNodes = try root.sequence("components")
        var components: [Component] = []
        switch (single, componentNodes) {
        case (nil, nil):
            throw root.error("the task needs either 'rubric' or 'components'", at: nil)
        case (.some, .some):
            throw root.error("the task has both 'rubric' and 'components'; give exactly one", at: root.lineOf("components"))
        case (let rubric?, nil):
            try checkRubric(rubric, line: root.lineOf("rubric"))
            components = [Component(id: mainComponent, rubric: rubric)]
        case (nil, let nodes?):
            if nodes.isEmpty { throw root.error("'components' is empty", at: root.lineOf("components")) }
            for node in nodes {
                let fields = try YAMLFields.mapping(node, file: file, context: "a component")
                try fields.requireOnly(["id", "rubric", "title"])
                let componentID = try fields.requiredString("id")
                if let problem = Identifier.problem(with: componentID, kind: "component", contentStyle: true) {
                    throw fields.error(problem, at: fields.lineOf("id"))
                }
                if components.contains(where: { $0.id == componentID }) {
                    throw fields.error("component id '\(componentID)' is used twice", at: fields.lineOf("id"))
                }
                let rubric = try fields.requiredString("rubric")
                try checkRubric(rubric, line: fields.lineOf("rubric"))
                components.append(Component(id: componentID, rubric: rubric))
            }
        }
        let require = try root.integer("require")
        if let require, require < 1 || require > components.count {
            throw root.error(
                "require \(require) is out of range: the task has \(components.count) component\(components.count == 1 ? "" : "s")",
                at: root.lineOf("require"))
        }
        return AssessmentTask(
            id: id, title: title, kind: kind, subject: try root.string("subject")?.trimmingWhitespace,
            grades: try root.string("grades")?.trimmingWhitespace, prompt: try root.string("prompt"),
            components: components, require: require, plan: try parsePlan(root), file: file)
    }

    /// The `scoring` section (SPEC 11), every value checked where it is written.
    private static func parsePlan(_ root: YAMLFields) throws -> ScoringPlan {
        var plan = ScoringPlan()
        guard let fields = try root.mapping("scoring", context: "the scoring section") else { return plan }
        try fields.requireOnly(["second_reads", "validity", "backreads", "lease", "lockout", "seed"])
        func share(_ key: String, in fields: YAMLFields) throws -> Double? {
            guard let value = try fields.number(key) else { return nil }
            if value < 0 || value > 1 {
                throw fields.error("\(key) must be a share between 0 and 1, not \(Format.number(value))", at: fields.lineOf(key))
            }
            return value
        }
        plan.secondReads = try share("second_reads", in: fields)
        plan.validity = try share("validity", in: fields) ?? plan.validity
        plan.backreads = try share("backreads", in: fields) ?? plan.backreads
        if let lease = try fields.string("lease") {
            guard let seconds = ScoringPlan.seconds(lease) else {
                throw fields.error("lease '\(Quoting.visible(lease))' is not a duration such as 30m, 2h or 90s (at most a week)", at: fields.lineOf("lease"))
            }
            plan.lease = seconds
        }
        if let lockout = try fields.mapping("lockout", context: "the lockout rule") {
            try lockout.requireOnly(["after", "exact", "within_one"])
            if let after = try lockout.integer("after") {
                guard (1...1000).contains(after) else {
                    throw lockout.error("after must be between 1 and 1000 validity reads, not \(after)", at: lockout.lineOf("after"))
                }
                plan.lockout.after = after
            }
            plan.lockout.exact = try share("exact", in: lockout) ?? plan.lockout.exact
            plan.lockout.withinOne = try share("within_one", in: lockout) ?? plan.lockout.withinOne
        }
        plan.seed = try fields.integer("seed") ?? plan.seed
        return plan
    }
}
