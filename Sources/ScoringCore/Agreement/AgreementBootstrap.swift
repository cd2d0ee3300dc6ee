/// The coefficients computed from `AgreementTables`, and their item bootstrap.
enum AgreementBootstrap {
    /// The coefficients that are functions of the tables (all but the intraclass ones).
    static let coefficients = AgreementCoefficient.allCases.filter { !$0.isIntraclass }

    /// One table coefficient; the ICCs are not table coefficients and never come out of here.
    static func evaluate(_ coefficient: AgreementCoefficient, _ tables: AgreementTables,
                         categories: AgreementCategories) -> Result<Double, UndefinedReason> {
        let values = categories.values
        switch coefficient {
        case .cohenKappa: return tables.cohenKappa(.unweighted, values: values)
        case .linearKappa: return tables.cohenKappa(.linear, values: values)
        case .quadraticKappa: return tables.cohenKappa(.quadratic, values: values)
        case .fleissKappa: return tables.fleissKappa()
        case .alphaNominal: return tables.krippendorffAlpha(.nominal, values: values)
        case .alphaOrdinal: return tables.krippendorffAlpha(.ordinal, values: values)
        case .alphaInterval: return tables.krippendorffAlpha(.interval, values: values)
        case .alphaRatio: return tables.krippendorffAlpha(.ratio, values: values)
        case .gwetAC1: return tables.gwetAC(weighted: false, categories: categories)
        case .gwetAC2: return tables.gwetAC(weighted: true, categories: categories)
        case .icc1, .icc2, .icc3, .icc1k, .icc2k, .icc3k: return .failure(.zeroVariance)
        }
    }

    /// Percentile bootstrap intervals over items: each resample draws as many items as there
    /// are (items with at least one read), with replacement, and recomputes every coefficient
    /// that is defined on the data. Resamples are drawn as multinomial counts over the item
    /// patterns, or item by item when patterns are nearly as many as items; either way each
    /// resample is an exact draw of items.
    /// - Parameters:
    ///   - wanted: the coefficients to interval (those defined on the data).
    ///   - resamples: the number of resamples (SPEC: 2,000).
    /// - Returns: an interval per wanted coefficient, absent where fewer than half the
    ///   resamples define it.
    /// - Complexity: O(resamples × (patterns + q²)), or O(resamples × items) item by item.
    static func intervals(_ patterns: ItemPatterns, wanted: [AgreementCoefficient], resamples: Int,
                          using generator: inout some RandomNumberGenerator) -> [AgreementCoefficient: ConfidenceInterval] {
        let total = patterns.itemCount
        guard total > 0, resamples > 0, !wanted.isEmpty else { return [:] }
        var replicates = [[Double]](repeating: [], count: wanted.count)
        for index in replicates.indices { replicates[index].reserveCapacity(resamples) }
        var counts = [Int](repeating: 0, count: patterns.patterns.count)
        var tables = AgreementTables(categoryCount: patterns.categories.count)
        // Item by item, the items are listed pattern by pattern in canonical order, so the
        // draws do not depend on the order the items came in.
        let canonicalItems: [Int32] = patterns.patterns.count * 8 > total
            ? patterns.multiplicities.indices.flatMap { repeatElement(Int32($0), count: patterns.multiplicities[$0]) }
            : []
        for _ in 0..<resamples {
            if !canonicalItems.isEmpty {
                for index in counts.indices { counts[index] = 0 }
                for _ in 0..<total {
                    let item = Int(generator.next().multipliedFullWidth(by: UInt64(total)).high)
                    counts[Int(canonicalItems[item])] += 1
                }
            } else {
                MultinomialSampling.draw(total: total, sizes: patterns.multiplicities, into: &counts, using: &generator)
            }
            patterns.fill(&tables, counts: counts)
            for (index, coefficient) in wanted.enumerated() {
                if case .success(let value) = evaluate(coefficient, tables, categories: patterns.categories), value.isFinite {
                    replicates[index].append(value)
                }
            }
        }
        var result: [AgreementCoefficient: ConfidenceInterval] = [:]
        for (index, coefficient) in wanted.enumerated() {
            result[coefficient] = PercentileBootstrap.interval(replicates: &replicates[index], resamples: resamples)
        }
        return result
    }
}
