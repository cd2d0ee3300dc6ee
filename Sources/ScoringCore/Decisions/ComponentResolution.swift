/// Where one submission component stands after applying its rubric's resolution and decision
/// rules to its current reads (SPEC section 9). Build one with `resolve(_:rubric:)`.
public struct ComponentResolution: Sendable, Equatable {
    public var status: ResolutionStatus
    /// How a decided component was decided; nil while it is not.
    public var basis: ResolutionBasis?
    /// The rubric's criterion ids, in rubric order; `finals` runs parallel to it.
    public var criteria: [String]
    /// Each criterion's final score, parallel to `criteria`; nil unless decided with scores.
    public var finals: [Double]?
    /// The weighted mean of `finals` by the rubric's weights; nil unless decided with scores.
    public var score: Double?
    /// Nil until decided; false when decided by a condition code.
    public var proficient: Bool?
    /// The performance-level label of `score`; nil when there is no score or no level reaches it.
    public var level: String?
    /// The condition code a decided component was decided by; nil when it has scores.
    public var code: ConditionCode?
    /// Current reads of kind `read` that counted.
    public var reads: Int
    /// Current backreads: reported, never used.
    public var backreads: Int
    /// Reads of kind `read` or `adjudication` left out because their scores do not cover every
    /// criterion of the rubric (a read given under another rubric version, say).
    public var unusableReads: Int
    /// The earliest `scoredAt` among the counted reads of kind `read`, SPEC's "first read" of
    /// the component: the date of any evidence it gives, also when an adjudicator decided it.
    /// Adjudication reads and backreads never move it. Nil when no `read` read counted.
    public var firstScoredAt: Timestamp?

    /// A resolution as given, unchecked; `resolve(_:rubric:)` is the way to compute one.
    public init(
        status: ResolutionStatus, basis: ResolutionBasis? = nil, criteria: [String], finals: [Double]? = nil,
        score: Double? = nil, proficient: Bool? = nil, level: String? = nil, code: ConditionCode? = nil,
        reads: Int = 0, backreads: Int = 0, unusableReads: Int = 0, firstScoredAt: Timestamp? = nil
    ) {
        self.status = status
        self.basis = basis
        self.criteria = criteria
        self.finals = finals
        self.score = score
        self.proficient = proficient
        self.level = level
        self.code = code
        self.reads = reads
        self.backreads = backreads
        self.unusableReads = unusableReads
        self.firstScoredAt = firstScoredAt
    }

    /// The resolution of a component whose rubric is missing: `incomplete`, with no criteria.
    public static let withoutRubric = ComponentResolution(status: .incomplete, criteria: [])

    /// An `incomplete` component with no reads at all.
    public static func unread(rubric: Rubric) -> ComponentResolution {
        ComponentResolution(status: .incomplete, criteria: rubric.criteria.map(\.id))
    }

    /// The final score of `criterion`; nil when it is not one of the rubric's criteria or the
    /// component has no final scores.
    public func finalScore(for criterion: String) -> Double? {
        guard let finals, let index = criteria.firstIndex(of: criterion), index < finals.count else { return nil }
        return finals[index]
    }

    /// The final scores keyed by criterion; empty unless decided with scores.
    public var finalScores: [String: Double] {
        guard let finals else { return [:] }
        return Dictionary(zip(criteria, finals), uniquingKeysWith: { _, last in last })
    }
}

/// How a decided component was decided.
public enum ResolutionBasis: String, Sendable, CaseIterable {
    /// Each final score is the mean of the `read` reads, which did not disagree too much.
    case meanOfReads = "mean-of-reads"
    /// The reads disagreed (or gave condition codes that did not all agree) and the latest
    /// adjudication read decided.
    case adjudication
    /// Every `read` read gave the same condition code.
    case agreeingCodes = "agreeing-codes"
}
