/// How the Cohen comparison picks its two reads on an item.
enum CohenComparison: Sendable {
    /// The named raters' reads, on items both read.
    case raters(RaterPair)
    /// The first and second reads in time order, on items with exactly two reads.
    case readOrder
    /// No comparison: every item's Cohen cell is empty.
    case none
}

/// The items reduced to distinct patterns with multiplicities.
///
/// A pattern is what an item contributes to `AgreementTables`: the multiset of its reads'
/// categories and its Cohen cell. With a handful of categories, 100,000 double-read items
/// collapse to a few dozen patterns, so a bootstrap resample costs a multinomial draw over the
/// patterns instead of a pass over the items. Patterns are in a canonical order (most frequent
/// first, ties by content), so nothing depends on the order of the items or the rater ids.
struct ItemPatterns: Sendable {
    struct Pattern: Hashable, Sendable, Comparable {
        /// The category of each read, ascending.
        var categories: [Int32]
        /// `first * q + second` for the Cohen comparison, -1 when the item has none.
        var cohenCell: Int32

        static func < (a: Pattern, b: Pattern) -> Bool {
            if a.cohenCell != b.cohenCell { return a.cohenCell < b.cohenCell }
            return a.categories.lexicographicallyPrecedes(b.categories)
        }
    }

    let categories: AgreementCategories
    /// Distinct patterns, most frequent first.
    let patterns: [Pattern]
    /// How many items have each pattern.
    let multiplicities: [Int]
    /// Items with at least one read.
    let itemCount: Int
    /// Each pattern's contribution to the tables, sparse: `contributionStart[p]..<contributionStart[p + 1]`
    /// index `contributionOffsets` / `contributionValues`.
    let contributionStart: [Int]
    let contributionOffsets: [Int32]
    let contributionValues: [Double]

    init(items: [ItemReads], categories: AgreementCategories, cohen: CohenComparison) {
        self.categories = categories
        let q = categories.count
        var index: [Pattern: Int32] = [:]
        var found: [Pattern] = []
        var counts: [Int] = []
        var itemCount = 0
        var key = Pattern(categories: [], cohenCell: -1)
        // Items of one or two reads, nearly all of them, find their pattern in a table by their
        // categories and Cohen cell (-1 included) rather than by hashing an array.
        let cells = q * q + 1
        let tabled = q <= 16
        var oneRead = [Int32](repeating: -1, count: tabled ? q * cells : 0)
        var twoReads = [Int32](repeating: -1, count: tabled ? q * q * cells : 0)
        for item in items where item.count > 0 {
            itemCount += 1
            let scores = item.scores
            let cell = Self.cohenCell(of: item, comparison: cohen, categories: categories)
            if tabled, item.count <= 2 {
                let first = categories.index(of: scores[0])
                let second = item.count == 2 ? categories.index(of: scores[1]) : -1
                let slot = item.count == 1
                    ? first * cells + Int(cell) + 1
                    : (min(first, second) * q + max(first, second)) * cells + Int(cell) + 1
                let existing = item.count == 1 ? oneRead[slot] : twoReads[slot]
                if existing >= 0 {
                    counts[Int(existing)] += 1
                    continue
                }
                let id = Int32(found.count)
                found.append(Pattern(
                    categories: item.count == 1 ? [Int32(first)] : [Int32(min(first, second)), Int32(max(first, second))],
                    cohenCell: cell))
                counts.append(1)
                if item.count == 1 { oneRead[slot] = id } else { twoReads[slot] = id }
                continue
            }
            key.categories.removeAll(keepingCapacity: true)
            for read in 0..<item.count {
                key.categories.append(Int32(categories.index(of: scores[read])))
            }
            key.cohenCell = cell
            key.categories.sort()
            if let existing = index[key] {
                counts[Int(existing)] += 1
            } else {
                index[key] = Int32(found.count)
                found.append(key)
                counts.append(1)
            }
        }
        let order = found.indices.sorted {
            counts[$0] != counts[$1] ? counts[$0] > counts[$1] : found[$0] < found[$1]
        }
        patterns = order.map { found[$0] }
        multiplicities = order.map { counts[$0] }
        self.itemCount = itemCount

        var start = [0]
        var offsets: [Int32] = []
        var values: [Double] = []
        var single = AgreementTables(categoryCount: q)
        var categoryCounts = [Int](repeating: 0, count: q)
        for pattern in patterns {
            single.reset()
            for k in categoryCounts.indices { categoryCounts[k] = 0 }
            for category in pattern.categories { categoryCounts[Int(category)] += 1 }
            let cell = pattern.cohenCell < 0 ? nil : (Int(pattern.cohenCell) / q, Int(pattern.cohenCell) % q)
            single.add(counts: categoryCounts, cohenCell: cell, categories: categories)
            for (offset, value) in single.storage.enumerated() where value != 0 {
                offsets.append(Int32(offset))
                values.append(value)
            }
            start.append(offsets.count)
        }
        contributionStart = start
        contributionOffsets = offsets
        contributionValues = values
    }

    /// The Cohen cell of an item, -1 when the comparison does not apply to it.
    private static func cohenCell(of item: ItemReads, comparison: CohenComparison, categories: AgreementCategories) -> Int32 {
        let q = categories.count
        switch comparison {
        case .raters(let pair):
            guard let first = item.score(of: pair.first), let second = item.score(of: pair.second) else { return -1 }
            return Int32(categories.index(of: first) * q + categories.index(of: second))
        case .readOrder:
            guard item.count == 2 else { return -1 }
            return Int32(categories.index(of: item.scores[0]) * q + categories.index(of: item.scores[1]))
        case .none:
            return -1
        }
    }

    /// Fills `tables` with the sums for a multiset of items given as a count per pattern.
    func fill(_ tables: inout AgreementTables, counts: [Int]) {
        tables.reset()
        tables.storage.withUnsafeMutableBufferPointer { storage in
            for pattern in counts.indices where counts[pattern] > 0 {
                let times = Double(counts[pattern])
                for entry in contributionStart[pattern]..<contributionStart[pattern + 1] {
                    storage[Int(contributionOffsets[entry])] += times * contributionValues[entry]
                }
            }
        }
    }

    /// The tables for the items themselves.
    func tables() -> AgreementTables {
        var tables = AgreementTables(categoryCount: categories.count)
        fill(&tables, counts: multiplicities)
        return tables
    }
}
