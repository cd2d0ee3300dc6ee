import Testing
@testable import ScoringCore

/// Seeded random data checked against naive reference implementations and invariances.
@Suite struct AgreementPropertyTests {
    static let scale = [1, 2, 3, 4]

    /// Items with 1-4 reads from distinct raters of a pool of 6 (some items unread).
    static func randomItems(_ generator: inout SeededGenerator, count: Int, maxReads: Int = 4) -> [ItemReads] {
        (0..<count).map { _ in
            let reads = Int.random(in: 0...maxReads, using: &generator)
            let raters = Array((0..<6).shuffled(using: &generator).prefix(reads)).map(Int32.init)
            return ItemReads(raters: raters, scores: raters.map { _ in scale.randomElement(using: &generator) ?? 1 })
        }
    }

    static func values(_ item: ItemReads) -> [Double] { item.scores.prefix(item.count).map(Double.init) }

    /// Krippendorff's alpha from its pairwise definition: D_o over pairs within units weighted
    /// 1/(m_u - 1), D_e over all pairs of pairable values.
    static func naiveAlpha(_ data: [ItemReads], _ delta: (Double, Double, [Double]) -> Double) -> Double {
        let units = data.filter { $0.count >= 2 }.map(values)
        let pooled = units.flatMap { $0 }
        let n = Double(pooled.count)
        var observed = 0.0
        for unit in units {
            for i in unit.indices { for j in unit.indices where i != j { observed += delta(unit[i], unit[j], pooled) / Double(unit.count - 1) } }
        }
        var expected = 0.0
        for i in pooled.indices { for j in pooled.indices where i != j { expected += delta(pooled[i], pooled[j], pooled) } }
        return 1 - (observed / n) / (expected / (n * (n - 1)))
    }

    static func ordinalDelta(_ a: Double, _ b: Double, _ pooled: [Double]) -> Double {
        if a == b { return 0 }
        let low = min(a, b), high = max(a, b)
        let between = Double(pooled.filter { $0 >= low && $0 <= high }.count)
        let ends = Double(pooled.filter { $0 == a }.count + pooled.filter { $0 == b }.count) / 2
        return (between - ends) * (between - ends)
    }

    @Test(arguments: 0..<20) func alphaMatchesItsPairwiseDefinition(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let data = Self.randomItems(&generator, count: 15)
        let result = quickAnalysis(data, scale: Self.scale)
        #expect(isClose(result.value(.alphaNominal), Self.naiveAlpha(data) { a, b, _ in a == b ? 0 : 1 }))
        #expect(isClose(result.value(.alphaInterval), Self.naiveAlpha(data) { a, b, _ in (a - b) * (a - b) }))
        #expect(isClose(result.value(.alphaRatio), Self.naiveAlpha(data) { a, b, _ in (a - b) * (a - b) / ((a + b) * (a + b)) }))
        #expect(isClose(result.value(.alphaOrdinal), Self.naiveAlpha(data, Self.ordinalDelta)))
    }

    @Test(arguments: 0..<20) func fleissAndGwetMatchNaiveLoops(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let data = Self.randomItems(&generator, count: 12)
        let q = Self.scale.count
        let read = data.filter { $0.count >= 1 }, pairable = data.filter { $0.count >= 2 }
        var pi = [Double](repeating: 0, count: q)
        for item in read { for score in item.scores { pi[score - 1] += 1 / Double(item.count) / Double(read.count) } }
        func weight(_ k: Int, _ l: Int) -> Double { 1 - Double((k - l) * (k - l)) / 9 }
        var pa = 0.0, pa2 = 0.0
        for item in pairable {
            let r = Double(item.count)
            let counts = (1...q).map { level in Double(item.scores.filter { $0 == level }.count) }
            for k in 0..<q {
                pa += counts[k] * (counts[k] - 1) / (r * (r - 1)) / Double(pairable.count)
                let starred = (0..<q).reduce(0.0) { $0 + weight(k, $1) * counts[$1] }
                pa2 += counts[k] * (starred - 1) / (r * (r - 1)) / Double(pairable.count)
            }
        }
        let pe = pi.reduce(0) { $0 + $1 * $1 }
        let spread = pi.reduce(0) { $0 + $1 * (1 - $1) }
        let tw = (0..<q).reduce(0.0) { total, k in (0..<q).reduce(total) { $0 + weight(k, $1) } }
        let ac1Chance = spread / Double(q - 1), ac2Chance = tw / Double(q * (q - 1)) * spread
        let result = quickAnalysis(data, scale: Self.scale)
        #expect(isClose(result.value(.fleissKappa), (pa - pe) / (1 - pe)))
        #expect(isClose(result.value(.gwetAC1), (pa - ac1Chance) / (1 - ac1Chance)))
        #expect(isClose(result.value(.gwetAC2), (pa2 - ac2Chance) / (1 - ac2Chance)))
    }

    @Test(arguments: 0..<20) func twoRaterFleissIsScottsPiAndAlphaHasItsClosedForm(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let pairs = (0..<20).map { _ in (Int.random(in: 1...4, using: &generator), Int.random(in: 1...4, using: &generator)) }
        let result = quickAnalysis(items(pairs: pairs), scale: Self.scale)
        let n = Double(pairs.count)
        let agree = Double(pairs.filter { $0.0 == $0.1 }.count)
        var margins = [Double](repeating: 0, count: 5)
        for (a, b) in pairs { margins[a] += 1; margins[b] += 1 }
        // Scott's pi: p_o vs Σ ((n_1k + n_2k) / 2N)².
        let chance = margins.reduce(0) { $0 + ($1 / (2 * n)) * ($1 / (2 * n)) }
        #expect(isClose(result.value(.fleissKappa), (agree / n - chance) / (1 - chance)))
        // Alpha nominal, two raters, no missing: 1 - (2N - 1) · 2·disagreements / (4N² - Σ n_c²).
        let squares = margins.reduce(0) { $0 + $1 * $1 }
        #expect(isClose(result.value(.alphaNominal), 1 - (2 * n - 1) * 2 * (n - agree) / (4 * n * n - squares)))
        // Cohen from its textbook definition.
        var rows = [Double](repeating: 0, count: 5), columns = rows
        for (a, b) in pairs { rows[a] += 1; columns[b] += 1 }
        let cohenChance = (1...4).reduce(0.0) { $0 + rows[$1] * columns[$1] } / (n * n)
        #expect(isClose(result.value(.cohenKappa), (agree / n - cohenChance) / (1 - cohenChance)))
    }

    @Test(arguments: 0..<10) func perfectAgreementGivesOne(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var data = (0..<15).map { _ -> ItemReads in
            let score = Self.scale.randomElement(using: &generator) ?? 1
            return ItemReads(raters: [0, 1, 2], scores: [score, score, score])
        }
        data.append(ItemReads(raters: [0, 1, 2], scores: [1, 1, 1]))
        data.append(ItemReads(raters: [0, 1, 2], scores: [4, 4, 4]))
        let result = quickAnalysis(data, scale: Self.scale)
        for coefficient in AgreementCoefficient.allCases where ![.cohenKappa, .linearKappa, .quadraticKappa].contains(coefficient) {
            #expect(isClose(result.value(coefficient), 1), "\(coefficient)")
        }
        let twoReads = data.map { ItemReads(raters: [0, 1], scores: Array($0.scores.prefix(2))) }
        let pairResult = quickAnalysis(twoReads, scale: Self.scale)
        for coefficient in [AgreementCoefficient.cohenKappa, .linearKappa, .quadraticKappa] {
            #expect(isClose(pairResult.value(coefficient), 1), "\(coefficient)")
        }
    }

    @Test(arguments: 0..<10) func relabellingRatersAndReorderingItemsChangesNothing(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let data = Self.randomItems(&generator, count: 30, maxReads: 2)
        let relabel: [Int32] = Array(0..<6).shuffled(using: &generator).map { Int32($0 * 10 + 3) }
        let moved = data.map { ItemReads(raters: $0.raters.map { relabel[Int($0)] }, scores: $0.scores) }
            .shuffled(using: &generator)
        let original = AgreementAnalysis.analyze(items: data, scale: Self.scale)
        let changed = AgreementAnalysis.analyze(items: moved, scale: Self.scale)
        #expect((original.items, original.raters, original.ratings, original.pairs) == (changed.items, changed.raters, changed.ratings, changed.pairs))
        #expect(original.exact == changed.exact && original.discrepant == changed.discrepant)
        for coefficient in AgreementCoefficient.allCases {
            let a = original[coefficient], b = changed[coefficient]
            if coefficient.isIntraclass {
                #expect(a.reason == b.reason && (a.value == nil) == (b.value == nil), "\(coefficient)")
                if let value = a.value { #expect(isClose(b.value, value, 1e-12), "\(coefficient)") }
            } else {
                // The bootstrap works on canonically ordered patterns: exactly the same.
                #expect(a == b, "\(coefficient)")
            }
        }
    }

    @Test(arguments: 0..<10) func randomDataIsAlwaysFinite(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let data = Self.randomItems(&generator, count: Int.random(in: 0...8, using: &generator))
        #expect(allFinite(quickAnalysis(data, scale: Self.scale)))
        #expect(allFinite(quickAnalysis(data, scale: Self.scale, raters: RaterPair(0, 1))))
    }
}
