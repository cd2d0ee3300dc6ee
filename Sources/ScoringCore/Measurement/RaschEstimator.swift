import Foundation

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
}
