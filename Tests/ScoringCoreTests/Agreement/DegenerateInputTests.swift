import Testing
@testable import ScoringCore

/// Undefined statistics come back nil with a reason, never NaN, infinite or a crash.
@Suite struct DegenerateInputTests {
    @Test func noItemsAtAll() {
        let result = quickAnalysis([], scale: [1, 2, 3, 4])
        #expect(result.items == 0 && result.raters == 0 && result.ratings == 0 && result.pairs == 0)
        #expect(result.exact == nil && result.discrepant == nil)
        #expect(AgreementCoefficient.allCases.allSatisfy { result.value($0) == nil })
        #expect(result[.fleissKappa].reason == .noPairableItems)
        #expect(result[.icc1].reason == .noPairableItems)
        #expect(allFinite(result))
    }

    @Test func onlySingleReadsHaveNoPairs() {
        let data = [ItemReads(raters: [0], scores: [1]), ItemReads(raters: [1], scores: [3])]
        let result = quickAnalysis(data, scale: [1, 2, 3])
        #expect(result.items == 0 && result.pairs == 0 && result.exact == nil)
        #expect(AgreementCoefficient.allCases.allSatisfy { result.value($0) == nil })
        #expect(allFinite(result))
    }

    @Test func oneItem() {
        let result = quickAnalysis([ItemReads(raters: [0, 1], scores: [2, 3])], scale: [1, 2, 3, 4])
        #expect(result.items == 1 && result.exact == 0 && result.adjacent == 1)
        // One item: two-way ANOVA needs two rows.
        #expect(result[.icc2].reason == .tooFewItems)
        // p_a = 0, π = (1/2, 1/2) on two of four levels: Fleiss = (0 - 1/2)/(1/2) = -1.
        #expect(isClose(result.value(.fleissKappa), -1))
        #expect(allFinite(result))
    }

    @Test func everyReadInOneCategory() {
        let data = items(pairs: [(3, 3), (3, 3), (3, 3)])
        let result = quickAnalysis(data, scale: [1, 2, 3, 4])
        #expect(result.exact == 1)
        for coefficient in [AgreementCoefficient.cohenKappa, .linearKappa, .quadraticKappa, .fleissKappa,
                            .alphaNominal, .alphaOrdinal, .alphaInterval, .alphaRatio] {
            #expect(result.value(coefficient) == nil, "\(coefficient)")
            #expect(result[coefficient].reason == .noExpectedDisagreement, "\(coefficient)")
        }
        for coefficient in AgreementCoefficient.allCases where coefficient.isIntraclass {
            #expect(result[coefficient].reason == .zeroVariance, "\(coefficient)")
        }
        // Gwet's chance agreement uses the whole scale: p_e = 0, so AC1 = AC2 = 1.
        #expect(result.value(.gwetAC1) == 1)
        #expect(result.value(.gwetAC2) == 1)
        #expect(allFinite(result))
    }

    @Test func singleLevelScale() {
        let result = quickAnalysis(items(pairs: [(1, 1), (1, 1)]), scale: [1])
        #expect(result[.gwetAC1].reason == .singleLevelScale)
        #expect(result[.gwetAC2].reason == .singleLevelScale)
        #expect(allFinite(result))
    }

    @Test func namedRatersWhoShareNothing() {
        let data = [ItemReads(raters: [0, 1], scores: [1, 2]), ItemReads(raters: [2, 3], scores: [2, 2])]
        let result = quickAnalysis(data, scale: [1, 2], raters: RaterPair(0, 3))
        #expect(result[.cohenKappa].reason == .noSharedItems)
        #expect(result[.icc1].reason == .tooFewItems)
        let same = quickAnalysis(data, scale: [1, 2], raters: RaterPair(1, 1))
        #expect(same[.cohenKappa].reason == .raterPairIsOneRater && same[.icc1].reason == .raterPairIsOneRater)
        #expect(allFinite(result))
    }

    @Test func negativeScoresLeaveRatioUndefined() {
        let result = quickAnalysis(items(pairs: [(-1, 1), (0, 0), (1, 1)]), scale: [-1, 0, 1])
        #expect(result[.alphaRatio].reason == .negativeScores)
        #expect(result.value(.alphaInterval) != nil)
        #expect(allFinite(result))
    }

    @Test func scoresOutsideTheScaleAreKept() {
        let result = quickAnalysis(items(pairs: [(1, 9), (2, 2)]), scale: [1, 2, 3])
        #expect(result.discrepant == 0.5)
        #expect(allFinite(result))
    }

    @Test func mismatchedArraysUseTheShorter() {
        let result = quickAnalysis([ItemReads(raters: [0, 1, 2], scores: [1, 2]), ItemReads(raters: [0], scores: [1, 1])], scale: [1, 2])
        #expect(result.items == 1 && result.ratings == 2)
        #expect(allFinite(result))
    }

    @Test func perfectAgreementHasUndefinedIntraclassIntervals() {
        let result = quickAnalysis(items(pairs: [(1, 1), (2, 2), (3, 3)]), scale: [1, 2, 3])
        #expect(result.value(.icc1) == 1)
        // WMS = 0: the F ratio is infinite and the interval undefined rather than NaN.
        #expect(result.interval(.icc1) == nil)
        #expect(allFinite(result))
    }
}
