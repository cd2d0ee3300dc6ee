/// The difference functions of Krippendorff's alpha (Krippendorff 2011).
enum AlphaMetric: Sendable, CaseIterable {
    /// δ² = 0 for equal values, 1 otherwise.
    case nominal
    /// δ²_ck = (Σ_{g=c..k} n_g - (n_c + n_k) / 2)², n_g the pairable values' marginal
    /// frequencies over the scale (unused levels have n_g = 0 and change nothing).
    case ordinal
    /// δ²_ck = (c - k)².
    case interval
    /// δ²_ck = ((c - k) / (c + k))², 0 when c = k.
    case ratio
}

extension AgreementTables {
    /// Krippendorff's alpha from the coincidence matrix (Krippendorff 2011):
    /// o_ck = Σ_u (number of c-k pairs of values in unit u) / (m_u - 1) over units with
    /// m_u ≥ 2 values, n_c = Σ_k o_ck, n = Σ_c n_c,
    /// α = 1 - (n - 1) Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck. Missing reads are simply absent.
    /// - Returns: nil without pairable values, when expected disagreement is zero (one value
    ///   used), or for the ratio metric when a used score is negative.
    func krippendorffAlpha(_ metric: AlphaMetric, values: [Int]) -> Result<Double, UndefinedReason> {
        let q = categoryCount
        guard itemsPairable > 0 else { return .failure(.noPairableItems) }
        var observed = 0.0
        var expected = 0.0
        var total = 0.0
        var negative = false
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * q + 1) { buffer in
            // buffer[0..<q]: n_c; buffer[q...2q]: cumulative n for the ordinal metric.
            for index in buffer.indices { buffer[index] = 0 }
            for c in 0..<q {
                for k in 0..<q { buffer[c] += coincidence(c, k) }
                buffer[q + c + 1] = buffer[q + c] + buffer[c]
                total += buffer[c]
                if buffer[c] > 0, values[c] < 0 { negative = true }
            }
            for c in 0..<q where buffer[c] > 0 {
                for k in 0..<q where buffer[k] > 0 && k != c {
                    let delta: Double
                    switch metric {
                    case .nominal:
                        delta = 1
                    case .ordinal:
                        let low = min(c, k), high = max(c, k)
                        let between = buffer[q + high + 1] - buffer[q + low] - (buffer[c] + buffer[k]) / 2
                        delta = between * between
                    case .interval:
                        let difference = Double(values[c] - values[k])
                        delta = difference * difference
                    case .ratio:
                        let ratio = Double(values[c] - values[k]) / Double(values[c] + values[k])
                        delta = ratio * ratio
                    }
                    observed += coincidence(c, k) * delta
                    expected += buffer[c] * buffer[k] * delta
                }
            }
        }
        if metric == .ratio, negative { return .failure(.negativeScores) }
        guard total > 1, expected > 0 else { return .failure(.noExpectedDisagreement) }
        return .success(1 - (total - 1) * observed / expected)
    }
}
