/// The result of a many-facet Rasch analysis (SPEC section 13, `rasch`).
public struct RaschAnalysis: Sendable, Equatable {
    /// Newton steps taken until no estimate moved by more than 1e-7 logits and every score
    /// equation held to 1e-8.
    public var iterations: Int
    public var students: RaschFacet
    public var raters: RaschFacet
    public var criteria: RaschFacet
    /// F_1...F_m, summing to 0.
    public var thresholds: [RaschThreshold]
    /// The rubric score of each category 0...m, as given to the estimation.
    public var scale: [Int]

    public init(iterations: Int, students: RaschFacet, raters: RaschFacet, criteria: RaschFacet,
                thresholds: [RaschThreshold], scale: [Int]) {
        self.iterations = iterations
        self.students = students
        self.raters = raters
        self.criteria = criteria
        self.thresholds = thresholds
        self.scale = scale
    }

    /// One facet by kind.
    public subscript(_ kind: RaschFacetKind) -> RaschFacet {
        switch kind {
        case .students: students
        case .raters: raters
        case .criteria: criteria
        }
    }

    /// The rating-scale model with the estimated thresholds.
    public var model: RatingScaleModel { RatingScaleModel(thresholds: thresholds.map(\.threshold)) }
}

/// The elements of one facet and how well the facet separates them.
public struct RaschFacet: Sendable, Equatable {
    /// In the order the observations first name them.
    public var elements: [RaschElement]
    /// sqrt(T) / RMSE over the non-extreme elements, T = max(0, V - RMSE²), V the population
    /// variance of their measures and RMSE² the mean of their squared SEs; nil without a
    /// non-extreme element.
    public var separation: Double?
    /// T / V; nil when V is 0 (a single non-extreme element, or all measured alike).
    public var reliability: Double?

    public init(elements: [RaschElement], separation: Double?, reliability: Double?) {
        self.elements = elements
        self.separation = separation
        self.reliability = reliability
    }

    /// The element with this id, if the facet has it.
    public func element(_ id: String) -> RaschElement? {
        elements.first { $0.id == id }
    }
}

/// One student, rater or criterion.
public struct RaschElement: Sendable, Equatable {
    public var id: String
    /// Logits: ability for a student, severity for a rater (higher = harsher), difficulty for a
    /// criterion; nil when extreme.
    public var measure: Double?
    /// 1 / sqrt(Σ model variances of the observations used in estimation); nil when extreme.
    public var standardError: Double?
    /// Σ squared residuals / Σ model variances; nil when extreme.
    public var infit: Double?
    /// Mean squared standardized residual; nil when extreme.
    public var outfit: Double?
    /// All the element's observations in the analysis, extreme or not.
    public var count: Int
    /// The mean rubric score of those observations.
    public var observedAverage: Double
    /// Why the element has no measure; nil when it has one.
    public var extreme: ExtremeScore?
    /// Raters only: the expected rubric score for this rater with B at the mean of the
    /// non-extreme students and D = 0; nil for other facets and for extreme raters.
    public var fairAverage: Double?

    public init(id: String, measure: Double?, standardError: Double?, infit: Double?, outfit: Double?,
                count: Int, observedAverage: Double, extreme: ExtremeScore?, fairAverage: Double?) {
        self.id = id
        self.measure = measure
        self.standardError = standardError
        self.infit = infit
        self.outfit = outfit
        self.count = count
        self.observedAverage = observedAverage
        self.extreme = extreme
        self.fairAverage = fairAverage
    }
}

/// Why an element left the estimation before it began.
public enum ExtremeScore: String, Sendable, Equatable {
    /// Its score over the observations still in play was the lowest possible.
    case minimum
    /// Its score over the observations still in play was the highest possible.
    case maximum
    /// Every one of its observations left with an extreme element of another facet, so it has
    /// no score at all (neither end applies).
    case noObservationsLeft = "no_observations_left"
}

/// One Andrich threshold F_k, between categories k - 1 and k.
public struct RaschThreshold: Sendable, Equatable {
    /// k, 1...m.
    public var category: Int
    /// The rubric score of category k.
    public var level: Int
    /// F_k in logits.
    public var threshold: Double

    public init(category: Int, level: Int, threshold: Double) {
        self.category = category
        self.level = level
        self.threshold = threshold
    }
}
