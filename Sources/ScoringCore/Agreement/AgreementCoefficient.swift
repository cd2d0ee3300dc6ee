/// The agreement coefficients of SPEC section 8, in SPEC order; the raw value is the JSON key.
public enum AgreementCoefficient: String, CaseIterable, Sendable, Hashable {
    case cohenKappa = "cohen_kappa"
    case linearKappa = "linear_kappa"
    case quadraticKappa = "quadratic_kappa"
    case fleissKappa = "fleiss_kappa"
    case alphaNominal = "alpha_nominal"
    case alphaOrdinal = "alpha_ordinal"
    case alphaInterval = "alpha_interval"
    case alphaRatio = "alpha_ratio"
    case icc1 = "icc1"
    case icc2 = "icc2"
    case icc3 = "icc3"
    case icc1k = "icc1k"
    case icc2k = "icc2k"
    case icc3k = "icc3k"
    case gwetAC1 = "gwet_ac1"
    case gwetAC2 = "gwet_ac2"

    /// True for the six intraclass correlations, whose intervals are F-based; the others'
    /// intervals come from the item bootstrap.
    public var isIntraclass: Bool {
        switch self {
        case .icc1, .icc2, .icc3, .icc1k, .icc2k, .icc3k: true
        default: false
        }
    }
}
