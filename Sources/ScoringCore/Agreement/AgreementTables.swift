/// The sums over items that every bootstrapped coefficient is a function of: counts of items,
/// summed per-item agreement, summed category shares, Krippendorff's coincidence matrix and
/// the two-rater contingency table for Cohen's kappas.
///
/// Every item adds its own contribution, so a table for any multiset of items (the data, or a
/// bootstrap resample) is the multiplicity-weighted sum of its items' contributions. The sums
/// are kept in one flat array so that a resample refills them without allocating.
struct AgreementTables: Sendable {
    /// The number of categories.
    let categoryCount: Int
    /// `[itemsRead, itemsPairable, agreement, weightedAgreement, shares(q), coincidence(q*q), cohen(q*q)]`.
    var storage: [Double]

    init(categoryCount: Int) {
        self.categoryCount = categoryCount
        storage = [Double](repeating: 0, count: 4 + categoryCount + 2 * categoryCount * categoryCount)
    }

    static let itemsReadOffset = 0
    static let itemsPairableOffset = 1
    static let agreementOffset = 2
    static let weightedAgreementOffset = 3
    static let sharesOffset = 4
    var coincidenceOffset: Int { 4 + categoryCount }
    var cohenOffset: Int { 4 + categoryCount + categoryCount * categoryCount }

    /// Items with at least one read (Gwet's n, behind the category shares).
    var itemsRead: Double { storage[Self.itemsReadOffset] }
    /// Items with at least two reads (Gwet's n', behind observed agreement).
    var itemsPairable: Double { storage[Self.itemsPairableOffset] }
    /// Σ over pairable items of Σ_k r_ik (r_ik - 1) / (r_i (r_i - 1)).
    var agreement: Double { storage[Self.agreementOffset] }
    /// Σ over pairable items of Σ_k r_ik (r*_ik - 1) / (r_i (r_i - 1)), r*_ik = Σ_l w_kl r_il,
    /// quadratic weights.
    var weightedAgreement: Double { storage[Self.weightedAgreementOffset] }
    /// Σ over items with a read of r_ik / r_i.
    func share(_ k: Int) -> Double { storage[Self.sharesOffset + k] }
    /// Krippendorff's o_ck.
    func coincidence(_ c: Int, _ k: Int) -> Double { storage[coincidenceOffset + c * categoryCount + k] }
    /// Items where the first rater of the comparison gave category i and the second j.
    func cohen(_ i: Int, _ j: Int) -> Double { storage[cohenOffset + i * categoryCount + j] }

    mutating func reset() {
        for index in storage.indices { storage[index] = 0 }
    }
}

extension AgreementTables {
    /// Adds one item's contribution.
    /// - Parameters:
    ///   - counts: reads per category on the item (r_ik), at least one read in all.
    ///   - cohenCell: the (first, second) categories of the Cohen comparison, if the item has one.
    ///   - categories: for the quadratic weights.
    mutating func add(counts: [Int], cohenCell: (Int, Int)?, categories: AgreementCategories) {
        let q = categoryCount
        let reads = counts.reduce(0, +)
        guard reads > 0 else { return }
        storage[Self.itemsReadOffset] += 1
        for k in 0..<q where counts[k] > 0 {
            storage[Self.sharesOffset + k] += Double(counts[k]) / Double(reads)
        }
        if reads >= 2 {
            storage[Self.itemsPairableOffset] += 1
            let pairs = Double(reads * (reads - 1))
            var agreement = 0.0
            var weighted = 0.0
            for k in 0..<q where counts[k] > 0 {
                let r = Double(counts[k])
                agreement += r * (r - 1)
                var starred = 0.0
                for l in 0..<q where counts[l] > 0 {
                    starred += categories.quadraticWeight(k, l) * Double(counts[l])
                }
                weighted += r * (starred - 1)
                for l in 0..<q where counts[l] > 0 {
                    let together = k == l ? r * (r - 1) : r * Double(counts[l])
                    storage[coincidenceOffset + k * q + l] += together / Double(reads - 1)
                }
            }
            storage[Self.agreementOffset] += agreement / pairs
            storage[Self.weightedAgreementOffset] += weighted / pairs
        }
        if let (i, j) = cohenCell {
            storage[cohenOffset + i * q + j] += 1
        }
    }
}
