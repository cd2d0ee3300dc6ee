/// One current read of one submission component, as the decision engine needs it: who gave it,
/// what kind it is, what it says and when it was given.
public struct ComponentRead: Sendable, Equatable {
    public var rater: String
    public var kind: ReadKind
    public var outcome: ReadOutcome
    public var scoredAt: Timestamp

    /// A read of any kind with any outcome; nothing is checked here (`resolve` leaves out reads
    /// whose scores miss a criterion).
    public init(rater: String, kind: ReadKind = .read, outcome: ReadOutcome, scoredAt: Timestamp) {
        self.rater = rater
        self.kind = kind
        self.outcome = outcome
        self.scoredAt = scoredAt
    }

    /// A read that gives criterion scores.
    public init(rater: String, kind: ReadKind = .read, scores: [String: Int], scoredAt: Timestamp) {
        self.init(rater: rater, kind: kind, outcome: .scores(scores), scoredAt: scoredAt)
    }

    /// A read that gives a condition code instead of scores.
    public init(rater: String, kind: ReadKind = .read, code: ConditionCode, scoredAt: Timestamp) {
        self.init(rater: rater, kind: kind, outcome: .code(code), scoredAt: scoredAt)
    }

    /// The decision engine's view of a stored read: its scores keyed by criterion. A criterion
    /// listed twice keeps its last score.
    public init(_ read: Read) {
        var scores: [String: Int] = [:]
        scores.reserveCapacity(read.scores.count)
        for item in read.scores { scores[item.criterion] = item.score }
        self.init(rater: read.rater, kind: read.kind, outcome: .scores(scores), scoredAt: read.scoredAt)
    }
}

/// What a read says about a submission component: a score for each criterion, or a condition
/// code saying it could not be scored.
public enum ReadOutcome: Sendable, Equatable {
    case scores([String: Int])
    case code(ConditionCode)

    /// The code, or nil for a read with scores.
    public var code: ConditionCode? {
        if case .code(let code) = self { return code }
        return nil
    }
}
