/// How Cohen's kappa weighs a disagreement between categories i and j.
enum KappaWeighting: Sendable, CaseIterable {
    /// Cohen (1960): every disagreement counts 1.
    case unweighted
    /// Cohen (1968) with linear weights: |x_i - x_j|.
    case linear
    /// Cohen (1968) with quadratic weights: (x_i - x_j)^2.
    case quadratic

    /// The disagreement weight of scores `a` and `b`. Agreement weights 1 - v/v_max give the
    /// same kappa, since the scale cancels between observed and chance disagreement.
    func disagreement(_ a: Int, _ b: Int) -> Double {
        let difference = Double(a - b)
        switch self {
        case .unweighted: return a == b ? 0 : 1
        case .linear: return abs(difference)
        case .quadratic: return difference * difference
        }
    }
}

extension AgreementTables {
    /// Cohen's kappa (Cohen 1960) or weighted kappa (Cohen 1968) from the two-rater table:
    /// κ = 1 - Σ v_ij p_ij / Σ v_ij p_i. p_.j, with v the disagreement weights of the scores.
    /// - Returns: nil without compared items, or when chance disagreement is zero (both raters
    ///   used one and the same category).
    func cohenKappa(_ weighting: KappaWeighting, values: [Int]) -> Result<Double, UndefinedReason> {
        let q = categoryCount
        var total = 0.0
        var observed = 0.0
        var expected = 0.0
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * q) { margins in
            for index in margins.indices { margins[index] = 0 }
            for i in 0..<q {
                for j in 0..<q {
                    let count = cohen(i, j)
                    guard count > 0 else { continue }
                    total += count
                    margins[i] += count
                    margins[q + j] += count
                    observed += count * weighting.disagreement(values[i], values[j])
                }
            }
            for i in 0..<q where margins[i] > 0 {
                for j in 0..<q where margins[q + j] > 0 {
                    expected += margins[i] * margins[q + j] * weighting.disagreement(values[i], values[j])
                }
            }
        }
        guard total > 0 else { return .failure(.noSharedItems) }
        guard expected > 0 else { return .failure(.noExpectedDisagreement) }
        return .success(1 - observed * total / expected)
    }
}
