import Foundation
import Testing
@testable import ScoringCore

@Suite struct JointMaximumLikelihoodTests {
    /// Two raters, dichotomous scale, every student scoring 1 of 2: three students get their 1
    /// from r0, one from r1. By symmetry every B is 0, and r0's score equation
    /// 4 P(-C₀) = 3 gives C₀ = -log 3 = -C₁ (JMLE's doubling of the conditional estimate log 3).
    @Test func twoRatersByHand() throws {
        let analysis = try JointMaximumLikelihood.estimate(
            observations([[1, 0], [1, 0], [1, 0], [0, 1]]), scale: [1, 5])
        let log3 = log(3.0)
        #expect(isClose(analysis.raters.element("r0")?.measure, -log3, 1e-9))
        #expect(isClose(analysis.raters.element("r1")?.measure, log3, 1e-9))
        for student in analysis.students.elements {
            #expect(isClose(student.measure, 0, 1e-9))
            // Two observations with P = 3/4 and 1/4: variance 3/16 each.
            #expect(isClose(student.standardError, 1 / (3.0 / 8).squareRoot(), 1e-9))
        }
        let r0 = try #require(analysis.raters.element("r0"))
        // Four observations at P = 3/4: Σ variance = 3/4; residuals 1/4 (×3) and -3/4.
        #expect(isClose(r0.standardError, 1 / 0.75.squareRoot(), 1e-9))
        #expect(isClose(r0.infit, 1, 1e-9))
        #expect(isClose(r0.outfit, 1, 1e-9))
        #expect(r0.count == 4)
        // On the rubric's scale 1, 5: three 5s and a 1.
        #expect(isClose(r0.observedAverage, 4, 1e-12))
        #expect(isClose(r0.fairAverage, 1 + 4 * 0.75, 1e-9))
        #expect(analysis.thresholds == [RaschThreshold(category: 1, level: 5, threshold: 0)])
        // V = (log 3)² < RMSE² = 4/3: no true spread.
        #expect(analysis.raters.separation == 0)
        #expect(analysis.raters.reliability == 0)
    }

    /// Every score equation holds to SPEC 13's 1e-8 at the returned estimates, and no estimate
    /// would move under another Newton step.
    @Test func scoreEquationsHoldAtTheEstimates() throws {
        let analysis = try #require(StyleRatings.analysis)
        let residuals = scoreResiduals(StyleRatings.table.observations, analysis)
        #expect(residuals.elements < 1e-8)
        #expect(residuals.thresholds < 1e-8)
    }

    /// A brute-force maximiser that knows only the likelihood (coordinate ascent with
    /// finite-difference Newton steps, the constraints by substitution) lands where JMLE does.
    @Test func agreesWithBruteForceMaximisation() throws {
        var generator = SeededGenerator(seed: 2024)
        var compared = 0
        for _ in 0..<40 where compared < 6 {
            let truth = RatingScaleModel(thresholds: [-1.2, 0.1, 1.1])
            var data: [RaschObservation] = []
            let abilities = (0..<6).map { _ in Double.random(in: -1.5...1.5, using: &generator) }
            for (student, ability) in abilities.enumerated() {
                for rater in 0..<3 {
                    for criterion in 0..<2 {
                        let eta = ability - Double(rater - 1) * 0.4 - Double(criterion) * 0.3
                        data.append(RaschObservation(student: "s\(student)", rater: "r\(rater)", criterion: "c\(criterion)",
                                                     category: sampleCategory(truth, at: eta, using: &generator)))
                    }
                }
            }
            guard let analysis = try? JointMaximumLikelihood.estimate(data, scale: [0, 1, 2, 3]),
                  analysis.students.elements.allSatisfy({ $0.extreme == nil }) else { continue }
            compared += 1
            let brute = BruteForceMaximiser(data, students: 6, raters: 3, criteria: 2, m: 3).maximise()
            for student in 0..<6 {
                #expect(isClose(analysis.students.element("s\(student)")?.measure, brute.abilities[student], 1e-6))
            }
            for rater in 0..<3 {
                #expect(isClose(analysis.raters.element("r\(rater)")?.measure, brute.severities[rater], 1e-6))
            }
            for criterion in 0..<2 {
                #expect(isClose(analysis.criteria.element("c\(criterion)")?.measure, brute.difficulties[criterion], 1e-6))
            }
            for (threshold, value) in zip(analysis.thresholds, brute.thresholds) {
                #expect(isClose(threshold.threshold, value, 1e-6))
            }
        }
        #expect(compared == 6)
    }

    /// Severities planted in simulated data come back, within JMLE's small inflation (about
    /// L / (L - 1) with L = 12 observations per student) and sampling error.
    @Test func recoversPlantedSeverities() throws {
        var generator = SeededGenerator(seed: 77)
        let severities = [-1.0, -0.6, -0.2, 0.2, 0.6, 1.0]
        let difficulties = [-0.3, 0.3]
        let truth = RatingScaleModel(thresholds: [-1.5, 0, 1.5])
        var data: [RaschObservation] = []
        for student in 0..<300 {
            // Roughly normal abilities: the sum of four uniforms, variance 4/3.
            let ability = (0..<4).reduce(0.0) { total, _ in total + Double.random(in: -1...1, using: &generator) }
            for (rater, severity) in severities.enumerated() {
                for (criterion, difficulty) in difficulties.enumerated() {
                    data.append(RaschObservation(student: "s\(student)", rater: "r\(rater)", criterion: "c\(criterion)",
                                                 category: sampleCategory(truth, at: ability - severity - difficulty, using: &generator)))
                }
            }
        }
        let analysis = try JointMaximumLikelihood.estimate(data, scale: [1, 2, 3, 4])
        for (rater, severity) in severities.enumerated() {
            let element = try #require(analysis.raters.element("r\(rater)"))
            #expect(isClose(element.measure, severity, 0.25), "r\(rater): \(String(describing: element.measure))")
            #expect(isClose(element.infit, 1, 0.15))
        }
        let measures = analysis.raters.elements.compactMap(\.measure)
        #expect(measures == measures.sorted())
        for (criterion, difficulty) in difficulties.enumerated() {
            #expect(isClose(analysis.criteria.element("c\(criterion)")?.measure, difficulty, 0.15))
        }
        for (estimate, planted) in zip(analysis.thresholds, truth.thresholds) {
            #expect(isClose(estimate.threshold, planted, 0.3))
        }
        #expect((analysis.raters.reliability ?? 0) > 0.9)
    }

    /// Only the elements' equality matters: renaming and reordering the observations moves
    /// nothing but the order the elements are listed in.
    @Test func resultDoesNotDependOnObservationOrder() throws {
        let forward = try #require(StyleRatings.analysis)
        let backward = try JointMaximumLikelihood.estimate(StyleRatings.table.observations.reversed(), scale: [0, 1, 2, 3])
        for rater in forward.raters.elements {
            #expect(isClose(backward.raters.element(rater.id)?.measure, rater.measure ?? .nan, 1e-9))
        }
        #expect(backward.raters.elements.first?.id == "rater-21")
    }
}

/// The largest violation of the score equations at an analysis's estimates: for every measured
/// element Σ (x - E), and for every threshold the observed minus expected count at or above it,
/// over the observations of measured elements.
func scoreResiduals(_ data: [RaschObservation], _ analysis: RaschAnalysis) -> (elements: Double, thresholds: Double) {
    let model = analysis.model
    let m = model.maximumCategory
    var sums: [String: Double] = [:]
    var counts = [Double](repeating: 0, count: m + 1)
    for observation in data {
        guard let b = analysis.students.element(observation.student)?.measure,
              let c = analysis.raters.element(observation.rater)?.measure,
              let d = analysis.criteria.element(observation.criterion)?.measure else { continue }
        let probabilities = model.probabilities(at: b - c - d)
        let residual = Double(observation.category) - model.moments(probabilities).expected
        for key in ["s:" + observation.student, "r:" + observation.rater, "c:" + observation.criterion] {
            sums[key, default: 0] += residual
        }
        for h in 1...m {
            counts[h] += (observation.category >= h ? 1 : 0) - probabilities[h...].reduce(0, +)
        }
    }
    return (sums.values.reduce(0) { max($0, abs($1)) }, counts.reduce(0) { max($0, abs($1)) })
}

/// Maximises the joint log-likelihood knowing nothing of its derivatives: Newton steps on a
/// central-difference gradient and Hessian, solved by Gaussian elimination, halved until the
/// likelihood rises. The free coordinates are B, C₀…C_{J-2}, D₀…D_{I-2}, F₁…F_{m-1}; the last of
/// each centred group is minus the sum of the others.
struct BruteForceMaximiser {
    let data: [(student: Int, rater: Int, criterion: Int, category: Int)]
    let students: Int, raters: Int, criteria: Int, m: Int

    init(_ observations: [RaschObservation], students: Int, raters: Int, criteria: Int, m: Int) {
        data = observations.map {
            (Int($0.student.dropFirst())!, Int($0.rater.dropFirst())!, Int($0.criterion.dropFirst())!, $0.category)
        }
        self.students = students
        self.raters = raters
        self.criteria = criteria
        self.m = m
    }

    func unpack(_ x: [Double]) -> (abilities: [Double], severities: [Double], difficulties: [Double], thresholds: [Double]) {
        func centred(_ slice: ArraySlice<Double>) -> [Double] { Array(slice) + [-slice.reduce(0, +)] }
        let a = students, b = a + raters - 1, c = b + criteria - 1
        return (Array(x[0..<a]), centred(x[a..<b]), centred(x[b..<c]), centred(x[c...]))
    }

    func logLikelihood(_ x: [Double]) -> Double {
        let (abilities, severities, difficulties, thresholds) = unpack(x)
        let model = RatingScaleModel(thresholds: thresholds)
        return data.reduce(0) { total, o in
            total + model.logProbability(of: o.category, at: abilities[o.student] - severities[o.rater] - difficulties[o.criterion])
        }
    }

    func maximise() -> (abilities: [Double], severities: [Double], difficulties: [Double], thresholds: [Double]) {
        let n = students + raters - 1 + criteria - 1 + m - 1
        var x = [Double](repeating: 0, count: n)
        func shifted(_ moves: [(Int, Double)]) -> Double {
            var y = x
            for (i, d) in moves { y[i] += d }
            return logLikelihood(y)
        }
        for _ in 0..<200 {
            let h = 1e-5, k = 1e-4
            let gradient = (0..<n).map { (shifted([($0, h)]) - shifted([($0, -h)])) / (2 * h) }
            // The negated Hessian, augmented with the gradient: [-H | g].
            var system = (0..<n).map { i in
                (0..<n).map { j in
                    -(shifted([(i, k), (j, k)]) - shifted([(i, k), (j, -k)]) - shifted([(i, -k), (j, k)])
                        + shifted([(i, -k), (j, -k)])) / (4 * k * k)
                } + [gradient[i]]
            }
            for column in 0..<n {
                let pivot = (column..<n).max { abs(system[$0][column]) < abs(system[$1][column]) }!
                system.swapAt(column, pivot)
                for row in 0..<n where row != column {
                    let factor = system[row][column] / system[column][column]
                    for c in column...n { system[row][c] -= factor * system[column][c] }
                }
            }
            var step = (0..<n).map { system[$0][n] / system[$0][$0] }
            let before = logLikelihood(x)
            while logLikelihood(zip(x, step).map { $0 + $1 }) < before - 1e-12, step.contains(where: { abs($0) > 1e-14 }) {
                step = step.map { $0 / 2 }
            }
            x = zip(x, step).map { $0 + $1 }
            if step.allSatisfy({ abs($0) < 1e-9 }) { break }
        }
        return unpack(x)
    }
}
