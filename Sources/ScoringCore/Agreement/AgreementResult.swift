/// The agreement statistics of one criterion (SPEC section 8, `irr`).
public struct AgreementResult: Sendable, Equatable {
    /// Items with at least two reads.
    public var items: Int
    /// Distinct raters among the reads of those items.
    public var raters: Int
    /// Reads on those items.
    public var ratings: Int
    /// Pairs of reads on the same item, pooled over items.
    public var pairs: Int
    /// Share of the pairs that agree exactly; nil without pairs.
    public var exact: Double?
    /// Share of the pairs that differ by exactly 1; nil without pairs.
    public var adjacent: Double?
    /// `exact + adjacent`; nil without pairs.
    public var withinOne: Double?
    /// Share of the pairs that differ by 2 or more; nil without pairs.
    public var discrepant: Double?
    /// Every coefficient of `AgreementCoefficient`, with its interval or why it is undefined.
    public var coefficients: [AgreementCoefficient: CoefficientEstimate]
    /// What the intraclass correlations' columns are; nil when no item has two reads.
    public var intraclassDesign: IntraclassDesign?
    /// Rows of the intraclass correlations' matrix (items kept after listwise deletion).
    public var intraclassItems: Int

    /// A result with every field given; `AgreementAnalysis.analyze` builds them.
    public init(items: Int, raters: Int, ratings: Int, pairs: Int, exact: Double?, adjacent: Double?,
                withinOne: Double?, discrepant: Double?, coefficients: [AgreementCoefficient: CoefficientEstimate],
                intraclassDesign: IntraclassDesign?, intraclassItems: Int) {
        self.items = items
        self.raters = raters
        self.ratings = ratings
        self.pairs = pairs
        self.exact = exact
        self.adjacent = adjacent
        self.withinOne = withinOne
        self.discrepant = discrepant
        self.coefficients = coefficients
        self.intraclassDesign = intraclassDesign
        self.intraclassItems = intraclassItems
    }

    /// One coefficient's estimate; undefined (`noPairableItems`) if it is somehow absent.
    public subscript(_ coefficient: AgreementCoefficient) -> CoefficientEstimate {
        coefficients[coefficient] ?? .undefined(.noPairableItems)
    }

    /// One coefficient's value, nil where undefined.
    public func value(_ coefficient: AgreementCoefficient) -> Double? { self[coefficient].value }

    /// One coefficient's 95% interval, nil where undefined.
    public func interval(_ coefficient: AgreementCoefficient) -> ConfidenceInterval? { self[coefficient].interval }
}
