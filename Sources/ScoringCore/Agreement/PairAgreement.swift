/// Agreement of pairs of reads on the same item, pooled over items: every item with r reads
/// gives r(r-1)/2 pairs, classified by the difference of their scores.
struct PairAgreement: Sendable, Equatable {
    var pairs = 0
    /// Pairs with equal scores.
    var exact = 0
    /// Pairs whose scores differ by exactly 1.
    var adjacent = 0
    /// Pairs whose scores differ by 2 or more.
    var discrepant = 0

    /// Counts the pairs of every item.
    /// - Complexity: O(patterns × reads²).
    init(patterns: ItemPatterns) {
        let values = patterns.categories.values
        for (pattern, times) in zip(patterns.patterns, patterns.multiplicities) {
            let reads = pattern.categories
            for a in reads.indices {
                for b in (a + 1)..<reads.count {
                    let difference = abs(values[Int(reads[a])] - values[Int(reads[b])])
                    pairs += times
                    switch difference {
                    case 0: exact += times
                    case 1: adjacent += times
                    default: discrepant += times
                    }
                }
            }
        }
    }

    /// `count / pairs`, nil without pairs.
    func share(_ count: Int) -> Double? {
        pairs > 0 ? Double(count) / Double(pairs) : nil
    }
}
