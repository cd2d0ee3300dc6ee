/// Percentile bootstrap intervals over items (Efron & Tibshirani 1993, ch. 13).
enum PercentileBootstrap {
    /// The q-quantile of sorted values by linear interpolation between order statistics,
    /// Hyndman & Fan's definition 7 (R's default, NumPy's "linear"): h = (m - 1) q,
    /// Q = x_⌊h⌋ + (h - ⌊h⌋)(x_⌊h⌋+1 - x_⌊h⌋), 0-based.
    /// - Returns: nil for no values.
    static func quantile(sorted values: [Double], _ q: Double) -> Double? {
        guard let first = values.first else { return nil }
        guard values.count > 1 else { return first }
        let h = Double(values.count - 1) * q
        let below = Int(h.rounded(.down))
        let above = min(below + 1, values.count - 1)
        return values[below] + (h - Double(below)) * (values[above] - values[below])
    }

    /// The 95% percentile interval [Q(0.025), Q(0.975)] of the replicates that are defined.
    /// - Returns: nil when fewer than half the replicates are defined.
    static func interval(replicates: inout [Double], resamples: Int) -> ConfidenceInterval? {
        guard !replicates.isEmpty, replicates.count * 2 >= resamples else { return nil }
        replicates.sort()
        guard let low = quantile(sorted: replicates, 0.025), let high = quantile(sorted: replicates, 0.975) else { return nil }
        return ConfidenceInterval(low: low, high: high)
    }
}
