extension RollupRule {
    /// How far below `proficientAt` a value may fall and still reach it: the same 1e-9 as
    /// component decisions, so that a decaying average such as 0.65 × 3 + 0.35 × 3 is never
    /// short of 3 by rounding.
    public static let tolerance = DecisionRule.tolerance

    /// Rolls up one student's evidence for one competency by this rule's method (SPEC section 9).
    ///
    /// - Parameter evidence: the evidence, oldest first as `EvidenceBuilder` gives it; other
    ///   orders are sorted first.
    /// - Returns: value nil and not proficient when `evidence` is empty.
    /// - Complexity: O(n) for ordered evidence (O(n × times) for `n-times`).
    public func rollUp(_ evidence: [Evidence]) -> RollupResult {
        if Evidence.isOrdered(evidence) { return rollUp(values: evidence.lazy.map(\.value)) }
        return rollUp(values: evidence.sorted(by: Evidence.precedes).lazy.map(\.value))
    }

    /// Rolls up evidence values s1…sn, oldest first.
    ///
    /// | method | value | proficient |
    /// | --- | --- | --- |
    /// | most-recent | sn | value >= proficientAt |
    /// | highest | max | value >= proficientAt |
    /// | mean | mean | value >= proficientAt |
    /// | weighted-average | weight × sn + (1 - weight) × mean(s1…sn-1); sn when n = 1 | value >= proficientAt |
    /// | decaying-average | d1 = s1, di = weight × si + (1 - weight) × d(i-1); dn | value >= proficientAt |
    /// | n-times | mean of the `times` highest (all, if fewer) | at least `times` values >= proficientAt |
    ///
    /// Comparisons with `proficientAt` allow `tolerance`; a `times` below 1 counts as 1.
    ///
    /// - Returns: value nil and not proficient when `values` is empty.
    /// - Complexity: O(n), O(n × times) for `n-times`.
    public func rollUp(values: some Sequence<Double>) -> RollupResult {
        let threshold = proficientAt - Self.tolerance
        var count = 0
        var value = 0.0
        var proficient: Bool?
        switch method {
        case .mostRecent:
            for item in values {
                value = item
                count += 1
            }
        case .highest:
            for item in values {
                value = count == 0 ? item : max(value, item)
                count += 1
            }
        case .mean:
            var sum = 0.0
            for item in values {
                sum += item
                count += 1
            }
            value = sum / Double(max(count, 1))
        case .weightedAverage:
            var earlier = 0.0
            var sum = 0.0
            var last = 0.0
            for item in values {
                earlier = sum
                sum += item
                last = item
                count += 1
            }
            value = count <= 1 ? last : weight * last + (1 - weight) * (earlier / Double(count - 1))
        case .decayingAverage:
            for item in values {
                value = count == 0 ? item : weight * item + (1 - weight) * value
                count += 1
            }
        case .nTimes:
            let times = max(self.times, 1)
            var highest = TopValues(capacity: times)
            var reaching = 0
            for item in values {
                highest.insert(item)
                if item >= threshold { reaching += 1 }
                count += 1
            }
            value = highest.mean
            proficient = reaching >= times
        }
        guard count > 0 else { return RollupResult(method: method, evidence: 0, value: nil, proficient: false) }
        return RollupResult(method: method, evidence: count, value: value, proficient: proficient ?? (value >= threshold))
    }
}

/// The `capacity` highest values seen so far.
private struct TopValues {
    let capacity: Int
    /// Descending.
    var values: [Double] = []

    init(capacity: Int) {
        self.capacity = capacity
        values.reserveCapacity(capacity)
    }

    mutating func insert(_ value: Double) {
        if values.count == capacity {
            guard let smallest = values.last, value > smallest else { return }
            values.removeLast()
        }
        var index = values.endIndex
        while index > 0, values[index - 1] < value { index -= 1 }
        values.insert(value, at: index)
    }

    /// 0 when empty.
    var mean: Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
