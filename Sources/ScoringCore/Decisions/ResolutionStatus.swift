/// Where a submission component (or a whole task) stands on the way to a decision (SPEC
/// section 9). Ordered worst first: `incomplete` < `needsAdjudication` < `decided`, so the
/// status of several parts is their `min()`.
public enum ResolutionStatus: String, Sendable, CaseIterable, Comparable {
    /// Fewer reads of kind `read` than the rubric's `resolution.reads`.
    case incomplete
    /// The reads disagree too much (or on a condition code) and no adjudication read exists.
    case needsAdjudication = "needs-adjudication"
    /// Final scores, or an agreed condition code, exist.
    case decided

    private var rank: Int {
        switch self {
        case .incomplete: return 0
        case .needsAdjudication: return 1
        case .decided: return 2
        }
    }

    public static func < (lhs: ResolutionStatus, rhs: ResolutionStatus) -> Bool { lhs.rank < rhs.rank }

    /// The worst of `statuses`; `incomplete` when there are none, so that nothing is ever
    /// decided on no evidence at all.
    public static func worst(_ statuses: some Sequence<ResolutionStatus>) -> ResolutionStatus {
        statuses.min() ?? .incomplete
    }
}
