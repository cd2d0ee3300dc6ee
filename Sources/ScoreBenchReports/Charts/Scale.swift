/// A linear map from data values to positions along one axis, with round tick values.
struct LinearScale {
    var low: Double
    var high: Double
    var from: Double
    var to: Double

    init(low: Double, high: Double, from: Double, to: Double) {
        self.low = low
        self.high = high == low ? low + 1 : high
        self.from = from
        self.to = to
    }

    func callAsFunction(_ value: Double) -> Double {
        from + (value - low) / (high - low) * (to - from)
    }

    /// `value` held within the domain, for marks that must stay on the chart.
    func clamped(_ value: Double) -> Double { self(min(max(value, low), high)) }

    /// A step of 1, 2 or 5 times a power of ten giving about `count` ticks over `span`.
    static func niceStep(span: Double, count: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(1, count))
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where power * factor >= raw { return power * factor }
        return power * 10
    }

    /// The domain widened to whole steps around `values` (and `include`), and that step.
    static func niceDomain(_ values: [Double], include: [Double] = [], ticks: Int = 6) -> (low: Double, high: Double, step: Double) {
        let all = (values + include).filter(\.isFinite)
        guard var low = all.min(), var high = all.max() else { return (0, 1, 0.2) }
        if low == high {
            low -= 0.5
            high += 0.5
        }
        let step = niceStep(span: high - low, count: ticks)
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step, step)
    }

    /// The tick values from `low` to `high` every `step`.
    func ticks(step: Double) -> [Double] {
        guard step > 0 else { return [low, high] }
        var values: [Double] = []
        var index = (low / step).rounded(.up)
        while index * step <= high + step * 1e-9, values.count < 200 {
            let value = index * step
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            index += 1
        }
        return values
    }
}
