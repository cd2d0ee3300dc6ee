import Testing
@testable import ScoringCore

/// The many-facet Rasch reference of SPEC 13: Wind & Hua's style ratings, with the values two
/// independent implementations agree on to 1e-6 (README beside the data).
@Suite struct StyleRatingsReferenceTests {
    static var analysis: RaschAnalysis? { StyleRatings.analysis }

    /// rater, measure, se, infit, outfit, count, observed average, fair average.
    static let raters: [(String, Double, Double, Double, Double, Int, Double, Double)] = [
        ("rater-1", -0.308878, 0.110971, 0.544084, 0.489467, 372, 1.680108, 1.662403),
        ("rater-2", -0.345827, 0.110988, 0.842551, 0.807946, 372, 1.688172, 1.672419),
        ("rater-3", 0.183865, 0.111115, 0.963215, 0.956671, 372, 1.572581, 1.525844),
        ("rater-4", 0.035864, 0.111005, 0.836253, 0.810111, 372, 1.604839, 1.567181),
        ("rater-5", -0.853391, 0.111694, 1.214931, 1.218587, 372, 1.798387, 1.804181),
        ("rater-6", -0.370467, 0.111001, 1.095804, 1.106581, 372, 1.693548, 1.679071),
        ("rater-7", -0.247317, 0.110952, 1.193906, 1.208063, 372, 1.666667, 1.645612),
        ("rater-8", 0.295093, 0.111228, 0.976652, 0.929621, 372, 1.548387, 1.494865),
        ("rater-9", 1.235555, 0.112899, 0.979184, 0.904380, 372, 1.346774, 1.253783),
        ("rater-10", -0.953416, 0.111947, 1.160254, 1.136295, 372, 1.819892, 1.828744),
        ("rater-11", -0.235007, 0.110950, 0.907118, 0.859208, 372, 1.663978, 1.642241),
        ("rater-12", -0.308878, 0.110971, 0.873753, 0.841844, 372, 1.680108, 1.662403),
        ("rater-13", -0.370467, 0.111001, 0.866584, 0.856566, 372, 1.693548, 1.679071),
        ("rater-14", 0.282723, 0.111214, 1.059397, 1.061936, 372, 1.551075, 1.498302),
        ("rater-15", -0.903347, 0.111816, 1.131097, 1.186856, 372, 1.809140, 1.816506),
        ("rater-16", 0.481056, 0.111471, 0.933954, 0.909348, 372, 1.508065, 1.443643),
        ("rater-17", 0.493484, 0.111489, 0.822186, 0.880531, 372, 1.505376, 1.440258),
        ("rater-18", 0.122162, 0.111063, 1.216603, 1.261048, 372, 1.586022, 1.543076),
        ("rater-19", 0.730452, 0.111880, 1.139102, 1.139199, 372, 1.454301, 1.377012),
        ("rater-20", 0.481056, 0.111471, 0.963441, 1.005631, 372, 1.508065, 1.443643),
        ("rater-21", 0.555686, 0.111584, 1.304242, 1.305219, 372, 1.491935, 1.423405),
    ]

    @Test func fixtureHoldsEveryRating() {
        #expect(StyleRatings.table.observations.count == 372 * 21)
        #expect(Self.analysis != nil)
    }

    @Test func everyRaterMatchesTheReference() throws {
        let analysis = try #require(Self.analysis)
        #expect(analysis.raters.elements.map(\.id) == Self.raters.map(\.0))
        for (id, measure, se, infit, outfit, count, observed, fair) in Self.raters {
            let rater = try #require(analysis.raters.element(id))
            #expect(rater.count == count, "\(id)")
            #expect(rater.extreme == nil, "\(id)")
            for (value, expected, name) in [
                (rater.measure, measure, "measure"), (rater.standardError, se, "se"), (rater.infit, infit, "infit"),
                (rater.outfit, outfit, "outfit"), (rater.observedAverage, observed, "observed"), (rater.fairAverage, fair, "fair"),
            ] {
                #expect(isClose(value, expected, 1e-6), "\(id) \(name) \(String(describing: value)) vs \(expected)")
            }
        }
    }

    @Test func thresholdsMatchAndSumToZero() throws {
        let analysis = try #require(Self.analysis)
        let expected = [-4.490763, 0.308631, 4.182132]
        #expect(analysis.thresholds.map(\.category) == [1, 2, 3])
        #expect(analysis.thresholds.map(\.level) == [1, 2, 3])
        for (threshold, value) in zip(analysis.thresholds, expected) {
            #expect(isClose(threshold.threshold, value, 1e-6), "\(threshold)")
        }
        #expect(abs(analysis.thresholds.reduce(0) { $0 + $1.threshold }) < 1e-12)
    }

    @Test func threeStudentsAreExtreme() throws {
        let analysis = try #require(Self.analysis)
        let extreme = analysis.students.elements.filter { $0.extreme != nil }
        #expect(extreme.count == 3)
        for student in extreme {
            #expect(student.measure == nil && student.standardError == nil && student.infit == nil && student.outfit == nil)
            #expect(student.count == 21)
            let expectedAverage = student.extreme == .minimum ? 0.0 : 3.0
            #expect(student.observedAverage == expectedAverage, "\(student.id)")
        }
        #expect(analysis.students.elements.count == 372)
    }

    @Test func separationAndReliability() throws {
        let analysis = try #require(Self.analysis)
        #expect(isClose(analysis.raters.separation, 4.8736, 5e-5))
        #expect(isClose(analysis.raters.reliability, 0.9596, 5e-5))
        #expect(isClose(analysis.students.separation, 6.9439, 5e-5))
        #expect(isClose(analysis.students.reliability, 0.9797, 5e-5))
        // One criterion: anchored at 0 by the centring, nothing to separate.
        #expect(analysis.criteria.elements.first?.measure == 0)
        #expect(analysis.criteria.reliability == nil)
        #expect(analysis.criteria.separation == 0)
    }

    @Test func ratersAreCentred() throws {
        let analysis = try #require(Self.analysis)
        #expect(abs(analysis.raters.elements.compactMap(\.measure).reduce(0, +)) < 1e-10)
    }
}
