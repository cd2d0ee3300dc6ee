/// Distinct rater ids, kept without hashing: raters are interned to small dense integers, so
/// a table of flags holds them; any other id goes to a set.
struct RaterSet {
    private static let denseLimit: Int32 = 1 << 20

    private var dense: [Bool] = []
    private var sparse = Set<Int32>()
    /// How many distinct ids were inserted.
    private(set) var count = 0

    mutating func insert(_ id: Int32) {
        guard id >= 0, id < Self.denseLimit else {
            if sparse.insert(id).inserted { count += 1 }
            return
        }
        let index = Int(id)
        if index >= dense.count { dense.append(contentsOf: repeatElement(false, count: max(index + 1 - dense.count, dense.count))) }
        if !dense[index] {
            dense[index] = true
            count += 1
        }
    }

    /// The ids, ascending.
    func sorted() -> [Int32] {
        let outside = sparse.sorted()
        return outside.filter { $0 < 0 } + dense.indices.filter { dense[$0] }.map(Int32.init) + outside.filter { $0 >= 0 }
    }
}
