import Foundation

/// Linacre's many-facet rating-scale model for one observation (SPEC section 13): categories
/// 0...m, with log(P(k) / P(k-1)) = η - F_k, η = B_n - C_j - D_i (plus a bias term b where
/// one is estimated) and F_1...F_m the Andrich thresholds shared by the criteria.
///
/// P(k) is proportional to exp(ψ_k), ψ_k = kη - (F_1 + ... + F_k), and is computed as
/// exp(ψ_k - max ψ) / Σ exp(ψ_h - max ψ): the largest term is exactly 1, so nothing overflows
/// however far η is from the thresholds, and the sum is never below 1.
public struct RatingScaleModel: Sendable, Equatable {
    /// The Andrich thresholds F_1...F_m; `thresholds[k - 1]` is F_k.
    public var thresholds: [Double]

    /// A model with thresholds F_1...F_m (m = `thresholds.count`, possibly 0).
    public init(thresholds: [Double]) {
        self.thresholds = thresholds
    }

    /// The highest category, m.
    public var maximumCategory: Int { thresholds.count }

    /// The probability of each category 0...m at logit `eta`.
    /// - Parameter eta: B_n - C_j - D_i (+ b), in logits; any finite value.
    /// - Returns: m + 1 probabilities that sum to 1, each finite and at least 0 (categories far
    ///   from `eta` underflow to 0 rather than becoming NaN).
    /// - Complexity: O(m).
    public func probabilities(at eta: Double) -> [Double] {
        var result = [Double](repeating: 0, count: maximumCategory + 1)
        fillProbabilities(at: eta, into: &result)
        return result
    }

    /// The expected category Σ k P(k) at logit `eta`, between 0 and m.
    /// - Complexity: O(m).
    public func expectedCategory(at eta: Double) -> Double {
        moments(probabilities(at: eta)).expected
    }

    /// The logit at which the expected category is `expected`: the inverse of
    /// `expectedCategory(at:)`, which rises strictly with the logit. At `k - 0.5` it is where a
    /// score of category k becomes the nearest expectation (Linacre's half-point thresholds,
    /// the zones of a Wright map's scale column).
    /// - Returns: nil unless 0 < `expected` < m (the ends are reached only at infinity).
    /// - Complexity: O(m) per bisection step, about 100 steps.
    public func logit(atExpectedCategory expected: Double) -> Double? {
        guard maximumCategory > 0, expected > 0, expected < Double(maximumCategory) else { return nil }
        var low = (thresholds.min() ?? 0) - 1, high = (thresholds.max() ?? 0) + 1
        while expectedCategory(at: low) > expected { low -= 2 * (high - low) }
        while expectedCategory(at: high) < expected { high += 2 * (high - low) }
        while high - low > 1e-12 * max(1, abs(low) + abs(high)) {
            let middle = (low + high) / 2
            guard middle > low, middle < high else { break }
            if expectedCategory(at: middle) < expected { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// The expected score on a rubric's scale, Σ scores[k] P(k), at logit `eta`.
    /// - Parameters:
    ///   - eta: the logit.
    ///   - scores: the rubric score of each category 0...m; missing trailing scores count as 0.
    /// - Complexity: O(m).
    public func expectedScore(at eta: Double, scores: [Int]) -> Double {
        let probabilities = probabilities(at: eta)
        var total = 0.0
        for (category, score) in scores.prefix(probabilities.count).enumerated() {
            total += Double(score) * probabilities[category]
        }
        return total
    }

    /// The model variance of the category at logit `eta`: Σ k² P(k) - (Σ k P(k))², the
    /// information an observation carries about η.
    /// - Returns: a value at least 0; 0 with a single category (m = 0).
    /// - Complexity: O(m).
    public func variance(at eta: Double) -> Double {
        moments(probabilities(at: eta)).variance
    }

    /// The log of P(`category`) at `eta`, computed without forming P, so it stays finite when
    /// P underflows.
    /// - Complexity: O(m).
    public func logProbability(of category: Int, at eta: Double) -> Double {
        var cumulative = 0.0, largest = 0.0, chosen = 0.0
        for k in stride(from: 1, through: maximumCategory, by: 1) {
            cumulative += eta - thresholds[k - 1]
            largest = max(largest, cumulative)
            if k == category { chosen = cumulative }
        }
        var total = exp(-largest)
        cumulative = 0
        for k in stride(from: 1, through: maximumCategory, by: 1) {
            cumulative += eta - thresholds[k - 1]
            total += exp(cumulative - largest)
        }
        return chosen - largest - log(total)
    }

    /// Writes P(0)...P(m) at `eta` into `buffer` (which must hold m + 1 values), allocating
    /// nothing: the estimation loops call this once per observation per iteration.
    /// - Returns: the log-probability of `category`, computed as `logProbability(of:at:)`
    ///   computes it, so the Newton pass gives the likelihood too.
    @discardableResult
    func fillProbabilities(at eta: Double, into buffer: inout [Double], logOf category: Int) -> Double {
        let m = maximumCategory
        buffer[0] = 0
        var cumulative = 0.0, largest = 0.0
        for k in stride(from: 1, through: m, by: 1) {
            cumulative += eta - thresholds[k - 1]
            buffer[k] = cumulative
            largest = max(largest, cumulative)
        }
        let chosen = buffer[category]
        var total = 0.0
        for k in 0...m {
            buffer[k] = exp(buffer[k] - largest)
            total += buffer[k]
        }
        for k in 0...m { buffer[k] /= total }
        return chosen - largest - log(total)
    }

    /// Writes P(0)...P(m) at `eta` into `buffer`, as above.
    func fillProbabilities(at eta: Double, into buffer: inout [Double]) {
        fillProbabilities(at: eta, into: &buffer, logOf: 0)
    }

    func moments(_ probabilities: [Double]) -> (expected: Double, variance: Double) {
        var expected = 0.0
        for (k, p) in probabilities.enumerated() { expected += Double(k) * p }
        var variance = 0.0
        // Centred before squaring: Σ k² P - E² cancels badly when P is nearly a point mass.
        for (k, p) in probabilities.enumerated() {
            let deviation = Double(k) - expected
            variance += deviation * deviation * p
        }
        return (expected, variance)
    }
}
