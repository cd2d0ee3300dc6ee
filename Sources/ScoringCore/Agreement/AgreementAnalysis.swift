/// Inter-rater agreement of one criterion (SPEC section 8): pooled pair agreement, Cohen's
/// kappas, Fleiss' kappa, Krippendorff's alphas, Shrout & Fleiss ICCs and Gwet's AC1/AC2,
/// each with a 95% interval.
public enum AgreementAnalysis {
    /// Resamples of the item bootstrap (SPEC: 2,000).
    public static let bootstrapResamples = 2_000
    /// The seed of the default entry point's generator, so the same data always gives the
    /// same intervals.
    public static let bootstrapSeed: UInt64 = 0x5C0E_BE4C_1971_2011

    /// The statistics with bootstrap intervals from a `SeededGenerator` seeded with
    /// `bootstrapSeed`: deterministic for the same data.
    /// - Parameters:
    ///   - items: each item's reads in time order; items with fewer than two reads still count
    ///     in the category shares of Fleiss' kappa and Gwet's AC1/AC2.
    ///   - scale: every level of the rubric's scale, used or not.
    ///   - raters: the two raters of `--raters A,B`, if named.
    /// - Returns: every coefficient, nil with a reason where undefined (never NaN); on no data
    ///   at all, zero counts and every coefficient nil.
    public static func analyze(items: [ItemReads], scale: [Int], raters: RaterPair? = nil) -> AgreementResult {
        var generator = SeededGenerator(seed: bootstrapSeed)
        return analyze(items: items, scale: scale, raters: raters, resamples: bootstrapResamples, using: &generator)
    }

    /// The statistics with bootstrap intervals drawn from `generator`.
    ///
    /// Intervals of the non-ICC coefficients: `resamples` resamples of the items with at least
    /// one read, with replacement; the 2.5% and 97.5% quantiles (Hyndman & Fan definition 7,
    /// linear interpolation, R's default) of the replicates where the coefficient is defined;
    /// nil when fewer than half of them are. ICC intervals are F-based (McGraw & Wong 1996).
    /// - Complexity: O(reads) to reduce the items to patterns, then O(resamples × patterns);
    ///   the intraclass correlations are O(reads).
    public static func analyze(items: [ItemReads], scale: [Int], raters: RaterPair?, resamples: Int,
                               using generator: inout some RandomNumberGenerator) -> AgreementResult {
        let categories = AgreementCategories(scale: scale, items: items)
        let (comparison, cohenReason) = cohenComparison(items: items, raters: raters)
        let patterns = ItemPatterns(items: items, categories: categories, cohen: comparison)
        let pairs = PairAgreement(patterns: patterns)

        var coefficients: [AgreementCoefficient: CoefficientEstimate] = [:]
        let tables = patterns.tables()
        var defined: [AgreementCoefficient] = []
        for coefficient in AgreementBootstrap.coefficients {
            if [.cohenKappa, .linearKappa, .quadraticKappa].contains(coefficient), let cohenReason {
                coefficients[coefficient] = .undefined(cohenReason)
                continue
            }
            switch AgreementBootstrap.evaluate(coefficient, tables, categories: categories) {
            case .success(let value) where value.isFinite:
                coefficients[coefficient] = CoefficientEstimate(value: value)
                defined.append(coefficient)
            case .success:
                coefficients[coefficient] = .undefined(.noExpectedDisagreement)
            case .failure(.noSharedItems) where comparison.isReadOrder:
                coefficients[coefficient] = .undefined(.noPairableItems)
            case .failure(let reason):
                coefficients[coefficient] = .undefined(reason)
            }
        }
        let intervals = AgreementBootstrap.intervals(patterns, wanted: defined, resamples: resamples, using: &generator)
        for (coefficient, interval) in intervals { coefficients[coefficient]?.interval = interval }

        let matrix = RatingMatrix(items: items, pair: raters)
        let intraclass: [AgreementCoefficient: CoefficientEstimate]
        if let matrix, raters.map({ $0.first != $0.second }) ?? true, let squares = MeanSquares(matrix) {
            intraclass = IntraclassCorrelation.estimates(squares)
        } else {
            let reason: UndefinedReason = matrix == nil ? .noPairableItems
                : raters.map({ $0.first == $0.second }) ?? false ? .raterPairIsOneRater : .tooFewItems
            intraclass = Dictionary(uniqueKeysWithValues: AgreementCoefficient.allCases.filter(\.isIntraclass).map { ($0, .undefined(reason)) })
        }
        coefficients.merge(intraclass) { $1 }

        var counted = 0, ratings = 0
        var raterIDs = RaterSet()
        for item in items where item.count >= 2 {
            counted += 1
            ratings += item.count
            let ids = item.raters
            for index in 0..<item.count { raterIDs.insert(ids[index]) }
        }
        let exact = pairs.share(pairs.exact), adjacent = pairs.share(pairs.adjacent)
        return AgreementResult(
            items: counted,
            raters: raterIDs.count,
            ratings: ratings,
            pairs: pairs.pairs,
            exact: exact,
            adjacent: adjacent,
            withinOne: pairs.share(pairs.exact + pairs.adjacent),
            discrepant: pairs.share(pairs.discrepant),
            coefficients: coefficients,
            intraclassDesign: matrix?.design,
            intraclassItems: matrix?.rows ?? 0
        )
    }

    /// Which reads Cohen's kappas compare, or why they cannot.
    static func cohenComparison(items: [ItemReads], raters: RaterPair?) -> (CohenComparison, UndefinedReason?) {
        if let raters {
            return raters.first == raters.second ? (.none, .raterPairIsOneRater) : (.raters(raters), nil)
        }
        if items.contains(where: { $0.count > 2 }) { return (.none, .moreThanTwoReads) }
        return (.readOrder, nil)
    }
}

extension CohenComparison {
    var isReadOrder: Bool {
        if case .readOrder = self { return true }
        return false
    }
}
