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

    /// The task, or `task/component` for a component other than the main one, as messages name it.
    public var partName: String { component == AssessmentTask.mainComponent ? task : "\(task)/\(component)" }
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
/// draws of the plans, so that the store can choose and hand out the work in one transaction
/// no other shell can interleave with.
public struct AssignmentRequest: Sendable {
    public var rater: String
    /// The rater's school: work of a student there is never theirs.
    public var school: String?
    /// The task components to look in (those of rubrics the rater is not locked out of), oldest
    /// work first across them.
    public var parts: [WorkPart]
    /// The code for the rater's `sequence`-th assignment on `task`, `attempt` counting codes
    /// already taken.
    public var code: @Sendable (_ task: String, _ sequence: Int, _ attempt: Int) -> String
    /// Whether the rater's `sequence`-th assignment, on `task`, is a validity paper (when live
    /// work remains there and a paper is left).
    public var validity: @Sendable (_ task: String, _ sequence: Int) -> Bool
    /// Orders validity papers for this rater: the smallest key comes first.
    public var paperOrder: @Sendable (Submission) -> UInt64
    public var now: Timestamp
    /// Lease of each task, in seconds.
    public var lease: [String: Int]

    public init(
        rater: String, school: String?, parts: [WorkPart], code: @escaping @Sendable (String, Int, Int) -> String,
        validity: @escaping @Sendable (String, Int) -> Bool, paperOrder: @escaping @Sendable (Submission) -> UInt64, now: Timestamp,
        lease: [String: Int]
    ) {
        self.rater = rater
        self.school = school
        self.parts = parts
        self.code = code
        self.validity = validity
        self.paperOrder = paperOrder
        self.now = now
        self.lease = lease
    }
}

/// A task component work may come from.
public struct WorkPart: Hashable, Sendable {
    public var task: String
    public var component: String

    public init(task: String, component: String) {
        self.task = task
        self.component = component
    }
}

/// What `next --backread` asks the store for: a lead, whose reads to look at, and the plan's
/// draw of which reads are offered for backreading.
public struct BackreadRequest: Sendable {
    public var lead: String
    /// Only this rater's reads; nil for every rater's.
    public var rater: String?
    public var parts: [WorkPart]
    /// Whether the read with this id is one of those offered for backreading on `task`.
    public var offered: @Sendable (_ task: String, _ read: Int64) -> Bool
    public var code: @Sendable (_ task: String, _ sequence: Int, _ attempt: Int) -> String
    public var now: Timestamp
    public var lease: [String: Int]

    public init(
        lead: String, rater: String?, parts: [WorkPart], offered: @escaping @Sendable (String, Int64) -> Bool,
        code: @escaping @Sendable (String, Int, Int) -> String, now: Timestamp, lease: [String: Int]
    ) {
        self.lead = lead
        self.rater = rater
        self.parts = parts
        self.offered = offered
        self.code = code
        self.now = now
        self.lease = lease
    }
}

/// A rater's validity read next to the master it is checked against.
public struct ValidityRead: Sendable, Equatable {
    public var rater: String
    public var task: String
    public var component: String
    public var student: String
    public var rubric: String
    public var scoredAt: Timestamp
    /// Each criterion's score and the master's, in the read's order.
    public var pairs: [CriterionPair]

    public struct CriterionPair: Sendable, Equatable {
        public var criterion: String
        public var score: Int
        public var master: Int

        public init(criterion: String, score: Int, master: Int) {
            self.criterion = criterion
            self.score = score
            self.master = master
        }
    }

    public init(rater: String, task: String, component: String, student: String, rubric: String, scoredAt: Timestamp, pairs: [CriterionPair]) {
        self.rater = rater
        self.task = task
        self.component = component
        self.student = student
        self.rubric = rubric
        self.scoredAt = scoredAt
        self.pairs = pairs
    }
}

/// A lead's decision to let a locked-out rater score a rubric again.
public struct Reinstatement: Sendable, Equatable {
    public var rater: String
    public var rubric: String
    public var reason: String
    public var by: String?
    public var at: Timestamp

    public init(rater: String, rubric: String, reason: String, by: String?, at: Timestamp) {
        self.rater = rater
        self.rubric = rubric
        self.reason = reason
        self.by = by
        self.at = at
    }
}
