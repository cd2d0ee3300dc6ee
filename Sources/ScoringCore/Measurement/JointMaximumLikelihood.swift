/// Joint maximum-likelihood estimation (JMLE, no bias correction) of the many-facet
/// rating-scale model, as SPEC section 13 defines it.
///
/// The log-likelihood is concave in all the estimates at once (the model is an exponential
/// family), so the estimation takes full Newton steps: students are eliminated from each
/// Newton system exactly (their block of the information matrix is diagonal), leaving a system
/// the size of raters + criteria + thresholds, solved by Cholesky under the centring
/// constraints. Each step is capped at one logit for the largest move and halved until the
/// likelihood does not fall, so the iteration cannot diverge; near the maximum it converges
/// quadratically, which is what lets it meet the 1e-8 score-equation tolerance in a handful
/// of steps.
public enum JointMaximumLikelihood {
    /// Convergence: no estimate may move by more than this (logits) ...
    public static let measureTolerance = 1e-7
    /// ... and every score equation (observed minus expected score of each element, observed
    /// minus expected count at or above each category) must hold to this.
    public static let scoreTolerance = 1e-8
    /// Newton steps allowed before the estimation gives up (`RaschError.didNotConverge`).
    public static let maximumIterations = 500
    /// The largest move, in logits, one step may make.
    static let largestStep = 1.0

    /// Estimates every measure, standard error, fit statistic and threshold of SPEC 13.
    ///
    /// - Parameters:
    ///   - observations: the reads as (student, rater, criterion, category 0...m).
    ///   - scale: the rubric score of each category 0...m, ascending; m + 1 = `scale.count`.
    /// - Returns: the analysis, elements in the order the observations first name them.
    /// - Throws: `RaschError` without estimating anything: no observations, a scale of one
    ///   level, a category outside 0...m, nothing left once extremes are out, a level unused
    ///   once extremes are out, observations that do not connect every element, or no
    ///   convergence in `maximumIterations` steps (no finite maximum).
    /// - Complexity: per step O(observations × m² + students × k² + (raters + criteria + m)³),
    ///   k the raters, criteria and thresholds one student meets.
    public static func estimate(_ observations: [RaschObservation], scale: [Int]) throws(RaschError) -> RaschAnalysis {
        guard !observations.isEmpty else { throw .noObservations }
        guard scale.count >= 2 else { throw .scaleHasOneLevel }
        let m = scale.count - 1
        if let stray = observations.first(where: { !(0...m).contains($0.category) }) {
            throw .categoryOutOfRange(category: stray.category, maximum: m)
        }
        var design = RaschDesign(observations, maximumCategory: m)
        design.removeExtremes()
        let data = design.estimationData()
        guard data.observationCount > 0 else { throw .everyObservationExtreme }

        var used = [Bool](repeating: false, count: m + 1)
        for category in data.category { used[category] = true }
        let unused = (0...m).filter { !used[$0] }
        guard unused.isEmpty else { throw .unusedLevels(unused.map { scale[$0] }) }

        let split = data.disconnectedGroups()
        guard split.isEmpty else {
            throw .disconnected(split.map { facet, groups in
                RaschSubsets(facet: RaschFacetKind.allCases[facet],
                             groups: groups.map { $0.map { design.ids[facet][data.original[facet][$0]] } })
            })
        }

        var estimator = RaschEstimator(data)
        try estimator.solve()
        return estimator.analysis(design: design, scale: scale)
    }
}
