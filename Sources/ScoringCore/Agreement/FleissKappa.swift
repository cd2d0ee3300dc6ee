extension AgreementTables {
    /// Fleiss' kappa (Fleiss 1971), in Gwet's generalisation to items with different numbers
    /// of reads (Handbook of Inter-Rater Reliability, 4th ed.):
    /// p_a = (1/n') Σ_{i: r_i ≥ 2} Σ_k r_ik (r_ik - 1) / (r_i (r_i - 1)),
    /// π_k = (1/n) Σ_{i: r_i ≥ 1} r_ik / r_i,  p_e = Σ_k π_k²,  κ = (p_a - p_e) / (1 - p_e).
    /// With two reads per item it is Scott's pi.
    /// - Returns: nil without an item with two reads, or when every read falls in one
    ///   category (p_e = 1).
    func fleissKappa() -> Result<Double, UndefinedReason> {
        guard itemsPairable > 0 else { return .failure(.noPairableItems) }
        let observed = agreement / itemsPairable
        var chance = 0.0
        var usedCategories = 0
        for k in 0..<categoryCount where share(k) > 0 {
            let pi = share(k) / itemsRead
            chance += pi * pi
            usedCategories += 1
        }
        guard usedCategories >= 2, chance < 1 else { return .failure(.noExpectedDisagreement) }
        return .success((observed - chance) / (1 - chance))
    }
}
