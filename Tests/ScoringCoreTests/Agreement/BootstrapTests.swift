import Testing
@testable import ScoringCore

/// The seeded bootstrap, its samplers and the F quantiles behind the ICC intervals.
@Suite struct BootstrapTests {
    static func sample(_ seed: UInt64, count: Int = 300) -> [ItemReads] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let first = Int.random(in: 1...4, using: &generator)
            let second = Bool.random(using: &generator) ? first : Int.random(in: 1...4, using: &generator)
            return ItemReads(raters: [0, 1], scores: [first, second])
        }
    }

    @Test func sameDataGivesTheSameIntervals() {
        let data = Self.sample(1)
        let first = AgreementAnalysis.analyze(items: data, scale: [1, 2, 3, 4])
        let second = AgreementAnalysis.analyze(items: data, scale: [1, 2, 3, 4])
        #expect(first == second)
        #expect(first.interval(.fleissKappa) != nil)
    }

    @Test func sameSeedSameIntervalsOtherSeedOtherIntervals() {
        let data = Self.sample(2)
        func run(_ seed: UInt64) -> AgreementResult {
            var generator = SeededGenerator(seed: seed)
            return AgreementAnalysis.analyze(items: data, scale: [1, 2, 3, 4], raters: nil, resamples: 500, using: &generator)
        }
        #expect(run(11) == run(11))
        #expect(run(11).interval(.cohenKappa) != run(12).interval(.cohenKappa))
    }

    @Test func intervalsContainTheEstimate() {
        let result = AgreementAnalysis.analyze(items: Self.sample(3, count: 2_000), scale: [1, 2, 3, 4])
        for coefficient in AgreementCoefficient.allCases {
            guard let value = result.value(coefficient), let interval = result.interval(coefficient) else {
                Issue.record("\(coefficient) has no interval")
                continue
            }
            #expect(interval.low <= value && value <= interval.high, "\(coefficient)")
            #expect(interval.high - interval.low < 0.2, "\(coefficient)")
        }
    }

    @Test func patternResamplingMatchesTheTextbookBootstrap() {
        // Multinomial draws over patterns are an exact item bootstrap: their interval nearly
        // agrees with the textbook one.
        let data = Self.sample(4, count: 1_000)
        let patterns = ItemPatterns(items: data, categories: AgreementCategories(scale: [1, 2, 3, 4], items: data), cohen: .readOrder)
        var generator = SeededGenerator(seed: 5)
        let multinomial = AgreementBootstrap.intervals(patterns, wanted: [.fleissKappa], resamples: 2_000, using: &generator)
        // The textbook bootstrap: resample item indices directly and recompute.
        var direct: [Double] = []
        for _ in 0..<2_000 {
            let resample = (0..<data.count).map { _ in data[Int.random(in: 0..<data.count, using: &generator)] }
            if let value = quickAnalysis(resample, scale: [1, 2, 3, 4]).value(.fleissKappa) { direct.append(value) }
            if direct.count == 200 { break }
        }
        direct.sort()
        let low = PercentileBootstrap.quantile(sorted: direct, 0.025), high = PercentileBootstrap.quantile(sorted: direct, 0.975)
        #expect(isClose(multinomial[.fleissKappa]?.low, low ?? 0, 0.02))
        #expect(isClose(multinomial[.fleissKappa]?.high, high ?? 0, 0.02))
    }

    @Test(arguments: [(1_000, 0.3), (40, 0.1), (100_000, 0.02), (500, 0.9), (7, 0.5)])
    func binomialDrawsHaveTheRightMoments(trials: Int, probability: Double) {
        var generator = SeededGenerator(seed: 9)
        let draws = 20_000
        var sum = 0.0, squares = 0.0
        for _ in 0..<draws {
            let x = MultinomialSampling.binomial(trials: trials, probability: probability, using: &generator)
            #expect(x >= 0 && x <= trials)
            sum += Double(x)
            squares += Double(x) * Double(x)
        }
        let mean = sum / Double(draws), variance = squares / Double(draws) - mean * mean
        let expectedVariance = Double(trials) * probability * (1 - probability)
        #expect(abs(mean - Double(trials) * probability) < 5 * (expectedVariance / Double(draws)).squareRoot())
        #expect(abs(variance / expectedVariance - 1) < 0.05)
    }

    @Test func multinomialDrawsAddUp() {
        var generator = SeededGenerator(seed: 3)
        var counts = [Int](repeating: 0, count: 4)
        var totals = [Double](repeating: 0, count: 4)
        for _ in 0..<5_000 {
            MultinomialSampling.draw(total: 1_000, sizes: [500, 300, 0, 200], into: &counts, using: &generator)
            #expect(counts.reduce(0, +) == 1_000 && counts[2] == 0)
            for index in counts.indices { totals[index] += Double(counts[index]) / 5_000 }
        }
        #expect(abs(totals[0] - 500) < 1 && abs(totals[1] - 300) < 1 && abs(totals[3] - 200) < 1)
    }

    @Test func percentileIsHyndmanFanSeven() {
        #expect(PercentileBootstrap.quantile(sorted: [1, 2, 3, 4], 0.25) == 1.75)
        #expect(PercentileBootstrap.quantile(sorted: [1, 2, 3, 4], 0.975) == 3.925)
        #expect(PercentileBootstrap.quantile(sorted: [5], 0.025) == 5)
        #expect(PercentileBootstrap.quantile(sorted: [], 0.5) == nil)
    }

    @Test func generatorIsReproducible() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }

    @Test(arguments: [(0.975, 5.0, 15.0, 3.5764), (0.95, 1.0, 10.0, 4.9646), (0.975, 10.0, 10.0, 3.7168),
                      (0.975, 5.0, 18.0, 3.3820), (0.5, 2.0, 2.0, 1.0), (0.975, 3.0, 100_000.0, 3.1162)])
    func fQuantilesMatchTables(p: Double, d1: Double, d2: Double, expected: Double) {
        #expect(isClose(FDistribution.quantile(p, d1, d2), expected, 1e-4))
    }

    @Test func fQuantileRejectsBadArguments() {
        #expect(FDistribution.quantile(0.975, 0, 5) == nil)
        #expect(FDistribution.quantile(1, 3, 5) == nil)
        #expect(FDistribution.quantile(0.975, .nan, 5) == nil)
    }
}
