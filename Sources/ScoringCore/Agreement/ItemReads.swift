/// The current reads of one item (one submission component) on one criterion, in time order:
/// by `scored_at`, ties in the order recorded.
///
/// Raters are interned to small integers by the caller; only equality of ids matters. When the
/// two arrays differ in length the extra entries of the longer one are ignored.
public struct ItemReads: Sendable, Equatable {
    /// The rater of each read, in time order.
    public var raters: [Int32]
    /// The score of each read, in time order, one of the rubric's scale levels.
    public var scores: [Int]

    /// An item's reads: `raters[i]` gave `scores[i]`, in time order.
    public init(raters: [Int32], scores: [Int]) {
        self.raters = raters
        self.scores = scores
    }

    /// The number of usable reads: pairs of a rater and a score.
    public var count: Int { min(raters.count, scores.count) }

    /// The score `rater` gave (their first read, should the item hold several); nil when they
    /// did not read it.
    public func score(of rater: Int32) -> Int? {
        for index in 0..<count where raters[index] == rater { return scores[index] }
        return nil
    }
}

/// Two raters named by `irr --raters A,B`: Cohen's kappas compare them, and they are the
/// columns of the intraclass correlations' matrix.
public struct RaterPair: Sendable, Equatable, Hashable {
    public var first: Int32
    public var second: Int32

    /// The pair `--raters first,second`: Cohen's tables have `first` in rows.
    public init(_ first: Int32, _ second: Int32) {
        self.first = first
        self.second = second
    }
}
