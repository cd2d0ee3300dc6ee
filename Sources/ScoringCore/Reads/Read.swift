/// One rater's complete set of criterion scores for one component of one student's submission
/// for a task (SPEC section 6).
public struct Read: Sendable, Equatable {
    public var student: String
    public var task: String
    public var component: String
    public var rater: String
    public var kind: ReadKind
    /// The calibration session a `calibration` read was given in.
    public var session: String?
    /// One score per criterion, in rubric order; empty when the read carries a condition code.
    public var scores: [CriterionScore]
    /// Why the work could not be scored, instead of scores.
    public var code: ConditionCode?
    /// When the rater gave the read.
    public var scoredAt: Timestamp
    public var note: String?
    /// The rubric and version the read was given under; set when it is recorded.
    public var rubric: String
    public var rubricVersion: Int
    /// The store's row id and when the row was written, for reads that come from the store.
    public var id: Int64?
    public var recordedAt: Timestamp?
    /// Whether this is the rater's current read (false: a later correction replaced it).
    public var isCurrent: Bool
    /// The read this one corrected.
    public var replaces: Int64?

    public init(
        student: String, task: String, component: String = AssessmentTask.mainComponent, rater: String,
        kind: ReadKind = .read, session: String? = nil, scores: [CriterionScore], scoredAt: Timestamp,
        note: String? = nil, rubric: String, rubricVersion: Int, id: Int64? = nil, recordedAt: Timestamp? = nil,
        isCurrent: Bool = true, replaces: Int64? = nil, code: ConditionCode? = nil
    ) {
        self.code = code
        self.student = student
        self.task = task
        self.component = component
        self.rater = rater
        self.kind = kind
        self.session = session
        self.scores = scores
        self.scoredAt = scoredAt
        self.note = note
        self.rubric = rubric
        self.rubricVersion = rubricVersion
        self.id = id
        self.recordedAt = recordedAt
        self.isCurrent = isCurrent
        self.replaces = replaces
    }

    /// The submission component and rater slot a read fills: a new read with the same key is a
    /// correction of the current one.
    public var key: ReadKey {
        ReadKey(student: student, task: task, component: component, rater: rater, kind: kind, session: session)
    }

    /// Whether `other` says the same thing, so recording it changes nothing. When it was given
    /// (`scoredAt`) does not count: re-importing a file without timestamps is not a correction.
    public func says(sameAs other: Read) -> Bool {
        scores == other.scores && code == other.code && note == other.note && rubric == other.rubric && rubricVersion == other.rubricVersion
    }

    public func score(for criterion: String) -> Int? {
        scores.first { $0.criterion == criterion }?.score
    }
}

/// Identifies the slot a read fills; see `Read.key`.
public struct ReadKey: Hashable, Sendable {
    public var student: String
    public var task: String
    public var component: String
    public var rater: String
    public var kind: ReadKind
    public var session: String?

    public init(student: String, task: String, component: String, rater: String, kind: ReadKind, session: String?) {
        self.student = student
        self.task = task
        self.component = component
        self.rater = rater
        self.kind = kind
        self.session = session
    }
}
