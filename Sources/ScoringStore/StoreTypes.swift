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
/// Reads to record, handed out a batch at a time (an import of millions never holds them all),
/// with what recording them needs to know up front.
public struct ReadBatches {
    /// How many reads the batches hold in all.
    public var count: Int
    /// The tasks and rubric versions of the reads.
    public var tasks: Set<String>
    public var rubricVersions: Set<RubricVersionKey>
    /// The next batch; empty once every read was handed out.
    public var next: () throws -> [Read]

    public init(count: Int, tasks: Set<String>, rubricVersions: Set<RubricVersionKey>, next: @escaping () throws -> [Read]) {
        self.count = count
        self.tasks = tasks
        self.rubricVersions = rubricVersions
        self.next = next
    }
}

/// How many reads a recording found new, corrected and unchanged.
public struct RecordCounts: Sendable, Equatable {
    public var recorded = 0
    public var corrected = 0
    public var unchanged = 0

    public init() {}

    public mutating func add(_ outcome: RecordOutcome) {
        switch outcome {
        case .recorded: recorded += 1
        case .corrected: corrected += 1
        case .unchanged: unchanged += 1
        }
    }
}

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
