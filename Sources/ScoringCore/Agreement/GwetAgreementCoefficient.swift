extension AgreementTables {
    /// Gwet's AC1 (unweighted) or AC2 (quadratic weights) for any number of raters with
    /// missing reads (Gwet, Handbook of Inter-Rater Reliability, 4th ed.), the categories
    /// being every category of the scale, used or not (Q of them):
    /// p_a = (1/n') Σ_{i: r_i ≥ 2} Σ_k r_ik (r*_ik - 1) / (r_i (r_i - 1)), r*_ik = Σ_l w_kl r_il,
    /// π_k = (1/n) Σ_{i: r_i ≥ 1} r_ik / r_i,
    /// p_e = T_w / (Q (Q - 1)) Σ_k π_k (1 - π_k), T_w = Σ_kl w_kl,  AC = (p_a - p_e) / (1 - p_e).
    /// AC1 is the case w = identity (T_w = Q).
    /// - Returns: nil without an item with two reads, or when the scale has a single level.
    func gwetAC(weighted: Bool, categories: AgreementCategories) -> Result<Double, UndefinedReason> {
        guard itemsPairable > 0 else { return .failure(.noPairableItems) }
        let q = categoryCount
        guard q >= 2 else { return .failure(.singleLevelScale) }
        let observed = (weighted ? weightedAgreement : agreement) / itemsPairable
        var weightTotal = Double(q)
        if weighted {
            weightTotal = 0
            for k in 0..<q {
                for l in 0..<q { weightTotal += categories.quadraticWeight(k, l) }
            }
        }
        var spread = 0.0
        for k in 0..<q where share(k) > 0 {
            let pi = share(k) / itemsRead
            spread += pi * (1 - pi)
        }
        let chance = weightTotal / Double(q * (q - 1)) * spread
        guard chance < 1 else { return .failure(.noExpectedDisagreement) }
        return .success((observed - chance) / (1 - chance))
    }
}
