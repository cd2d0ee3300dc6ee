import Testing
@testable import ScoringCore

@Suite struct RollupTests {
    func rule(_ method: RollupMethod, weight: Double = 0.65, times: Int = 2, at: Double = 3) -> RollupRule {
        RollupRule(method: method, weight: weight, times: times, proficientAt: at)
    }

    func rollUp(_ method: RollupMethod, _ values: [Double], weight: Double = 0.65, times: Int = 2) -> RollupResult {
        rule(method, weight: weight, times: times).rollUp(values: values)
    }

    @Test func mostRecentIsTheLastValue() {
        #expect(rollUp(.mostRecent, [2, 3, 4]) == RollupResult(method: .mostRecent, evidence: 3, value: 4, proficient: true))
        #expect(rollUp(.mostRecent, [4, 3, 2]) == RollupResult(method: .mostRecent, evidence: 3, value: 2, proficient: false))
    }

    @Test func highestIsTheMaximum() {
        #expect(rollUp(.highest, [2, 4, 3]) == RollupResult(method: .highest, evidence: 3, value: 4, proficient: true))
        #expect(rollUp(.highest, [2.5, 1, 2]).value == 2.5)
        #expect(rollUp(.highest, [2.5, 1, 2]).proficient == false)
    }

    @Test func meanIsTheMean() {
        // (2 + 3 + 4) / 3 = 3, which reaches 3.
        #expect(rollUp(.mean, [2, 3, 4]) == RollupResult(method: .mean, evidence: 3, value: 3, proficient: true))
        // (2 + 3 + 3.5) / 3 = 8.5 / 3 = 2.8333…
        let short = rollUp(.mean, [2, 3, 3.5])
        #expect(close(short.value, 8.5 / 3) && !short.proficient)
    }

    @Test func weightedAverageWeighsTheLastAgainstTheMeanOfTheRest() {
        // 0.65 × 4 + 0.35 × mean(2, 3) = 2.6 + 0.35 × 2.5 = 2.6 + 0.875 = 3.475
        let three = rollUp(.weightedAverage, [2, 3, 4])
        #expect(close(three.value, 3.475) && three.proficient && three.evidence == 3)
        // 0.65 × 2 + 0.35 × 4 = 1.3 + 1.4 = 2.7
        let two = rollUp(.weightedAverage, [4, 2])
        #expect(close(two.value, 2.7) && !two.proficient)
        // With weight 0.5: 0.5 × 4 + 0.5 × mean(2, 2, 2) = 3
        #expect(close(rollUp(.weightedAverage, [2, 2, 2, 4], weight: 0.5).value, 3))
    }

    @Test func weightedAverageOfOneValueIsThatValue() {
        #expect(rollUp(.weightedAverage, [2.5]) == RollupResult(method: .weightedAverage, evidence: 1, value: 2.5, proficient: false))
        #expect(rollUp(.weightedAverage, [3]).proficient)
    }

    @Test func decayingAverageFoldsFromTheOldest() {
        // d1 = 2, d2 = 0.65 × 3 + 0.35 × 2 = 2.65, d3 = 0.65 × 4 + 0.35 × 2.65 = 2.6 + 0.9275 = 3.5275
        let result = rollUp(.decayingAverage, [2, 3, 4])
        #expect(close(result.value, 3.5275) && result.proficient && result.evidence == 3)
        // d1 = 3.5, d2 = 0.65 × 2.5 + 0.35 × 3.5 = 1.625 + 1.225 = 2.85, d3 = 0.65 × 3 + 0.35 × 2.85 = 1.95 + 0.9975 = 2.9475
        let falling = rollUp(.decayingAverage, [3.5, 2.5, 3])
        #expect(close(falling.value, 2.9475) && !falling.proficient)
        #expect(rollUp(.decayingAverage, [3]) == RollupResult(method: .decayingAverage, evidence: 1, value: 3, proficient: true))
    }

    @Test func roundingShortOfTheThresholdStillReachesIt() {
        // 0.3 × 3 + 0.7 × 3 computes to 2.9999999999999996.
        let result = rollUp(.decayingAverage, [3, 3], weight: 0.3)
        #expect(result.value == 2.9999999999999996)
        #expect(result.proficient)
    }

    @Test func nTimesAveragesTheHighestAndCountsScoresReaching() {
        // Highest two of (4, 2, 3.5, 3): (4 + 3.5) / 2 = 3.75; three values reach 3 >= 2 times.
        #expect(rollUp(.nTimes, [4, 2, 3.5, 3]) == RollupResult(method: .nTimes, evidence: 4, value: 3.75, proficient: true))
        // (4 + 2) / 2 = 3 reaches 3, but only one score does: not proficient.
        #expect(rollUp(.nTimes, [4, 2]) == RollupResult(method: .nTimes, evidence: 2, value: 3, proficient: false))
        // Highest three of (1, 4, 2, 4, 3): (4 + 4 + 3) / 3 = 11 / 3
        let three = rollUp(.nTimes, [1, 4, 2, 4, 3], times: 3)
        #expect(close(three.value, 11.0 / 3) && three.proficient)
        // times 1: highest (3) and one score reaching 3.
        #expect(rollUp(.nTimes, [2, 3], times: 1) == RollupResult(method: .nTimes, evidence: 2, value: 3, proficient: true))
    }

    @Test func nTimesWithFewerScoresThanTimes() {
        // Mean of all (fewer than 3): (4 + 4) / 2 = 4, but only two of the three scores needed.
        #expect(rollUp(.nTimes, [4, 4], times: 3) == RollupResult(method: .nTimes, evidence: 2, value: 4, proficient: false))
        #expect(rollUp(.nTimes, [3.5], times: 2) == RollupResult(method: .nTimes, evidence: 1, value: 3.5, proficient: false))
        // A times below 1 counts as 1.
        #expect(rollUp(.nTimes, [2, 3.5], times: 0) == RollupResult(method: .nTimes, evidence: 2, value: 3.5, proficient: true))
    }

    @Test func noEvidenceRollsUpToNothing() {
        for method in RollupMethod.allCases {
            #expect(rollUp(method, []) == RollupResult(method: method, evidence: 0, value: nil, proficient: false))
            #expect(!rollUp(method, []).hasEvidence)
        }
    }

    @Test func orderMattersOnlyForOrderedMethods() {
        let forward: [Double] = [2, 3, 4]
        let backward: [Double] = [4, 3, 2]
        for method in [RollupMethod.highest, .mean, .nTimes] {
            #expect(rollUp(method, forward) == rollUp(method, backward))
        }
        for method in [RollupMethod.mostRecent, .weightedAverage, .decayingAverage] {
            #expect(rollUp(method, forward) != rollUp(method, backward))
        }
    }
}
