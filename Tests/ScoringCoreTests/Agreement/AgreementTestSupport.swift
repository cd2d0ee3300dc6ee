@testable import ScoringCore

/// Items from a targets × raters matrix, nil for a missing read; rater j is id j, reads in
/// column order.
func items(matrix: [[Int?]]) -> [ItemReads] {
    matrix.map { row in
        var raters: [Int32] = []
        var scores: [Int] = []
        for (column, score) in row.enumerated() {
            if let score {
                raters.append(Int32(column))
                scores.append(score)
            }
        }
        return ItemReads(raters: raters, scores: scores)
    }
}

/// Items from observers × units rows (Krippendorff's layout), nil for missing.
func items(observers: [[Int?]]) -> [ItemReads] {
    let units = observers.first?.count ?? 0
    return items(matrix: (0..<units).map { unit in observers.map { $0[unit] } })
}

/// Items from per-item category counts: count[c] reads with score `values[c]`, raters numbered
/// from 0 within each item.
func items(counts: [[Int]], values: [Int]) -> [ItemReads] {
    counts.map { row in
        var scores: [Int] = []
        for (category, count) in row.enumerated() {
            scores.append(contentsOf: repeatElement(values[category], count: count))
        }
        return ItemReads(raters: scores.indices.map { Int32($0) }, scores: scores)
    }
}

/// Two-rater items (rater 0 then rater 1).
func items(pairs: [(Int, Int)]) -> [ItemReads] {
    pairs.map { ItemReads(raters: [0, 1], scores: [$0.0, $0.1]) }
}

/// The analysis with few resamples, for tests that only look at values.
func quickAnalysis(_ items: [ItemReads], scale: [Int], raters: RaterPair? = nil) -> AgreementResult {
    var generator = SeededGenerator(seed: 7)
    return AgreementAnalysis.analyze(items: items, scale: scale, raters: raters, resamples: 50, using: &generator)
}

func isClose(_ value: Double?, _ expected: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}

/// Every value and bound is finite (nil is fine; NaN and infinities are not).
func allFinite(_ result: AgreementResult) -> Bool {
    let shares = [result.exact, result.adjacent, result.withinOne, result.discrepant]
    guard shares.allSatisfy({ $0?.isFinite ?? true }) else { return false }
    return AgreementCoefficient.allCases.allSatisfy { coefficient in
        let estimate = result[coefficient]
        if let value = estimate.value, !value.isFinite { return false }
        if estimate.value == nil, estimate.reason == nil { return false }
        if let interval = estimate.interval, !(interval.low.isFinite && interval.high.isFinite && interval.low <= interval.high) {
            return false
        }
        return true
    }
}
