/// A two-sided 95% confidence interval `[low, high]`.
public struct ConfidenceInterval: Sendable, Equatable {
    public var low: Double
    public var high: Double

    /// The interval from `low` to `high`.
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// `[low, high]`, the JSON form.
    public var bounds: [Double] { [low, high] }
}

/// One coefficient's value and interval.
public struct CoefficientEstimate: Sendable, Equatable {
    /// The coefficient; nil where it is undefined for the data, never NaN or infinite.
    public var value: Double?
    /// Its 95% interval; nil when the value is nil or the interval is undefined.
    public var interval: ConfidenceInterval?
    /// Why `value` is nil.
    public var reason: UndefinedReason?

    /// A value with its interval, or nil with the reason.
    public init(value: Double?, interval: ConfidenceInterval? = nil, reason: UndefinedReason? = nil) {
        self.value = value
        self.interval = interval
        self.reason = reason
    }

    /// A coefficient that is undefined for the given reason.
    public static func undefined(_ reason: UndefinedReason) -> CoefficientEstimate {
        CoefficientEstimate(value: nil, reason: reason)
    }
}
