import Testing
@testable import ScoringCore

@Suite struct DecisionRuleEvaluationTests {
    typealias F = DecisionFixtures

    @Test func floorFailsAlone() {
        // Both reads (1, 4): finals 1 and 4; combined (1 + 2 × 4) / 3 = 9 / 3 = 3.0 reaches 3.0,
        // but claim 1 < floor 2.
        let result = ComponentResolution.resolve([F.read("r1", 1, 4), F.read("r2", 1, 4)], rubric: F.essay())
        #expect(result.status == .decided)
        #expect(close(result.score, 3.0))
        #expect(result.proficient == false)
        // The level follows the combined score only.
        #expect(result.level == "Meets")
        // Without a floor the same reads are proficient.
        let noFloor = ComponentResolution.resolve([F.read("r1", 1, 4), F.read("r2", 1, 4)], rubric: F.essay(floor: nil))
        #expect(noFloor.proficient == true)
    }

    @Test func aFinalExactlyAtTheFloorPasses() {
        // finals 2 and 4: combined (2 + 8) / 3 = 3.333…, claim 2 = floor.
        let result = ComponentResolution.resolve([F.read("r1", 2, 4), F.read("r2", 2, 4)], rubric: F.essay())
        #expect(result.proficient == true)
        // A mean of 1.5 is below the floor: reads (1, 4) and (2, 4): combined (1.5 + 8) / 3 = 3.1666…
        let below = ComponentResolution.resolve([F.read("r1", 1, 4), F.read("r2", 2, 4)], rubric: F.essay())
        #expect(close(below.score, 9.5 / 3))
        #expect(below.proficient == false)
    }

    @Test func proficientAtIsInclusive() {
        let rule = DecisionRule(proficientAt: 3.0)
        #expect(rule.isProficient(combined: 3.0, finals: []))
        #expect(rule.isProficient(combined: 3.0 - 1e-10, finals: []))
        #expect(!rule.isProficient(combined: 3.0 - 1e-6, finals: []))
        #expect(!rule.isProficient(combined: .nan, finals: []))
    }

    @Test func floatingPointShortfallIsWithinTolerance() {
        // (0.1 × 3 + 0.7 × 3) / (0.1 + 0.7) computes to 2.9999999999999996, not 3.
        let rubric = Rubric(
            id: "w", title: "W", version: 1, scale: F.scale,
            criteria: [Criterion(id: "a", name: "A", weight: 0.1), Criterion(id: "b", name: "B", weight: 0.7)],
            decision: DecisionRule(proficientAt: 3, floor: 3, levels: F.levels), resolution: ResolutionRule(reads: 1))
        let combined = rubric.combinedScore(finals: [3, 3])
        #expect(combined == 2.9999999999999996)
        let result = ComponentResolution.resolve(
            [ComponentRead(rater: "r", scores: ["a": 3, "b": 3], scoredAt: F.time())], rubric: rubric)
        #expect(result.proficient == true)
        #expect(result.level == "Meets")
    }

    @Test func everyLevelBoundary() {
        let rule = DecisionRule(proficientAt: 3, levels: F.levels)
        #expect(rule.level(for: 4.0) == "Exceeds")
        #expect(rule.level(for: 3.5) == "Exceeds")
        #expect(rule.level(for: 3.5 - 1e-10) == "Exceeds")
        #expect(rule.level(for: 3.5 - 1e-6) == "Meets")
        #expect(rule.level(for: 3.0) == "Meets")
        #expect(rule.level(for: 3.0 - 1e-6) == "Approaching")
        #expect(rule.level(for: 2.0) == "Approaching")
        #expect(rule.level(for: 2.0 - 1e-6) == "Beginning")
        #expect(rule.level(for: 0) == "Beginning")
        #expect(rule.level(for: -1e-6) == nil)
        #expect(rule.level(for: .nan) == nil)
        #expect(DecisionRule(proficientAt: 3).level(for: 3) == nil)
    }

    @Test func levelsThroughResolution() {
        // Combined scores 3.5 (reads 3 and 4 on one criterion), 3.0, 2.5, 1.0.
        let talk = F.talk()
        func level(_ a: Int, _ b: Int) -> String? {
            var rubric = talk
            rubric.resolution.reads = 2
            return ComponentResolution.resolve([F.talkRead("r1", a), F.talkRead("r2", b)], rubric: rubric).level
        }
        #expect(level(3, 4) == "Exceeds")
        #expect(level(3, 3) == "Meets")
        #expect(level(2, 3) == "Approaching")
        #expect(level(1, 1) == "Beginning")
    }

    @Test func levelsGivenInAnyOrderPickTheHighestReached() {
        var rule = DecisionRule(proficientAt: 3)
        rule.levels = [PerformanceLevel(at: 0, label: "Low"), PerformanceLevel(at: 3, label: "High")]
        #expect(rule.level(for: 3.2) == "High")
        #expect(rule.level(for: 2.9) == "Low")
    }

    @Test func combinedScoreIsTheWeightedMean() {
        let rubric = F.essay()
        // (1 × 2 + 2 × 3.5) / 3 = 9 / 3 = 3
        #expect(rubric.combinedScore(finals: [2, 3.5]) == 3.0)
        #expect(rubric.combinedScore(finals: [2]) == nil)
        var empty = rubric
        empty.criteria = []
        #expect(empty.combinedScore(finals: []) == nil)
        empty.resolution.reads = 1
        let decided = ComponentResolution.resolve([ComponentRead(rater: "r", scores: [:], scoredAt: F.time())], rubric: empty)
        #expect(decided.status == .decided && decided.finals == [] && decided.score == nil)
        #expect(decided.proficient == false && decided.level == nil)
    }
}
