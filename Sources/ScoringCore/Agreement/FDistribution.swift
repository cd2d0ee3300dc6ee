import Foundation

/// Quantiles of Snedecor's F distribution, for the intraclass correlations' intervals.
enum FDistribution {
    /// The p-quantile of F(d1, d2): the x with P(F ≤ x) = p. Degrees of freedom may be
    /// fractional (Satterthwaite's v for ICC(2)).
    /// - Returns: nil unless 0 < p < 1 and both degrees of freedom are positive and finite.
    /// - Complexity: bisection on the regularised incomplete beta function, 200 steps.
    static func quantile(_ p: Double, _ d1: Double, _ d2: Double) -> Double? {
        guard p > 0, p < 1, d1 > 0, d2 > 0, d1.isFinite, d2.isFinite else { return nil }
        // F = (d2 / d1) · x / (1 - x) with x ~ Beta(d1/2, d2/2).
        let a = d1 / 2, b = d2 / 2
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if regularizedIncompleteBeta(middle, a, b) < p { low = middle } else { high = middle }
        }
        let x = (low + high) / 2
        guard x < 1 else { return nil }
        let value = d2 * x / (d1 * (1 - x))
        return value.isFinite ? value : nil
    }

    /// I_x(a, b), by the continued fraction of Numerical Recipes (betacf, modified Lentz),
    /// using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where it converges faster.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a, b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...100_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }
}
