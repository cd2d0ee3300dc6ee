import Foundation

/// The Newton iteration over the observations in play and the statistics at its solution.
struct RaschEstimator: Sendable {
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
    ///
    /// Each pass over the observations gives the Newton step at a point and the likelihood
    /// there, so a trial point the line search accepts already carries the next step: one pass
    /// per iteration, unless a step must be shortened.
    mutating func solve() throws(RaschError) {
        var step = newtonStep(ability: ability, global: global)
        while true {
            let move = max(step.ability.reduce(0) { max($0, abs($1)) }, step.global.reduce(0) { max($0, abs($1)) })
            guard move.isFinite, step.largestResidual.isFinite else {
                throw .didNotConverge(iterations: iterations)
            }
            // A step the information matrix could give only with a ridge, or along a direction
            // whose curvature is lost to rounding (probabilities underflowed: estimates running
            // off to infinity), proves nothing by being small.
            if step.exact, move <= JointMaximumLikelihood.measureTolerance,
               step.largestResidual <= JointMaximumLikelihood.scoreTolerance, !Self.hasFlatDirection(step.reduced) { return }
            guard iterations < JointMaximumLikelihood.maximumIterations else {
                throw .didNotConverge(iterations: iterations)
            }
            var scale = min(1, JointMaximumLikelihood.largestStep / move)
            // Rounding makes the likelihood of nearly equal estimates compare either way; a
            // relative slack of 1e-12 keeps the final quadratic steps from being refused.
            let floor = step.logLikelihood - 1e-12 * max(1, abs(step.logLikelihood))
            for _ in 0..<60 {
                let trialAbility = zip(ability, step.ability).map { $0 + scale * $1 }
                let trialGlobal = zip(global, step.global).map { $0 + scale * $1 }
                let next = newtonStep(ability: trialAbility, global: trialGlobal)
                if next.logLikelihood >= floor {
                    ability = trialAbility
                    global = trialGlobal
                    step = next
                    break
                }
                scale /= 2
            }
            iterations += 1
        }
    }

    /// Chunks of students or observations summed in parallel: a fixed number, so that the
    /// estimates are the same to the last bit on any machine.
    static let chunkCount = 8
    /// Below this share of the largest curvature (each estimate's own scaled to 1), a direction
    /// of the reduced system is flat.
    static let flatness = 1e-7

    /// The Newton step at the given estimates, with the quantities that decide convergence and
    /// the log-likelihood there.
    ///
    /// The information matrix is Σ over observations of Jᵀ Cov(t) J, t = (x, -1[x ≥ 1], ...,
    /// -1[x ≥ m]) the sufficient statistics: Var(x) between η terms, Cov(x, 1[x ≥ h]) between
    /// η and F_h, and P(x ≥ max(h, g)) - P(x ≥ h) P(x ≥ g) between thresholds.
    func newtonStep(ability: [Double], global: [Double]) -> NewtonStep {
        let size = global.count
        // Students are independent given the global estimates: each chunk of them adds its
        // part of the reduced system, and the parts are added up in chunk order.
        let parts = OrderedChunks.map(OrderedChunks.ranges(of: students, chunks: Self.chunkCount)) { students in
            accumulate(students, ability: ability, global: global)
        }
        var information = SymmetricMatrix(size: size)
        var gradient = [Double](repeating: 0, count: size)
        var reducedGradient = [Double](repeating: 0, count: size)
        for part in parts {
            for index in information.values.indices { information.values[index] += part.information.values[index] }
            for a in 0..<size {
                gradient[a] += part.gradient[a]
                reducedGradient[a] += part.reducedGradient[a]
            }
        }
        let largestResidual = max(parts.reduce(0) { max($0, $1.abilityGradient.reduce(0) { max($0, abs($1)) }) },
                                  gradient.reduce(0) { max($0, abs($1)) })
        for a in 0..<size { reducedGradient[a] += gradient[a] }

        let (globalStep, exact, reduced) = solveCentred(information, reducedGradient)
        var abilityStep: [Double] = []
        abilityStep.reserveCapacity(students)
        for part in parts {
            for offset in part.abilityGradient.indices {
                var rest = part.abilityGradient[offset]
                for position in part.crossStart[offset]..<part.crossStart[offset + 1] {
                    rest -= part.crossValue[position] * globalStep[part.crossIndex[position]]
                }
                abilityStep.append(rest / max(part.abilityInformation[offset], Double.leastNormalMagnitude))
            }
        }
        return NewtonStep(
            ability: abilityStep, global: globalStep, largestResidual: largestResidual, exact: exact, reduced: reduced,
            logLikelihood: parts.reduce(0) { $0 + $1.logLikelihood })
    }

    /// One chunk of students' part of the Newton system: their terms of the information matrix
    /// and gradient with the students eliminated, and what the back substitution needs.
    struct StepPart: Sendable {
        var information: SymmetricMatrix
        var gradient: [Double]
        /// The global gradient's correction from eliminating these students.
        var reducedGradient: [Double]
        var abilityGradient: [Double]
        var abilityInformation: [Double]
        /// Each student's row of the information matrix against the global estimates, sparse
        /// (the raters and criteria they meet, and the thresholds): student k's entries are
        /// at crossStart[k]..<crossStart[k + 1].
        var crossStart: [Int]
        var crossIndex: [Int]
        var crossValue: [Double]
        /// The log-likelihood of these students' observations.
        var logLikelihood: Double
    }

    /// A Newton step from a point, and what decides convergence there.
    struct NewtonStep {
        var ability: [Double]
        var global: [Double]
        /// The largest score-equation residual at the point.
        var largestResidual: Double
        /// Whether the step solves the system with no more ridge than mends rounding.
        var exact: Bool
        /// The information under the centring constraints.
        var reduced: SymmetricMatrix
        var logLikelihood: Double
    }

    /// The part of the Newton system of the students in `range`, at the given estimates.
    ///
    /// The loops run over raw buffers: at a million observations a pass makes some thirty
    /// million updates of the information matrix, and an array's bounds and uniqueness checks
    /// on each cost more than the arithmetic. The operations and their order are those of the
    /// plain formulas, so the result is the same to the bit.
    func accumulate(_ range: Range<Int>, ability: [Double], global: [Double]) -> StepPart {
        let size = global.count
        let thresholdBase = raters + criteria
        let model = RatingScaleModel(thresholds: Array(global[thresholdBase...]))
        var probabilities = [Double](repeating: 0, count: m + 1)
        let atLeast = UnsafeMutablePointer<Double>.allocate(capacity: m + 1)
        let covariance = UnsafeMutablePointer<Double>.allocate(capacity: m + 1)
        let information = UnsafeMutablePointer<Double>.allocate(capacity: size * size)
        let gradient = UnsafeMutablePointer<Double>.allocate(capacity: size)
        let reducedGradient = UnsafeMutablePointer<Double>.allocate(capacity: size)
        let cross = UnsafeMutablePointer<Double>.allocate(capacity: size)
        let touched = UnsafeMutablePointer<Bool>.allocate(capacity: size)
        for pointer in [atLeast, covariance] { pointer.initialize(repeating: 0, count: m + 1) }
        information.initialize(repeating: 0, count: size * size)
        for pointer in [gradient, reducedGradient, cross] { pointer.initialize(repeating: 0, count: size) }
        touched.initialize(repeating: false, count: size)
        defer {
            for pointer in [atLeast, covariance, information, gradient, reducedGradient, cross] { pointer.deallocate() }
            touched.deallocate()
        }
        var abilityGradient = [Double](repeating: 0, count: range.count)
        var abilityInformation = [Double](repeating: 0, count: range.count)
        var crossStart = [0]
        var crossIndex: [Int] = []
        var crossValue: [Double] = []
        var logLikelihood = 0.0
        var touchedList: [Int] = []
        touchedList.reserveCapacity(size)
        func touch(_ index: Int) {
            guard !touched[index] else { return }
            touched[index] = true
            touchedList.append(index)
        }
        let category = data.category, studentOf = data.element[0], raterOf = data.element[1], criterionOf = data.element[2]

        for (offset, student) in range.enumerated() {
            for h in 0..<m { touch(thresholdBase + h) }
            var studentGradient = 0.0, studentInformation = 0.0
            for observation in byStudent[student] {
                let x = category[observation]
                let rater = raterOf[observation]
                let criterion = raters + criterionOf[observation]
                let eta = ability[studentOf[observation]] - global[rater] - global[criterion]
                logLikelihood += model.fillProbabilities(at: eta, into: &probabilities, logOf: x)
                let (expected, variance) = model.moments(probabilities)
                // Suffix sums: P(x ≥ h) and Σ_{k ≥ h} (k - E) P(k) = Cov(x, 1[x ≥ h]).
                atLeast[m] = probabilities[m]
                covariance[m] = (Double(m) - expected) * probabilities[m]
                for k in stride(from: m - 1, through: 1, by: -1) {
                    atLeast[k] = atLeast[k + 1] + probabilities[k]
                    covariance[k] = covariance[k + 1] + (Double(k) - expected) * probabilities[k]
                }
                let residual = Double(x) - expected

                studentGradient += residual
                studentInformation += variance
                gradient[rater] -= residual
                gradient[criterion] -= residual
                touch(rater)
                touch(criterion)
                cross[rater] -= variance
                cross[criterion] -= variance
                information[rater * size + rater] += variance
                information[criterion * size + criterion] += variance
                information[rater * size + criterion] += variance
                information[criterion * size + rater] += variance
                for h in 1...m {
                    let f = thresholdBase + h - 1
                    gradient[f] -= (x >= h ? 1 : 0) - atLeast[h]
                    cross[f] -= covariance[h]
                    information[rater * size + f] += covariance[h]
                    information[f * size + rater] += covariance[h]
                    information[criterion * size + f] += covariance[h]
                    information[f * size + criterion] += covariance[h]
                    let row = information + f * size + thresholdBase - 1
                    for g in 1...m {
                        row[g] += atLeast[max(h, g)] - atLeast[h] * atLeast[g]
                    }
                }
            }
            abilityGradient[offset] = studentGradient
            abilityInformation[offset] = studentInformation
            // Eliminate the student: subtract their row's outer product over their information.
            let own = max(studentInformation, Double.leastNormalMagnitude)
            for a in touchedList {
                for b in touchedList { information[a * size + b] -= cross[a] * cross[b] / own }
                reducedGradient[a] -= cross[a] * studentGradient / own
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
        var matrix = SymmetricMatrix(size: size)
        matrix.values = Array(UnsafeBufferPointer(start: information, count: size * size))
        return StepPart(
            information: matrix, gradient: Array(UnsafeBufferPointer(start: gradient, count: size)),
            reducedGradient: Array(UnsafeBufferPointer(start: reducedGradient, count: size)), abilityGradient: abilityGradient,
            abilityInformation: abilityInformation, crossStart: crossStart, crossIndex: crossIndex, crossValue: crossValue,
            logLikelihood: logLikelihood)
    }

    /// Whether the likelihood is flat, to double precision, along some direction of `reduced`
    /// (the information under the centring constraints): it has no maximum there that rounding
    /// lets one see, as when the data order some elements perfectly. Each estimate's curvature
    /// is scaled to 1 first, so a rater with one read among a million is no flatter than one
    /// with thousands.
    static func hasFlatDirection(_ reduced: SymmetricMatrix) -> Bool {
        var scaled = reduced
        for a in 0..<reduced.size {
            for b in 0..<reduced.size {
                let norm = (reduced[a, a] * reduced[b, b]).squareRoot()
                scaled[a, b] = norm > 0 ? reduced[a, b] / norm : 0
            }
        }
        return !scaled.nullSpace(relativeTolerance: flatness).isEmpty
    }

    /// Solves the reduced Newton system under the centring constraints (raters, criteria and
    /// thresholds each summing to 0) by substituting the last element of each group with minus
    /// the sum of the others.
    /// - Returns: the step for every global estimate (zero should the system be singular
    ///   beyond what a ridge repairs); whether it solves the system itself, with no more ridge
    ///   than mends rounding; and the system's matrix under the constraints.
    func solveCentred(_ information: SymmetricMatrix, _ gradient: [Double]) -> (step: [Double], exact: Bool, reduced: SymmetricMatrix) {
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
        // steps where probabilities have underflowed far from the solution. A ridge of 1e-12 of
        // the diagonal mends rounding; one larger means the system itself has gone singular.
        let rounding = 1e-12 * max(reduced.largestDiagonal, 1)
        var ridge = rounding
        while solution == nil, ridge < 1e6 {
            var damped = reduced
            for a in 0..<free.count { damped[a, a] += ridge }
            solution = damped.choleskySolve(rhs)
            ridge *= 100
        }
        let exact = ridge <= rounding * 100
        var step = [Double](repeating: 0, count: global.count)
        guard let solution else { return (step, false, reduced) }
        for (a, pair) in free.enumerated() {
            step[pair.index] = solution[a]
            step[pair.last] -= solution[a]
        }
        return (step, exact, reduced)
    }
}
