import Foundation

/// Exact multinomial and binomial draws, for resampling items by their patterns.
enum MultinomialSampling {
    /// A uniform double in [0, 1) from the top 53 bits.
    @inline(__always)
    static func uniform(using generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// Draws `total` items with replacement from categories of the given sizes: `counts[i]` is
    /// how many draws fell in category i. Sequential conditional binomials, so the cost grows
    /// with the number of categories, not with `total`.
    static func draw(total: Int, sizes: [Int], into counts: inout [Int], using generator: inout some RandomNumberGenerator) {
        var remaining = total
        var remainingSize = sizes.reduce(0, +)
        for index in sizes.indices {
            let size = sizes[index]
            if remaining == 0 || size == 0 || remainingSize == 0 {
                counts[index] = 0
            } else if size == remainingSize {
                counts[index] = remaining
                remaining = 0
            } else {
                let count = binomial(trials: remaining, probability: Double(size) / Double(remainingSize), using: &generator)
                counts[index] = count
                remaining -= count
            }
            remainingSize -= size
        }
    }

    /// A Binomial(trials, probability) draw by inversion: from 0 when the mean is small,
    /// otherwise searching outwards from the mode (expected steps of the order of the standard
    /// deviation), with the probabilities from the recurrence of successive terms.
    static func binomial(trials n: Int, probability p: Double, using generator: inout some RandomNumberGenerator) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - binomial(trials: n, probability: 1 - p, using: &generator) }
        let q = 1 - p
        let odds = p / q
        var u = uniform(using: &generator)
        if Double(n) * p < 16 {
            var term = exp(Double(n) * log1p(-p))
            var x = 0
            while u >= term, x < n {
                u -= term
                x += 1
                term *= odds * Double(n - x + 1) / Double(x)
            }
            return x
        }
        let mode = min(n, Int(Double(n + 1) * p))
        let logTerm = lgamma(Double(n + 1)) - lgamma(Double(mode + 1)) - lgamma(Double(n - mode + 1))
            + Double(mode) * log(p) + Double(n - mode) * log1p(-p)
        let modeTerm = exp(logTerm)
        u -= modeTerm
        if u < 0 { return mode }
        var low = mode, high = mode
        var lowTerm = modeTerm, highTerm = modeTerm
        while true {
            var moved = false
            if high < n, highTerm > 0 {
                highTerm *= odds * Double(n - high) / Double(high + 1)
                high += 1
                u -= highTerm
                if u < 0 { return high }
                moved = true
            }
            if low > 0, lowTerm > 0 {
                lowTerm *= Double(low) / (odds * Double(n - low + 1))
                low -= 1
                u -= lowTerm
                if u < 0 { return low }
                moved = true
            }
            // Only rounding leaves u above the whole mass.
            if !moved { return mode }
        }
    }
}
