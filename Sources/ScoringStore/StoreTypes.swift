import ScoringCore

/// What recording one read did (SPEC section 6).
public enum RecordOutcome: Sendable, Equatable {
    /// A new read: the rater had no current read of this kind on this submission component.
    case recorded
    /// It replaced the rater's current read, which stays in the history.
    case corrected(previous: Read)
    /// It says what the current read already says; nothing changed.
    case unchanged(current: Read)

    public var name: String {
        switch self {
        case .recorded: return "recorded"
        case .corrected: return "corrected"
        case .unchanged: return "unchanged"
        }
    }

    /// What recording `read` does to a slot whose current read is `current`: the one rule of
    /// every recording, on both engines (`score`, `import scores`, `import store`).
    public static func of(_ read: Read, current: Read?) -> RecordOutcome {
        guard let current else { return .recorded }
        return current.says(sameAs: read) ? .unchanged(current: current) : .corrected(previous: current)
    }
}

/// Roster entries a batch of reads may add on the way (`import scores --add-missing`).
public struct RosterAdditions: Sendable {
    public var students: [String] = []
    public var raters: [String] = []

    public init(students: [String] = [], raters: [String] = []) {
        self.students = students
        self.raters = raters
    }
}

/// What a roster command did.
public enum RosterOutcome: String, Sendable {
    case added
    case updated
    case unchanged
}

/// The rosters ids come from.
public enum Roster: String, Sendable {
    case student
    case rater
}

/// Which reads a listing wants.
public struct ReadFilter: Sendable {
    public var task: String?
    public var student: String?
    public var rater: String?
    public var component: String?
    public var kinds: Set<ReadKind>?
    public var session: String?

    public init(
        task: String? = nil, student: String? = nil, rater: String? = nil, component: String? = nil,
        kinds: Set<ReadKind>? = nil, session: String? = nil
    ) {
        self.task = task
        self.student = student
        self.rater = rater
        self.component = component
        self.kinds = kinds
        self.session = session
    }
}

/// What `import students` did.
public struct StudentsImportSummary: Sendable, Equatable {
    public var file: String
    public var rows: Int
    public var added: Int
    public var updated: Int
    public var unchanged: Int
}
