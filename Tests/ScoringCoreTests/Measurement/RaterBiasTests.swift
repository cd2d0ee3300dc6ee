import Foundation
import Testing
@testable import ScoringCore

@Suite struct RaterBiasTests {
    /// An analysis with the given measures (nil: extreme) and thresholds; everything else is
    /// irrelevant to the bias terms.
    static func analysis(students: [(String, Double?)], raters: [(String, Double?)], criteria: [(String, Double?)],
                         thresholds: [Double]) -> RaschAnalysis {
        func facet(_ elements: [(String, Double?)]) -> RaschFacet {
            RaschFacet(elements: elements.map {
                RaschElement(id: $0.0, measure: $0.1, standardError: nil, infit: nil, outfit: nil, count: 0,
                             observedAverage: 0, extreme: $0.1 == nil ? .maximum : nil, fairAverage: nil)
            }, separation: nil, reliability: nil)
        }
        return RaschAnalysis(
            iterations: 0, students: facet(students), raters: facet(raters), criteria: facet(criteria),
            thresholds: thresholds.enumerated().map { RaschThreshold(category: $0 + 1, level: $0 + 1, threshold: $1) },
            scale: Array(0...thresholds.count))
    }

    static func reads(_ categories: [Int], rater: String = "r", prefix: String = "s") -> [RaschObservation] {
        categories.enumerated().map { RaschObservation(student: "\(prefix)\($0)", rater: rater, criterion: "c", category: $1) }
    }

    /// Dichotomous, every logit 0: the ML equation n·σ(b) = Σx gives b = log(ones / zeros), and
    /// se = 1 / sqrt(n σ(b)(1 - σ(b))).
    @Test func dichotomousTermByHand() throws {
        for (ones, zeros, flagged) in [(9, 3, false), (15, 5, true), (4, 8, false)] {
            let data = Self.reads(Array(repeating: 1, count: ones) + Array(repeating: 0, count: zeros))
            let analysis = Self.analysis(students: data.map { ($0.student, 0) }, raters: [("r", 0)],
                                         criteria: [("c", 0)], thresholds: [0])
            let groups = Dictionary(uniqueKeysWithValues: data.map { ($0.student, "g") })
            let term = try #require(RaterBias.estimate(data, groups: groups, analysis: analysis).first)
            let n = Double(ones + zeros), p = Double(ones) / n
            #expect(term.count == ones + zeros)
            #expect(isClose(term.bias, log(Double(ones) / Double(zeros)), 1e-9))
            let se = 1 / (n * p * (1 - p)).squareRoot()
            #expect(isClose(term.standardError, se, 1e-9))
            #expect(isClose(term.t, log(Double(ones) / Double(zeros)) / se, 1e-8))
            #expect(term.flagged == flagged, "\(ones)/\(zeros): t = \(String(describing: term.t))")
            #expect(term.gap == nil)
        }
    }

    /// Three categories, students of different abilities, a rater of severity 0.4, a criterion of
    /// difficulty -0.2: the estimate satisfies Σ x = Σ E(B - C - D + b), and the SE is the
    /// information at b.
    @Test func maximumLikelihoodEquationHolds() throws {
        let categories = [2, 1, 2, 0, 1, 2, 2, 1, 0, 2, 1, 2]
        let data = Self.reads(categories)
        let abilities = categories.indices.map { -1.5 + 0.25 * Double($0) }
        let analysis = Self.analysis(students: zip(data.map(\.student), abilities).map { ($0, $1) },
                                     raters: [("r", 0.4)], criteria: [("c", -0.2)], thresholds: [-0.7, 0.7])
        let groups = Dictionary(uniqueKeysWithValues: data.map { ($0.student, "g") })
        let term = try #require(RaterBias.estimate(data, groups: groups, analysis: analysis).first)
        let b = try #require(term.bias)
        let model = RatingScaleModel(thresholds: [-0.7, 0.7])
        let expected = abilities.reduce(0) { $0 + model.expectedCategory(at: $1 - 0.4 + 0.2 + b) }
        #expect(abs(expected - Double(categories.reduce(0, +))) < 1e-9)
        let information = abilities.reduce(0) { $0 + model.variance(at: $1 - 0.4 + 0.2 + b) }
        #expect(isClose(term.standardError, 1 / information.squareRoot(), 1e-12))
        // Scores above what the fixed estimates expect: the term is positive.
        let atZero = abilities.reduce(0) { $0 + model.expectedCategory(at: $1 - 0.4 + 0.2) }
        #expect((b > 0) == (Double(categories.reduce(0, +)) > atZero))
    }

    @Test func smallAndOneEndedCellsHaveNoEstimate() throws {
        let few = Self.reads([1, 0, 1, 0, 1, 0, 1, 0, 1], rater: "r", prefix: "a")
        let top = Self.reads(Array(repeating: 2, count: 12), rater: "r", prefix: "b")
        let bottom = Self.reads(Array(repeating: 0, count: 12), rater: "r", prefix: "c")
        let middle = Self.reads(Array(repeating: 1, count: 12), rater: "r", prefix: "d")
        let data = few + top + bottom + middle
        let analysis = Self.analysis(students: data.map { ($0.student, 0) }, raters: [("r", 0)],
                                     criteria: [("c", 0)], thresholds: [-1, 1])
        let groups = Dictionary(uniqueKeysWithValues: data.map { ($0.student, String($0.student.prefix(1))) })
        let terms = RaterBias.estimate(data, groups: groups, analysis: analysis)
        #expect(terms.map(\.group) == ["a", "b", "c", "d"])
        #expect(terms.map(\.count) == [9, 12, 12, 12])
        #expect(terms.map(\.gap) == [.fewObservations, .oneEndOfScale, .oneEndOfScale, nil])
        for term in terms.prefix(3) {
            #expect(term.bias == nil && term.standardError == nil && term.t == nil && !term.flagged)
        }
        // All in the middle category is not an end: the estimate is finite (η = 0 already
        // expects category 1).
        #expect(isClose(terms[3].bias, 0, 1e-9))
    }

    /// Extreme students (no measure) and students without a group are left out of the cells.
    @Test func extremeAndUngroupedStudentsAreLeftOut() throws {
        let data = Self.reads([1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1])
        var students: [(String, Double?)] = data.map { ($0.student, 0.2) }
        students[0].1 = nil
        let analysis = Self.analysis(students: students, raters: [("r", 0)], criteria: [("c", 0)], thresholds: [0])
        var groups = Dictionary(uniqueKeysWithValues: data.map { ($0.student, "g") })
        groups["s1"] = nil
        let term = try #require(RaterBias.estimate(data, groups: groups, analysis: analysis).first)
        #expect(term.count == 11)
        let ones = 8.0
        #expect(isClose(term.bias, log(ones / 3) - 0.2, 1e-9))
    }

    /// On the style ratings by language: one row per rater and language, every term finite, and
    /// since each rater's own score equation holds at b = 0 over both groups, the two terms of a
    /// rater never share a sign.
    @Test func styleRatingsByLanguage() throws {
        let table = StyleRatings.table
        let analysis = try #require(StyleRatings.analysis)
        let terms = RaterBias.estimate(table.observations, groups: table.language, analysis: analysis)
        #expect(terms.count == 42)
        #expect(terms.prefix(2).map(\.rater) == ["rater-1", "rater-1"])
        #expect(terms.prefix(2).map(\.group) == ["1", "2"])
        for term in terms {
            let b = try #require(term.bias)
            #expect(b.isFinite && (term.t ?? .nan).isFinite && (term.standardError ?? .nan) > 0)
            #expect(term.flagged == (abs(term.t ?? 0) >= 2))
        }
        #expect(terms.map(\.count).reduce(0, +) == 369 * 21)
        for pair in stride(from: 0, to: terms.count, by: 2) {
            #expect((terms[pair].bias ?? 0) * (terms[pair + 1].bias ?? 0) <= 0, "\(terms[pair].rater)")
        }
    }
}
