/// How one rater's scores compare with their co-raters' on the same items: the basis of
/// `irr --by rater`, `irr --by pair` and rater monitoring.
///
/// Every pair of reads of one item by two different raters is a comparison; a rater's
/// `meanDifference` is the mean of (their score - the co-rater's score) over their
/// comparisons: above 0 the rater is lenient relative to the others, below 0 severe.
public struct RaterComparison: Sendable, Equatable {
    /// The rater (or, for a pair, the first rater) as interned by the caller.
    public var rater: Int32
    /// The co-rater of a pair comparison; nil for a comparison with every co-rater.
    public var coRater: Int32?
    /// Items the rater read that have at least one other rater's read (for a pair: items both read).
    public var items: Int
    /// Comparisons counted: pairs of reads of one item, the rater's and a co-rater's.
    public var comparisons: Int
    /// Share of comparisons with equal scores; nil without comparisons.
    public var exact: Double?
    /// Share of comparisons within one point; nil without comparisons.
    public var withinOne: Double?
    /// Mean of (rater's score - co-rater's score); nil without comparisons.
    public var meanDifference: Double?

    public init(rater: Int32, coRater: Int32? = nil, items: Int, comparisons: Int, exact: Double?, withinOne: Double?, meanDifference: Double?) {
        self.rater = rater
        self.coRater = coRater
        self.items = items
        self.comparisons = comparisons
        self.exact = exact
        self.withinOne = withinOne
        self.meanDifference = meanDifference
    }
}

/// Running sums of comparisons, turned into shares at the end.
struct ComparisonTally {
    var items = 0
    var comparisons = 0
    var exact = 0
    var withinOne = 0
    var difference = 0

    mutating func add(_ mine: Int, _ theirs: Int) {
        comparisons += 1
        let gap = mine - theirs
        difference += gap
        if gap == 0 { exact += 1 }
        if abs(gap) <= 1 { withinOne += 1 }
    }

    func result(rater: Int32, coRater: Int32?) -> RaterComparison {
        let total = Double(comparisons)
        return RaterComparison(
            rater: rater, coRater: coRater, items: items, comparisons: comparisons,
            exact: comparisons == 0 ? nil : Double(exact) / total,
            withinOne: comparisons == 0 ? nil : Double(withinOne) / total,
            meanDifference: comparisons == 0 ? nil : Double(difference) / total)
    }
}

extension RaterComparison {
    /// Each rater against every co-rater, over items with reads by at least two raters; ordered
    /// by rater. A rater with several reads of one item (not possible for current reads) has
    /// each compared with the other raters' reads, never with their own.
    ///
    /// - Parameters:
    ///   - raters: per item, the rater of each read.
    ///   - scores: per item, the score of each read, parallel to `raters`.
    public static func byRater(raters: [[Int32]], scores: [[Int]]) -> [RaterComparison] {
        var tallies: [Int32: ComparisonTally] = [:]
        for (itemRaters, itemScores) in zip(raters, scores) {
            var counted: Set<Int32> = []
            for i in itemRaters.indices {
                for j in itemRaters.indices where itemRaters[j] != itemRaters[i] {
                    tallies[itemRaters[i], default: ComparisonTally()].add(itemScores[i], itemScores[j])
                    if counted.insert(itemRaters[i]).inserted { tallies[itemRaters[i]]?.items += 1 }
                }
            }
        }
        return tallies.keys.sorted().compactMap { rater in tallies[rater]?.result(rater: rater, coRater: nil) }
    }

    /// Each pair of raters (first < second) with at least `minimumItems` items both read;
    /// `meanDifference` is first minus second. Ordered by first, then second rater.
    public static func byPair(raters: [[Int32]], scores: [[Int]], minimumItems: Int) -> [RaterComparison] {
        struct Key: Hashable { var first: Int32; var second: Int32 }
        var tallies: [Key: ComparisonTally] = [:]
        for (itemRaters, itemScores) in zip(raters, scores) {
            var counted: Set<Key> = []
            for i in itemRaters.indices {
                for j in itemRaters.indices where itemRaters[i] < itemRaters[j] {
                    let key = Key(first: itemRaters[i], second: itemRaters[j])
                    tallies[key, default: ComparisonTally()].add(itemScores[i], itemScores[j])
                    if counted.insert(key).inserted { tallies[key]?.items += 1 }
                }
            }
        }
        return tallies.keys
            .filter { (tallies[$0]?.items ?? 0) >= max(1, minimumItems) }
            .sorted { ($0.first, $0.second) < ($1.first, $1.second) }
            .compactMap { key in tallies[key]?.result(rater: key.first, coRater: key.second) }
    }
}
