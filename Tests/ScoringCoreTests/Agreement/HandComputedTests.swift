import Testing
@testable import ScoringCore

/// Small cases worked by hand; the arithmetic is in the comments.
@Suite struct HandComputedTests {
    /// Rater A = 1 2 3 1, rater B = 1 2 2 2 on a 1-3 scale.
    static let twoRaters = items(pairs: [(1, 1), (2, 2), (3, 2), (1, 2)])

    @Test func pairShares() {
        let result = quickAnalysis(Self.twoRaters, scale: [1, 2, 3])
        // 4 pairs: 2 equal, (3,2) and (1,2) differ by 1.
        #expect(result.items == 4 && result.raters == 2 && result.ratings == 8 && result.pairs == 4)
        #expect(result.exact == 0.5 && result.adjacent == 0.5 && result.withinOne == 1 && result.discrepant == 0)
    }

    @Test func cohenKappas() {
        let result = quickAnalysis(Self.twoRaters, scale: [1, 2, 3])
        // Table A×B: (1,1) (2,2) (3,2) (1,2) once each; A margins 2 1 1, B margins 1 3 0.
        // p_o = 2/4, p_e = (2·1 + 1·3 + 1·0)/16 = 5/16, κ = (1/2 - 5/16)/(11/16) = 3/11.
        #expect(isClose(result.value(.cohenKappa), 3.0 / 11))
        // Linear: D_o = 2/4; D_e = (r1c2·1 + r2c1·1 + r3c1·2 + r3c2·1)/16 = (6+1+2+3)/16 = 12/16;
        // κ = 1 - 0.5/0.75 = 1/3.
        #expect(isClose(result.value(.linearKappa), 1.0 / 3))
        // Quadratic: D_o = 2/4; D_e = (6·1 + 1·1 + 1·4 + 3·1)/16 = 14/16; κ = 1 - 4/7 = 3/7.
        #expect(isClose(result.value(.quadraticKappa), 3.0 / 7))
    }

    @Test func fleissKappaIsScottsPi() {
        let result = quickAnalysis(Self.twoRaters, scale: [1, 2, 3])
        // p_a = 2/4. π = (3/8, 4/8, 1/8), p_e = 26/64; κ = (32/64 - 26/64)/(38/64) = 3/19.
        #expect(isClose(result.value(.fleissKappa), 3.0 / 19))
    }

    @Test func gwetCoefficients() {
        let result = quickAnalysis(Self.twoRaters, scale: [1, 2, 3])
        // AC1: Σ π(1-π) = (15 + 16 + 7)/64 = 38/64, p_e = 38/64/(3 - 1) = 19/64;
        // AC1 = (32/64 - 19/64)/(45/64) = 13/45.
        #expect(isClose(result.value(.gwetAC1), 13.0 / 45))
        // AC2, span 2: w12 = w23 = 3/4, w13 = 0, T_w = 3 + 4·3/4 = 6, p_e = 6/6 · 38/64.
        // p_a: agreeing items 1 each; (3,2) and (1,2): each read r* = 1 + 3/4, (0.75 + 0.75)/2;
        // p_a = (1 + 1 + 0.75 + 0.75)/4 = 0.875; AC2 = (0.875 - 0.59375)/0.40625 = 9/13.
        #expect(isClose(result.value(.gwetAC2), 9.0 / 13))
    }

    @Test func krippendorffAlphas() {
        let result = quickAnalysis(Self.twoRaters, scale: [1, 2, 3])
        // o11 = 2, o22 = 2, o12 = o21 = 1, o23 = o32 = 1; n = (3, 4, 1), n = 8.
        // Nominal: 1 - 7 · 4 / (64 - 26) = 10/38.
        #expect(isClose(result.value(.alphaNominal), 10.0 / 38))
        // Interval: observed 4·1; expected 2(12·1 + 3·4 + 4·1) = 56; 1 - 7·4/56 = 1/2.
        #expect(isClose(result.value(.alphaInterval), 0.5))
        // Ordinal: δ12 = (7/2)², δ23 = (5/2)², δ13 = (8 - 2)²; observed 2·12.25 + 2·6.25 = 37;
        // expected 2(12·12.25 + 3·36 + 4·6.25) = 560; 1 - 7·37/560 = 301/560.
        #expect(isClose(result.value(.alphaOrdinal), 301.0 / 560))
        // Ratio: δ12 = 1/9, δ23 = 1/25, δ13 = 1/4; observed 2/9 + 2/25 = 68/225;
        // expected 2(12/9 + 3/4 + 4/25) = 673/150; 1 - 7 (68/225)/(673/150).
        #expect(isClose(result.value(.alphaRatio), 1 - 7 * (68.0 / 225) / (673.0 / 150)))
    }

    @Test func intraclassCorrelations() {
        let result = quickAnalysis(Self.twoRaters, scale: [1, 2, 3])
        // Rows 1 1 / 2 2 / 3 2 / 1 2: grand 1.75, row means 1 2 2.5 1.5, column means 1.75 1.75.
        // BMS = 2·1.25/3 = 5/6; WMS = 1/4; JMS = 0; EMS = (1 - 0)/3 = 1/3.
        #expect(result.intraclassDesign == .crossedRaters)
        // ICC1 = (5/6 - 1/4)/(5/6 + 1/4) = 7/13; ICC1k = (7/12)/(5/6) = 0.7.
        #expect(isClose(result.value(.icc1), 7.0 / 13))
        #expect(isClose(result.value(.icc1k), 0.7))
        // ICC3 = (1/2)/(5/6 + 1/3) = 3/7; ICC3k = (1/2)/(5/6) = 0.6.
        #expect(isClose(result.value(.icc3), 3.0 / 7))
        #expect(isClose(result.value(.icc3k), 0.6))
        // ICC2 = (1/2)/(5/6 + 1/3 + 2(0 - 1/3)/4) = 1/2; ICC2k = (1/2)/(5/6 - 1/12) = 2/3.
        #expect(isClose(result.value(.icc2), 0.5))
        #expect(isClose(result.value(.icc2k), 2.0 / 3))
    }

    /// Items 1 1 1 (raters 0-2), 1 2 (raters 0-1) and a single read 2, on a 1-2 scale.
    static let unequal = [
        ItemReads(raters: [0, 1, 2], scores: [1, 1, 1]),
        ItemReads(raters: [0, 1], scores: [1, 2]),
        ItemReads(raters: [3], scores: [2]),
    ]

    @Test func unequalReadsFollowGwet() {
        let result = quickAnalysis(Self.unequal, scale: [1, 2])
        #expect(result.items == 2 && result.raters == 3 && result.ratings == 5)
        // Pairs: 3 equal on item 1, 1 adjacent on item 2.
        #expect(result.pairs == 4 && result.exact == 0.75 && result.adjacent == 0.25)
        // n' = 2: p_a = (3·2/(3·2) + 0)/2 = 1/2. n = 3 (the single read counts):
        // π1 = (1 + 1/2 + 0)/3 = 1/2, π2 = 1/2; p_e = 1/2; κ = 0.
        #expect(isClose(result.value(.fleissKappa), 0))
        // AC1: p_e = (1/4 + 1/4)/(2 - 1) = 1/2; (1/2 - 1/2)/(1/2) = 0. AC2 on two levels:
        // w12 = 0, T_w = 2, p_e = 2/(2·1) · 1/2, the same.
        #expect(isClose(result.value(.gwetAC1), 0))
        #expect(isClose(result.value(.gwetAC2), 0))
        // Alpha: o11 = 3·2/2 = 3, o12 = o21 = 1; n = (4, 1); 1 - 4·2/(2·4·1) = 0.
        #expect(isClose(result.value(.alphaNominal), 0))
        // A three-read item rules out first-versus-second-read kappas.
        #expect(result[.cohenKappa].reason == .moreThanTwoReads)
        // Crossed (3 raters, 3 reads on item 1) but only item 1 has all three: one row.
        #expect(result.intraclassDesign == .crossedRaters && result.intraclassItems == 1)
        #expect(result[.icc1].reason == .tooFewItems)
    }

    @Test func namedRatersCompareTheirSharedItems() {
        // Raters 7 and 9 share items 1-3 (in either time order); rater 8 reads item 4 with 7.
        let data = [
            ItemReads(raters: [7, 9, 8], scores: [1, 1, 2]),
            ItemReads(raters: [9, 7], scores: [2, 2]),
            ItemReads(raters: [7, 9], scores: [2, 1]),
            ItemReads(raters: [7, 8], scores: [1, 2]),
        ]
        let result = quickAnalysis(data, scale: [1, 2], raters: RaterPair(7, 9))
        // 7×9 table: (1,1), (2,2), (2,1): p_o = 2/3; 7 margins (1, 2), 9 margins (2, 1);
        // p_e = (1·2 + 2·1)/9 = 4/9; κ = (6/9 - 4/9)/(5/9) = 2/5.
        #expect(isClose(result.value(.cohenKappa), 0.4))
        // Two levels: linear and quadratic weights equal the unweighted ones.
        #expect(isClose(result.value(.linearKappa), 0.4))
        #expect(isClose(result.value(.quadraticKappa), 0.4))
        // ICC columns are raters 7 and 9, rows the three shared items: 1 1 / 2 2 / 2 1.
        #expect(result.intraclassDesign == .namedRaters && result.intraclassItems == 3)
        // Grand 1.5, row means 1, 2, 1.5: BMS = 2(0.25 + 0.25 + 0)/2 = 0.5; WMS = 0.5/3;
        // ICC1 = (1/2 - 1/6)/(1/2 + 1/6) = 1/2.
        #expect(isClose(result.value(.icc1), 0.5))
    }

    @Test func varyingRatersUseTheFirstReads() {
        // Five distinct raters, at most three reads on an item: not crossed; k = 2.
        let data = [
            ItemReads(raters: [0, 1, 2], scores: [1, 1, 4]),
            ItemReads(raters: [3, 4], scores: [2, 3]),
            ItemReads(raters: [1, 3], scores: [4, 4]),
        ]
        let result = quickAnalysis(data, scale: [1, 2, 3, 4])
        #expect(result.intraclassDesign == .readOrder && result.intraclassItems == 3)
        // Rows 1 1 / 2 3 / 4 4: grand 2.5, row means 1, 2.5, 4: BMS = 2(2.25 + 0 + 2.25)/2 = 4.5;
        // WMS = 0.5/3 = 1/6; ICC1 = (4.5 - 1/6)/(4.5 + 1/6) = 26/28.
        #expect(isClose(result.value(.icc1), 26.0 / 28))
    }
}
