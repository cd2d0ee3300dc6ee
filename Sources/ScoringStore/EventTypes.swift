import ScoringCore

/// One stored piece of student work (SPEC 11): a submission component's text, or a file kept
/// by path, size and SHA-256.
public struct Submission: Sendable, Equatable {
    public var task: String
    public var component: String
    public var student: String
    /// When the work was stored: the queue serves the oldest first.
    public var storedAt: Timestamp
    public var content: Content
    /// Independent reads the scoring plan gives this component.
    public var plannedReads: Int

    public enum Content: Sendable, Equatable {
        /// A UTF-8 text of up to 1 MB, kept in the store.
        case text(String)
        /// Any other file, kept where it is.
        case file(path: String, size: Int64, sha256: String)
    }

    public init(task: String, component: String, student: String, storedAt: Timestamp, content: Content, plannedReads: Int) {
        self.task = task
        self.component = component
        self.student = student
        self.storedAt = storedAt
        self.content = content
        self.plannedReads = plannedReads
    }
}

/// A piece of work given to a rater by `next` (SPEC 11), known to them only by its code.
public struct Assignment: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Live work: an operational read.
        case live
        /// A validity paper: an anchor shown like live work, scored against its master.
        case validity
        /// A lead's backread of another rater's read.
        case backread
    }

    public enum Status: String, Sendable {
        case open
        case scored
        case skipped
    }

    public var code: String
    public var rater: String
    public var task: String
    public var component: String
    public var student: String
    public var kind: Kind
    /// The read a backread is of.
    public var readID: Int64?
    public var issuedAt: Timestamp
    public var expiresAt: Timestamp
    public var status: Status
    /// When it was scored or skipped.
    public var closedAt: Timestamp?
    /// Why it was skipped.
    public var reason: String?
    /// The read that scored it.
    public var scoredRead: Int64?
    /// The rater's how-manyth assignment this is (from 1), across tasks: what their draws use.
    public var sequence: Int

    public init(
        code: String, rater: String, task: String, component: String, student: String, kind: Kind, readID: Int64? = nil,
        issuedAt: Timestamp, expiresAt: Timestamp, status: Status = .open, closedAt: Timestamp? = nil, reason: String? = nil,
        scoredRead: Int64? = nil, sequence: Int
    ) {
        self.code = code
        self.rater = rater
        self.task = task
        self.component = component
        self.student = student
        self.kind = kind
        self.readID = readID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.status = status
        self.closedAt = closedAt
        self.reason = reason
        self.scoredRead = scoredRead
        self.sequence = sequence
    }

    /// Still the rater's: open and within its lease.
    public func isOpen(at time: Timestamp) -> Bool { status == .open && time < expiresAt }
}

/// What `next` asks the store for, decided by the service: the rater, where to look, and the
/// draws of the plan, so that the store can choose and hand out the work in one transaction.
public struct AssignmentRequest: Sendable {
    public var rater: String
    /// The rater's school: work of a student there is never theirs.
    public var school: String?
    /// The tasks to look in, oldest work first across them.
    public var tasks: [String]
    /// The code to give the work (the store draws another through `nextCode` if it is taken).
    public var code: String
    /// Further codes to try, in order, should `code` be taken.
    public var nextCode: @Sendable (Int) -> String
    /// Whether this assignment should be a validity paper, if live work remains and a paper is left.
    public var validity: Bool
    /// Orders validity papers for this rater: the smallest key comes first.
    public var paperOrder: @Sendable (Submission) -> UInt64
    public var now: Timestamp
    /// Lease of each task, in seconds.
    public var lease: [String: Int]

    public init(
        rater: String, school: String?, tasks: [String], code: String, nextCode: @escaping @Sendable (Int) -> String,
        validity: Bool, paperOrder: @escaping @Sendable (Submission) -> UInt64, now: Timestamp, lease: [String: Int]
    ) {
        self.rater = rater
        self.school = school
        self.tasks = tasks
        self.code = code
        self.nextCode = nextCode
        self.validity = validity
        self.paperOrder = paperOrder
        self.now = now
        self.lease = lease
    }
}
