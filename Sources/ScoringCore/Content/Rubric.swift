/// A shared analytic rubric: an ordered scale, the criteria scored on it, and the rules that turn
/// criterion scores into a proficiency decision (SPEC section 2).
public struct Rubric: Sendable, Equatable {
    public var id: String
    public var title: String
    public var version: Int
    /// The levels, ascending by score.
    public var scale: [ScaleLevel]
    public var criteria: [Criterion]
    public var decision: DecisionRule
    public var resolution: ResolutionRule
    public var calibration: CalibrationThresholds
    /// The file the rubric came from, as the user would name it.
    public var file: String
    /// The file's text, which the store keeps as the copy of this version.
    public var source: String

    public init(
        id: String, title: String, version: Int, scale: [ScaleLevel], criteria: [Criterion],
        decision: DecisionRule, resolution: ResolutionRule = ResolutionRule(),
        calibration: CalibrationThresholds? = nil, file: String = "", source: String = ""
    ) {
        self.id = id
        self.title = title
        self.version = version
        self.scale = scale
        self.criteria = criteria
        self.decision = decision
        self.resolution = resolution
        self.calibration = calibration ?? CalibrationThresholds.defaults(levels: scale.count)
        self.file = file
        self.source = source
    }

    public var scores: [Int] { scale.map(\.score) }
    public var lowestScore: Int { scale.first?.score ?? 0 }
    public var highestScore: Int { scale.last?.score ?? 0 }

    public func isScaleScore(_ score: Int) -> Bool {
        scale.contains { $0.score == score }
    }

    public func label(for score: Int) -> String? {
        scale.first { $0.score == score }?.label
    }

    public func criterion(_ id: String) -> Criterion? {
        criteria.first { $0.id == id }
    }

    /// The scale as people say it: `1-4` when the scores are consecutive, else `0, 1, 2, 4`.
    public var scaleDescription: String {
        let scores = self.scores
        if let first = scores.first, let last = scores.last, last - first == scores.count - 1 {
            return scores.count == 1 ? "\(first)" : "\(first)-\(last)"
        }
        return scores.map(String.init).joined(separator: ", ")
    }
}

/// One level of a rubric's scale.
public struct ScaleLevel: Sendable, Equatable {
    public var score: Int
    public var label: String

    /// The scores a scale may use. Every statistic and decision works on them exactly: sums of
    /// ten million scores or squared differences stay far inside both `Int` and the integers a
    /// `Double` holds exactly (2^53), and no difference of two scores can overflow.
    public static let scores = -10_000...10_000

    /// The most a criterion's weight may be, so weighted sums stay finite and exact enough.
    public static let maximumWeight = 1_000.0

    public init(score: Int, label: String) {
        self.score = score
        self.label = label
    }
}

/// One row of an analytic rubric.
public struct Criterion: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The criterion's weight in the combined score; always > 0.
    public var weight: Double
    /// The competency this row is evidence for, if any.
    public var competency: String?
    /// What work at each level looks like, keyed by scale score.
    public var descriptors: [Int: String]

    public init(id: String, name: String, weight: Double = 1, competency: String? = nil, descriptors: [Int: String] = [:]) {
        self.id = id
        self.name = name
        self.weight = weight
        self.competency = competency
        self.descriptors = descriptors
    }
}

/// How a combined score becomes a decision.
public struct DecisionRule: Sendable, Equatable {
    /// A combined score at or above this is proficient.
    public var proficientAt: Double
    /// When set, every criterion's final score must be at least this.
    public var floor: Int?
    /// Performance-level labels, highest `at` first.
    public var levels: [PerformanceLevel]

    public init(proficientAt: Double, floor: Int? = nil, levels: [PerformanceLevel] = []) {
        self.proficientAt = proficientAt
        self.floor = floor
        self.levels = levels.sorted { $0.at > $1.at }
    }
}

public struct PerformanceLevel: Sendable, Equatable {
    public var at: Double
    public var label: String

    public init(at: Double, label: String) {
        self.at = at
        self.label = label
    }
}

/// How many independent reads a submission needs and when they disagree too much.
public struct ResolutionRule: Sendable, Equatable {
    public var reads: Int
    public var adjudicateAt: Int

    public init(reads: Int = 2, adjudicateAt: Int = 2) {
        self.reads = reads
        self.adjudicateAt = adjudicateAt
    }
}

/// What a rater must reach in a calibration session to qualify on a rubric (SPEC section 10).
public struct CalibrationThresholds: Sendable, Equatable {
    public var exact: Double
    public var withinOne: Double
    /// When true, only qualified raters may give operational reads on the rubric.
    public var required: Bool

    public init(exact: Double, withinOne: Double, required: Bool = false) {
        self.exact = exact
        self.withinOne = withinOne
        self.required = required
    }

    /// NAEP's qualification rules: the fewer the levels, the more exact agreement is expected.
    public static func defaults(levels: Int) -> CalibrationThresholds {
        let exact: Double = levels <= 2 ? 0.90 : levels == 3 ? 0.80 : 0.70
        return CalibrationThresholds(exact: exact, withinOne: 0.95)
    }
}
