/// One student's roll-up for one competency (SPEC section 9's `proficiency` row, without the
/// ids).
public struct RollupResult: Sendable, Equatable {
    public var method: RollupMethod
    /// How many evidence values there were.
    public var evidence: Int
    /// The rolled-up value; nil when there is no evidence.
    public var value: Double?
    /// False when there is no evidence.
    public var proficient: Bool

    /// A result as given, unchecked; `RollupRule.rollUp` is the way to compute one.
    public init(method: RollupMethod, evidence: Int, value: Double?, proficient: Bool) {
        self.method = method
        self.evidence = evidence
        self.value = value
        self.proficient = proficient
    }

    /// Whether there was any evidence to roll up.
    public var hasEvidence: Bool { evidence > 0 }
}
