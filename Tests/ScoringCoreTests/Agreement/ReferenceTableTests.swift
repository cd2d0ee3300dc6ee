import Testing
@testable import ScoringCore

/// The three published tables of SPEC section 8, to every printed decimal.
@Suite struct ReferenceTableTests {
    static let shroutFleiss: [[Int?]] = [
        [9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7],
    ]

    @Test func shroutFleissIntraclassCorrelations() {
        let result = quickAnalysis(items(matrix: Self.shroutFleiss), scale: Array(1...10))
        #expect(result.intraclassDesign == .crossedRaters)
        #expect(result.intraclassItems == 6)
        let expected: [(AgreementCoefficient, Double)] = [
            (.icc1, 0.165742), (.icc2, 0.289764), (.icc3, 0.714841),
            (.icc1k, 0.442797), (.icc2k, 0.620051), (.icc3k, 0.909316),
        ]
        for (coefficient, value) in expected {
            #expect(isClose(result.value(coefficient), value, 5e-7), "\(coefficient)")
        }
    }

    /// psych::ICC(…) on the same data prints these bounds (McGraw & Wong 1996), to 3 places.
    @Test func shroutFleissIntervalsMatchPsych() {
        let result = quickAnalysis(items(matrix: Self.shroutFleiss), scale: Array(1...10))
        let expected: [(AgreementCoefficient, Double, Double)] = [
            (.icc1, -0.133, 0.723), (.icc2, 0.019, 0.761), (.icc3, 0.342, 0.946),
            (.icc1k, -0.884, 0.912), (.icc2k, 0.071, 0.927), (.icc3k, 0.676, 0.986),
        ]
        for (coefficient, low, high) in expected {
            let interval = result.interval(coefficient)
            #expect(isClose(interval?.low, low, 5e-4), "\(coefficient) low \(String(describing: interval))")
            #expect(isClose(interval?.high, high, 5e-4), "\(coefficient) high \(String(describing: interval))")
        }
    }

    static let krippendorff: [[Int?]] = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
        [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
    ]

    @Test func krippendorffAlphas() {
        let result = quickAnalysis(items(observers: Self.krippendorff), scale: [1, 2, 3, 4, 5])
        #expect(isClose(result.value(.alphaNominal), 0.743421, 5e-7))
        #expect(isClose(result.value(.alphaOrdinal), 0.815388, 5e-7))
        #expect(isClose(result.value(.alphaInterval), 0.849107, 5e-7))
        #expect(isClose(result.value(.alphaRatio), 0.797403, 5e-7))
    }

    @Test func krippendorffCountsUnitsWithTwoReads() {
        let result = quickAnalysis(items(observers: Self.krippendorff), scale: [1, 2, 3, 4, 5])
        #expect(result.items == 11)
        #expect(result.raters == 4)
        #expect(result.ratings == 40)
    }

    static let fleiss: [[Int]] = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]

    @Test func fleissKappa1971() {
        let result = quickAnalysis(items(counts: Self.fleiss, values: [1, 2, 3, 4, 5]), scale: [1, 2, 3, 4, 5])
        #expect(isClose(result.value(.fleissKappa), 0.209931, 5e-7))
        // Cohen's kappas need at most two reads per item.
        #expect(result.value(.cohenKappa) == nil)
        #expect(result[.cohenKappa].reason == .moreThanTwoReads)
    }
}
