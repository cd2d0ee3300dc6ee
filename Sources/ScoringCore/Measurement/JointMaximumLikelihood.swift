import Foundation

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

/// The Newton iteration over the observations in play and the statistics at its solution.
struct RaschEstimator {
    let data: RaschEstimationData
    let students: Int, raters: Int, criteria: Int, m: Int
    let byStudent: [[Int]]
    /// Student abilities B_n.
    var ability: [Double]
    /// Rater severities C_j, then criterion difficulties D_i, then thresholds F_1...F_m: the
    /// "global" estimates that every student's observations share.
    var global: [Double]
    var iterations = 0

    init(_ data: RaschEstimationData) {
        self.data = data
        students = data.count(0)
        raters = data.count(1)
        criteria = data.count(2)
        m = data.maximumCategory
        byStudent = data.observationsByStudent()
        global = [Double](repeating: 0, count: raters + criteria + m)
        // Start each student at the log-odds of their mean category, which every student in
        // play has strictly inside 0...m; the Newton steps do the rest.
        ability = byStudent.map { observations in
            let mean = Double(observations.reduce(0) { $0 + data.category[$1] }) / Double(observations.count)
            return log(mean / (Double(data.maximumCategory) - mean))
        }
    }

    var raterSeverity: ArraySlice<Double> { global[0..<raters] }
    var criterionDifficulty: ArraySlice<Double> { global[raters..<(raters + criteria)] }
    var thresholds: [Double] { Array(global[(raters + criteria)...]) }

    /// The logit of one observation at the given estimates.
    func eta(_ observation: Int, ability: [Double], global: [Double]) -> Double {
        ability[data.element[0][observation]] - global[data.element[1][observation]]
            - global[raters + data.element[2][observation]]
    }

    /// Iterates to convergence.
    mutating func solve() throws(RaschError) {
        while true {
            let step = newtonStep()
            let move = max(step.ability.reduce(0) { max($0, abs($1)) }, step.global.reduce(0) { max($0, abs($1)) })
            guard move.isFinite, step.largestResidual.isFinite else {
                throw .didNotConverge(iterations: iterations)
            }
            if move <= JointMaximumLikelihood.measureTolerance,
               step.largestResidual <= JointMaximumLikelihood.scoreTolerance { return }
            guard iterations < JointMaximumLikelihood.maximumIterations else {
                throw .didNotConverge(iterations: iterations)
            }
            var scale = min(1, JointMaximumLikelihood.largestStep / move)
            // Rounding makes the likelihood of nearly equal estimates compare either way; a
            // relative slack of 1e-12 keeps the final quadratic steps from being refused.
            let current = logLikelihood(ability: ability, global: global)
            let floor = current - 1e-12 * max(1, abs(current))
            for _ in 0..<60 {
                let trialAbility = zip(ability, step.ability).map { $0 + scale * $1 }
                let trialGlobal = zip(global, step.global).map { $0 + scale * $1 }
                if logLikelihood(ability: trialAbility, global: trialGlobal) >= floor {
                    ability = trialAbility
                    global = trialGlobal
                    break
                }
                scale /= 2
            }
            iterations += 1
        }
    }

    /// The log-likelihood of the observations in play.
    func logLikelihood(ability: [Double], global: [Double]) -> Double {
        let model = RatingScaleModel(thresholds: Array(global[(raters + criteria)...]))
        var total = 0.0
        for observation in 0..<data.observationCount {
            total += model.logProbability(of: data.category[observation],
                                          at: eta(observation, ability: ability, global: global))
        }
        return total
    }

    /// The Newton step at the current estimates, with the quantities that decide convergence.
    ///
    /// The information matrix is Σ over observations of Jᵀ Cov(t) J, t = (x, -1[x ≥ 1], ...,
    /// -1[x ≥ m]) the sufficient statistics: Var(x) between η terms, Cov(x, 1[x ≥ h]) between
    /// η and F_h, and P(x ≥ max(h, g)) - P(x ≥ h) P(x ≥ g) between thresholds.
    func newtonStep() -> (ability: [Double], global: [Double], largestResidual: Double) {
        let size = global.count
        let thresholdBase = raters + criteria
        let model = RatingScaleModel(thresholds: thresholds)
        var probabilities = [Double](repeating: 0, count: m + 1)
        var atLeast = [Double](repeating: 0, count: m + 1)
        var covariance = [Double](repeating: 0, count: m + 1)

        var information = SymmetricMatrix(size: size)
        var gradient = [Double](repeating: 0, count: size)
        // The global gradient with the students eliminated: the right-hand side of the
        // reduced system.
        var reducedGradient = [Double](repeating: 0, count: size)
        var abilityGradient = [Double](repeating: 0, count: students)
        var abilityInformation = [Double](repeating: 0, count: students)
        // Each student's row of the information matrix against the global estimates, kept
        // sparse (the raters and criteria they meet, and the thresholds) for the back
        // substitution.
        var crossStart = [0]
        var crossIndex: [Int] = []
        var crossValue: [Double] = []
        var cross = [Double](repeating: 0, count: size)
        var touched = [Bool](repeating: false, count: size)
        var touchedList: [Int] = []
        func touch(_ index: Int) {
            guard !touched[index] else { return }
            touched[index] = true
            touchedList.append(index)
        }

        for student in 0..<students {
            for h in 0..<m { touch(thresholdBase + h) }
            for observation in byStudent[student] {
                let x = data.category[observation]
                let rater = data.element[1][observation]
                let criterion = raters + data.element[2][observation]
                let eta = eta(observation, ability: ability, global: global)
                model.fillProbabilities(at: eta, into: &probabilities)
                let (expected, variance) = model.moments(probabilities)
                // Suffix sums: P(x ≥ h) and Σ_{k ≥ h} (k - E) P(k) = Cov(x, 1[x ≥ h]).
                atLeast[m] = probabilities[m]
                covariance[m] = (Double(m) - expected) * probabilities[m]
                for k in stride(from: m - 1, through: 1, by: -1) {
                    atLeast[k] = atLeast[k + 1] + probabilities[k]
                    covariance[k] = covariance[k + 1] + (Double(k) - expected) * probabilities[k]
                }
                let residual = Double(x) - expected

                abilityGradient[student] += residual
                abilityInformation[student] += variance
                gradient[rater] -= residual
                gradient[criterion] -= residual
                touch(rater)
                touch(criterion)
                cross[rater] -= variance
                cross[criterion] -= variance
                information[rater, rater] += variance
                information[criterion, criterion] += variance
                information[rater, criterion] += variance
                information[criterion, rater] += variance
                for h in 1...m {
                    let f = thresholdBase + h - 1
                    gradient[f] -= (x >= h ? 1 : 0) - atLeast[h]
                    cross[f] -= covariance[h]
                    information[rater, f] += covariance[h]
                    information[f, rater] += covariance[h]
                    information[criterion, f] += covariance[h]
                    information[f, criterion] += covariance[h]
                    for g in 1...m {
                        information[f, thresholdBase + g - 1] += atLeast[max(h, g)] - atLeast[h] * atLeast[g]
                    }
                }
            }
            // Eliminate the student: subtract their row's outer product over their information.
            let own = max(abilityInformation[student], Double.leastNormalMagnitude)
            for a in touchedList {
                for b in touchedList { information[a, b] -= cross[a] * cross[b] / own }
                reducedGradient[a] -= cross[a] * abilityGradient[student] / own
                crossIndex.append(a)
                crossValue.append(cross[a])
            }
            for a in touchedList {
                cross[a] = 0
                touched[a] = false
            }
            crossStart.append(crossIndex.count)
            touchedList.removeAll(keepingCapacity: true)
        }

        let largestResidual = max(abilityGradient.reduce(0) { max($0, abs($1)) },
                                  gradient.reduce(0) { max($0, abs($1)) })
        for a in 0..<size { reducedGradient[a] += gradient[a] }

        let globalStep = solveCentred(information, reducedGradient)
        var abilityStep = [Double](repeating: 0, count: students)
        for student in 0..<students {
            var rest = abilityGradient[student]
            for position in crossStart[student]..<crossStart[student + 1] {
                rest -= crossValue[position] * globalStep[crossIndex[position]]
            }
            abilityStep[student] = rest / max(abilityInformation[student], Double.leastNormalMagnitude)
        }
        return (abilityStep, globalStep, largestResidual)
    }

    /// Solves the reduced Newton system under the centring constraints (raters, criteria and
    /// thresholds each summing to 0) by substituting the last element of each group with minus
    /// the sum of the others.
    /// - Returns: the step for every global estimate; zero should the system be singular
    ///   beyond what a tiny ridge repairs, which the convergence test then reports.
    func solveCentred(_ information: SymmetricMatrix, _ gradient: [Double]) -> [Double] {
        let groups = [0..<raters, raters..<(raters + criteria), (raters + criteria)..<global.count]
        var free: [(index: Int, last: Int)] = []
        for group in groups where group.count >= 2 {
            for index in group.dropLast() { free.append((index, group.upperBound - 1)) }
        }
        var reduced = SymmetricMatrix(size: free.count)
        var rhs = [Double](repeating: 0, count: free.count)
        for (a, rowPair) in free.enumerated() {
            rhs[a] = gradient[rowPair.index] - gradient[rowPair.last]
            for (b, columnPair) in free.enumerated() {
                reduced[a, b] = information[rowPair.index, columnPair.index] - information[rowPair.index, columnPair.last]
                    - information[rowPair.last, columnPair.index] + information[rowPair.last, columnPair.last]
            }
        }
        var solution = reduced.choleskySolve(rhs)
        // The information is positive definite on a connected design; a ridge only rescues
        // steps where probabilities have underflowed far from the solution.
        var ridge = 1e-12 * max(reduced.largestDiagonal, 1)
        while solution == nil, ridge < 1e6 {
            var damped = reduced
            for a in 0..<free.count { damped[a, a] += ridge }
            solution = damped.choleskySolve(rhs)
            ridge *= 100
        }
        var step = [Double](repeating: 0, count: global.count)
        guard let solution else { return step }
        for (a, pair) in free.enumerated() {
            step[pair.index] = solution[a]
            step[pair.last] -= solution[a]
        }
        return step
    }

    /// The analysis at the converged estimates: measures, standard errors and fit over the
    /// observations in play, counts and averages over every observation of the design.
    func analysis(design: RaschDesign, scale: [Int]) -> RaschAnalysis {
        let model = RatingScaleModel(thresholds: thresholds)
        var probabilities = [Double](repeating: 0, count: m + 1)
        var variances = [[Double]](), squares = [[Double]](), standardized = [[Double]](), used = [[Int]]()
        for facet in 0..<3 {
            variances.append(Array(repeating: 0, count: data.count(facet)))
            squares.append(Array(repeating: 0, count: data.count(facet)))
            standardized.append(Array(repeating: 0, count: data.count(facet)))
            used.append(Array(repeating: 0, count: data.count(facet)))
        }
        for observation in 0..<data.observationCount {
            model.fillProbabilities(at: eta(observation, ability: ability, global: global), into: &probabilities)
            let moments = model.moments(probabilities)
            let residual = Double(data.category[observation]) - moments.expected
            for facet in 0..<3 {
                let element = data.element[facet][observation]
                variances[facet][element] += moments.variance
                squares[facet][element] += residual * residual
                standardized[facet][element] += residual * residual / moments.variance
                used[facet][element] += 1
            }
        }

        var totals = design.ids.map { [Int](repeating: 0, count: $0.count) }
        var counts = design.ids.map { [Int](repeating: 0, count: $0.count) }
        for observation in 0..<design.observationCount {
            for facet in 0..<3 {
                totals[facet][design.element[facet][observation]] += scale[design.category[observation]]
                counts[facet][design.element[facet][observation]] += 1
            }
        }

        let measures = [ability, Array(raterSeverity), Array(criterionDifficulty)]
        let meanAbility = ability.reduce(0, +) / Double(students)
        var facets: [RaschFacet] = []
        for facet in 0..<3 {
            var compact = [Int?](repeating: nil, count: design.ids[facet].count)
            for (index, original) in data.original[facet].enumerated() { compact[original] = index }
            var spread: [(measure: Double, error: Double)] = []
            let elements = design.ids[facet].indices.map { original -> RaschElement in
                let observed = Double(totals[facet][original]) / Double(counts[facet][original])
                guard let index = compact[original] else {
                    return RaschElement(id: design.ids[facet][original], measure: nil, standardError: nil,
                                        infit: nil, outfit: nil, count: counts[facet][original],
                                        observedAverage: observed, extreme: design.extreme[facet][original],
                                        fairAverage: nil)
                }
                let measure = measures[facet][index]
                let error = finiteOrNil(1 / variances[facet][index].squareRoot())
                if let error { spread.append((measure, error)) }
                let fair = facet == 1 ? finiteOrNil(model.expectedScore(at: meanAbility - measure, scores: scale)) : nil
                return RaschElement(
                    id: design.ids[facet][original], measure: measure, standardError: error,
                    infit: finiteOrNil(squares[facet][index] / variances[facet][index]),
                    outfit: finiteOrNil(standardized[facet][index] / Double(used[facet][index])),
                    count: counts[facet][original], observedAverage: observed, extreme: nil, fairAverage: fair)
            }
            let (separation, reliability) = separationAndReliability(spread)
            facets.append(RaschFacet(elements: elements, separation: separation, reliability: reliability))
        }
        let thresholds = self.thresholds.enumerated().map { index, value in
            RaschThreshold(category: index + 1, level: scale[index + 1], threshold: value)
        }
        return RaschAnalysis(iterations: iterations, students: facets[0], raters: facets[1], criteria: facets[2],
                             thresholds: thresholds, scale: scale)
    }

    /// SPEC 13's separation sqrt(T) / RMSE and reliability T / V, T = max(0, V - RMSE²).
    /// - Returns: nils without elements; reliability nil when V is 0.
    func separationAndReliability(_ spread: [(measure: Double, error: Double)]) -> (Double?, Double?) {
        guard !spread.isEmpty else { return (nil, nil) }
        let count = Double(spread.count)
        let mean = spread.reduce(0) { $0 + $1.measure } / count
        let variance = spread.reduce(0) { $0 + ($1.measure - mean) * ($1.measure - mean) } / count
        let meanSquareError = spread.reduce(0) { $0 + $1.error * $1.error } / count
        let trueVariance = max(0, variance - meanSquareError)
        return (finiteOrNil(trueVariance.squareRoot() / meanSquareError.squareRoot()),
                variance > 0 ? finiteOrNil(trueVariance / variance) : nil)
    }
}

/// The value when it is finite, else nil: no NaN or infinity reaches a result.
func finiteOrNil(_ value: Double) -> Double? { value.isFinite ? value : nil }
