/// The categories agreement is measured over: the rubric's scale levels, used or not, plus any
/// score outside the scale that reads carry (kept rather than dropped, so nothing is lost),
/// ascending.
struct AgreementCategories: Sendable {
    /// The score of each category, ascending.
    let values: [Int]
    private let lowest: Int
    /// `score - lowest` → category index, -1 for a gap; empty when the range is too wide.
    private let dense: [Int32]
    private let sparse: [Int: Int]

    init(scale: [Int], items: [ItemReads]) {
        var levels = Set(scale)
        // Scores on the scale, nearly all of them, are looked up in a table rather than hashed.
        let low = scale.min() ?? 0, high = scale.max() ?? 0
        let scaleRange = high.subtractingReportingOverflow(low)
        var onScale = [Bool](repeating: false, count: !scaleRange.overflow && scaleRange.partialValue < 1 << 16 ? scaleRange.partialValue + 1 : 0)
        if !onScale.isEmpty { for value in scale { onScale[value - low] = true } }
        for item in items {
            let scores = item.scores
            for index in 0..<item.count {
                let score = scores[index], offset = score &- low
                if score >= low, offset >= 0, offset < onScale.count, onScale[offset] { continue }
                levels.insert(score)
            }
        }
        values = levels.sorted()
        lowest = values.first ?? 0
        let highest = values.last ?? 0
        let (range, overflow) = highest.subtractingReportingOverflow(lowest)
        if !overflow, range < 1 << 16 {
            var table = [Int32](repeating: -1, count: range + 1)
            for (index, value) in values.enumerated() { table[value - lowest] = Int32(index) }
            dense = table
            sparse = [:]
        } else {
            dense = []
            sparse = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        }
    }

    var count: Int { values.count }

    /// The index of `score`'s category; every score read was added at initialisation.
    func index(of score: Int) -> Int {
        if dense.isEmpty { return sparse[score] ?? 0 }
        return Int(dense[score - lowest])
    }

    /// The distance between the lowest and highest category scores.
    var span: Double { Double((values.last ?? 0) - (values.first ?? 0)) }

    /// Quadratic agreement weight `1 - ((x_k - x_l) / (x_max - x_min))^2` (Gwet's AC2).
    func quadraticWeight(_ k: Int, _ l: Int) -> Double {
        guard span > 0 else { return 1 }
        let difference = Double(values[k] - values[l]) / span
        return 1 - difference * difference
    }
}
