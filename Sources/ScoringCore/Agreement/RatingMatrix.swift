/// What the columns of the intraclass correlations' matrix are.
public enum IntraclassDesign: String, Sendable, Equatable {
    /// The two raters named by `--raters`; items both read.
    case namedRaters = "named_raters"
    /// Every rater, the design being crossed (no more distinct raters than the most reads of
    /// any item); items missing a rater are left out (listwise).
    case crossedRaters = "crossed_raters"
    /// Raters vary by item: the first k reads in time order, k the fewest reads of any item
    /// with two or more; `icc1` is the form to read.
    case readOrder = "read_order"
}

/// A complete items × columns matrix of scores for the intraclass correlations.
struct RatingMatrix: Sendable, Equatable {
    let design: IntraclassDesign
    let rows: Int
    let columns: Int
    /// Row-major scores.
    let values: [Double]

    subscript(row: Int, column: Int) -> Double { values[row * columns + column] }

    /// Chooses the columns as SPEC section 8 says and keeps the complete rows.
    /// - Returns: nil when no item has two reads.
    init?(items: [ItemReads], pair: RaterPair?) {
        guard items.contains(where: { $0.count >= 2 }) else { return nil }
        var values: [Double] = []
        if let pair {
            design = .namedRaters
            columns = 2
            for item in items {
                if let first = item.score(of: pair.first), let second = item.score(of: pair.second) {
                    values.append(Double(first))
                    values.append(Double(second))
                }
            }
        } else {
            var raters = RaterSet()
            var mostReads = 0
            var fewestReads = Int.max
            for item in items where item.count >= 2 {
                let ids = item.raters
                for index in 0..<item.count { raters.insert(ids[index]) }
                mostReads = max(mostReads, item.count)
                fewestReads = min(fewestReads, item.count)
            }
            if raters.count <= mostReads {
                design = .crossedRaters
                let order = raters.sorted()
                columns = order.count
                for item in items where item.count >= 2 {
                    let row = order.compactMap { item.score(of: $0) }
                    if row.count == order.count { values.append(contentsOf: row.map(Double.init)) }
                }
            } else {
                design = .readOrder
                columns = fewestReads
                for item in items where item.count >= 2 {
                    let scores = item.scores
                    for index in 0..<fewestReads { values.append(Double(scores[index])) }
                }
            }
        }
        self.values = values
        rows = columns > 0 ? values.count / columns : 0
    }

    init(design: IntraclassDesign, columns: Int, values: [Double]) {
        self.design = design
        self.columns = columns
        self.values = values
        rows = columns > 0 ? values.count / columns : 0
    }
}
