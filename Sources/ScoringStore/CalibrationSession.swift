import ScoringCore

/// A calibration session (SPEC section 10): a task component, its anchors and the thresholds a
/// rater must reach.
public struct CalibrationSession: Sendable, Equatable {
    public var name: String
    public var task: String
    public var component: String
    public var rubric: String
    public var exact: Double
    public var withinOne: Double
    public var openedAt: Timestamp
    public var openedBy: String?
    public var closedAt: Timestamp?
    /// The anchors' students, in the order they were added.
    public var anchors: [String]

    public init(
        name: String, task: String, component: String, rubric: String, exact: Double, withinOne: Double,
        openedAt: Timestamp, openedBy: String? = nil, closedAt: Timestamp? = nil, anchors: [String] = []
    ) {
        self.name = name
        self.task = task
        self.component = component
        self.rubric = rubric
        self.exact = exact
        self.withinOne = withinOne
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.closedAt = closedAt
        self.anchors = anchors
    }

    public var isOpen: Bool { closedAt == nil }
    public var thresholds: CalibrationThresholds { CalibrationThresholds(exact: exact, withinOne: withinOne) }
}

/// A rater's result in a closed session, which decides whether they may score the rubric.
public struct Qualification: Sendable, Equatable {
    public var rater: String
    public var session: String
    public var rubric: String
    public var qualified: Bool
    public var anchors: Int
    public var exact: Double?
    public var withinOne: Double?
    public var bias: Double?
    public var decidedAt: Timestamp

    public init(
        rater: String, session: String, rubric: String, qualified: Bool, anchors: Int, exact: Double?, withinOne: Double?,
        bias: Double?, decidedAt: Timestamp
    ) {
        self.rater = rater
        self.session = session
        self.rubric = rubric
        self.qualified = qualified
        self.anchors = anchors
        self.exact = exact
        self.withinOne = withinOne
        self.bias = bias
        self.decidedAt = decidedAt
    }
}

/// A submission component that is an anchor of an open session: what a rater may not see.
public struct AnchorKey: Hashable, Sendable {
    public var task: String
    public var component: String
    public var student: String

    public init(task: String, component: String, student: String) {
        self.task = task
        self.component = component
        self.student = student
    }
}
