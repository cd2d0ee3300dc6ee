/// One rater × group interaction term of SPEC 13's `bias`.
public struct RaterBiasTerm: Sendable, Equatable {
    public var rater: String
    public var group: String
    /// The observations the term is estimated over: the rater's reads of the group's
    /// non-extreme students on non-extreme criteria.
    public var count: Int
    /// b in logits: positive when the rater scores this group higher than the model expects;
    /// nil when `gap` says why.
    public var bias: Double?
    /// 1 / sqrt(Σ model variances at b); nil with `bias`.
    public var standardError: Double?
    /// b / se; nil with `bias`.
    public var t: Double?
    /// |t| ≥ 2 and at least 10 observations.
    public var flagged: Bool
    /// Why `bias` is nil; nil when it has a value.
    public var gap: RaterBiasGap?

    public init(rater: String, group: String, count: Int, bias: Double?, standardError: Double?, t: Double?,
                flagged: Bool, gap: RaterBiasGap?) {
        self.rater = rater
        self.group = group
        self.count = count
        self.bias = bias
        self.standardError = standardError
        self.t = t
        self.flagged = flagged
        self.gap = gap
    }
}

/// Why a rater × group cell has no bias estimate.
public enum RaterBiasGap: String, Sendable, Equatable {
    case fewObservations = "fewer than 10 observations"
    /// Every observation is the lowest category, or every one the highest: b is unbounded.
    case oneEndOfScale = "every observation at one end of the scale"
}

/// Rater × group bias (SPEC 13, `bias --by school|grade|group`): with every estimate of a Rasch
/// analysis held fixed, one more term b per rater and group, log(P(k) / P(k-1)) =
/// B_n - C_j - D_i - F_k + b, estimated by maximum likelihood over the cell's observations.
public enum RaterBias {
    /// Cells with fewer observations get no estimate and are never flagged.
    public static let minimumCount = 10
    /// A term is flagged when |t| reaches this.
    public static let flagThreshold = 2.0

    /// Every rater × group cell with at least one observation of a non-extreme student.
    ///
    /// b solves Σ (x - E(b)) = 0 over the cell, E(b) the expected category at
    /// B_n - C_j - D_i + b: the left side falls strictly as b rises, so the root is unique and
    /// finite unless every observation sits at one end of the scale. It is found by Newton
    /// steps (capped at one logit) kept inside a bracket that bisection narrows.
    ///
    /// - Parameters:
    ///   - observations: the observations the analysis was estimated from.
    ///   - groups: each student's group (school, grade, …); students without one are left out.
    ///   - analysis: the estimates held fixed.
    /// - Returns: rows in the analysis's rater order, then in the order the observations first
    ///   name each group. A rater who is extreme has all their remaining observations at one
    ///   end (that is what made them extreme), so their cells come out as `.oneEndOfScale`.
    /// - Complexity: O(observations × m × Newton steps).
    public static func estimate(_ observations: [RaschObservation], groups: [String: String],
                                analysis: RaschAnalysis) -> [RaterBiasTerm] {
        func measures(_ facet: RaschFacet) -> [String: Double?] {
            Dictionary(facet.elements.map { ($0.id, $0.measure) }, uniquingKeysWith: { first, _ in first })
        }
        let abilities = measures(analysis.students)
        let difficulties = measures(analysis.criteria)
        let severities = measures(analysis.raters)
        let raterOrder = Dictionary(analysis.raters.elements.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })

        struct Cell: Hashable { var rater: String; var group: String }
        var groupOrder: [String: Int] = [:]
        // Per cell: each observation's logit without b (B - D; the rater's C comes later) and
        // its category.
        var cells: [Cell: [(eta: Double, category: Int)]] = [:]
        for observation in observations {
            guard let group = groups[observation.student],
                  let ability = abilities[observation.student] ?? nil,
                  let difficulty = difficulties[observation.criterion] ?? nil,
                  raterOrder[observation.rater] != nil else { continue }
            if groupOrder[group] == nil { groupOrder[group] = groupOrder.count }
            cells[Cell(rater: observation.rater, group: group), default: []]
                .append((ability - difficulty, observation.category))
        }

        let model = analysis.model
        let ordered = cells.keys.sorted {
            (raterOrder[$0.rater] ?? 0, groupOrder[$0.group] ?? 0) < (raterOrder[$1.rater] ?? 0, groupOrder[$1.group] ?? 0)
        }
        return ordered.map { cell in
            let reads = cells[cell] ?? []
            func empty(_ gap: RaterBiasGap) -> RaterBiasTerm {
                RaterBiasTerm(rater: cell.rater, group: cell.group, count: reads.count, bias: nil,
                              standardError: nil, t: nil, flagged: false, gap: gap)
            }
            guard reads.count >= minimumCount else { return empty(.fewObservations) }
            let atOneEnd = reads.allSatisfy { $0.category == 0 }
                || reads.allSatisfy { $0.category == model.maximumCategory }
            guard !atOneEnd, let severity = severities[cell.rater] ?? nil else { return empty(.oneEndOfScale) }
            let etas = reads.map { $0.eta - severity }
            let observed = Double(reads.reduce(0) { $0 + $1.category })
            guard let (bias, variance) = solve(etas: etas, observed: observed, model: model),
                  let error = finiteOrNil(1 / variance.squareRoot()),
                  let t = finiteOrNil(bias / error) else { return empty(.oneEndOfScale) }
            return RaterBiasTerm(rater: cell.rater, group: cell.group, count: reads.count, bias: bias,
                                 standardError: error, t: t, flagged: abs(t) >= flagThreshold, gap: nil)
        }
    }

    /// The root b of Σ (x - E(η + b)) = 0 and Σ Var(η + b) there.
    /// - Returns: nil if the iteration meets a non-finite value.
    static func solve(etas: [Double], observed: Double, model: RatingScaleModel) -> (Double, Double)? {
        var probabilities = [Double](repeating: 0, count: model.maximumCategory + 1)
        func evaluate(_ b: Double) -> (residual: Double, variance: Double) {
            var expected = 0.0, variance = 0.0
            for eta in etas {
                model.fillProbabilities(at: eta + b, into: &probabilities)
                let moments = model.moments(probabilities)
                expected += moments.expected
                variance += moments.variance
            }
            return (observed - expected, variance)
        }
        var low = -Double.infinity, high = Double.infinity
        var b = 0.0
        for _ in 0..<200 {
            let (residual, variance) = evaluate(b)
            guard residual.isFinite, variance.isFinite else { return nil }
            if abs(residual) <= 1e-10 { return (b, variance) }
            // The residual falls as b rises: a positive one puts the root above b.
            if residual > 0 { low = b } else { high = b }
            var next = b + max(-1, min(1, residual / max(variance, Double.leastNormalMagnitude)))
            if low.isFinite, high.isFinite, !(low < next && next < high) { next = (low + high) / 2 }
            guard next != b else { return (b, variance) }
            b = next
        }
        let variance = evaluate(b).variance
        return variance.isFinite ? (b, variance) : nil
    }
}
