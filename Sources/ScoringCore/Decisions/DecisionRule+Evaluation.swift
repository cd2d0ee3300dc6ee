extension DecisionRule {
    /// How far below a threshold a score may fall and still reach it, so that a mean such as
    /// (2 + 4) / 2 computed in floating point is never unfairly short of 3.
    public static let tolerance = 1e-9

    /// Whether a component with these final scores is proficient: `combined` reaches
    /// `proficientAt` and every final reaches `floor` (both within `tolerance`).
    ///
    /// - Returns: false when `combined` is NaN; with no finals only `combined` counts.
    public func isProficient(combined: Double, finals: [Double]) -> Bool {
        guard combined >= proficientAt - Self.tolerance else { return false }
        guard let floor else { return true }
        let least = Double(floor) - Self.tolerance
        return finals.allSatisfy { $0 >= least }
    }

    /// The label of the highest performance level whose `at` is at most `combined` (within
    /// `tolerance`); between levels with the same `at`, the first listed.
    ///
    /// - Returns: nil when there are no levels, `combined` is below all of them, or it is NaN.
    public func level(for combined: Double) -> String? {
        var best: PerformanceLevel?
        for level in levels where level.at <= combined + Self.tolerance {
            if let current = best, current.at >= level.at { continue }
            best = level
        }
        return best?.label
    }
}

extension Rubric {
    /// The weighted mean of final scores given in criterion order, by the criteria's weights.
    ///
    /// - Returns: nil when `finals` does not have one score per criterion or the weights add
    ///   up to zero (a rubric with no criteria).
    public func combinedScore(finals: [Double]) -> Double? {
        guard finals.count == criteria.count else { return nil }
        var weighted = 0.0
        var total = 0.0
        for (criterion, final) in zip(criteria, finals) {
            weighted += criterion.weight * final
            total += criterion.weight
        }
        guard total > 0 else { return nil }
        return weighted / total
    }
}
