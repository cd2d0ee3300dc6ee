import Testing
@testable import ScoringCore

/// Why a decision is not proficient, worked out by hand for each rule that can decide it.
@Suite struct DecisionReasonTests {
    let rubric = DecisionFixtures.essay()

    func reason(_ reads: [ComponentRead]) -> String? {
        DecisionReason.component(ComponentResolution.resolve(reads, rubric: rubric), rubric: rubric)
    }

    @Test func eachRuleNamesItself() {
        #expect(reason([DecisionFixtures.read("a", 3, 3)]) == "1 of 2 reads so far")
        #expect(reason([DecisionFixtures.read("a", 1, 3), DecisionFixtures.read("b", 3, 3)]) == "reads differ by 2 or more: an adjudication decides")
        // claim 2, evidence 2.5: combined (2 + 2 * 2.5) / 3 = 2.333 < 3.
        #expect(reason([DecisionFixtures.read("a", 2, 2), DecisionFixtures.read("b", 2, 3)]) == "score 2.333 is below 3, the rubric's proficient_at")
        // claim 1.5, evidence 4: combined (1.5 + 8) / 3 = 3.167 >= 3, but claim is under the floor 2.
        #expect(reason([DecisionFixtures.read("a", 1, 4), DecisionFixtures.read("b", 2, 4)]) == "claim 1.500 below the floor 2")
        #expect(reason([DecisionFixtures.coded("a", .offTopic), DecisionFixtures.coded("b", .offTopic)]) == "condition code off-topic")
        #expect(reason([DecisionFixtures.read("a", 3, 3), DecisionFixtures.read("b", 3, 4)]) == nil)
    }

    @Test func aTaskWithComponentsCountsItsProficientParts() {
        let proficient = ComponentDecision(
            component: "paper", resolution: ComponentResolution.resolve([DecisionFixtures.read("a", 3, 3), DecisionFixtures.read("b", 3, 3)], rubric: rubric))
        let not = ComponentDecision(
            component: "talk", resolution: ComponentResolution.resolve([DecisionFixtures.read("a", 2, 2), DecisionFixtures.read("b", 2, 2)], rubric: rubric))
        let open = ComponentDecision(component: "defense", resolution: ComponentResolution.resolve([DecisionFixtures.read("a", 3, 3)], rubric: rubric))
        #expect(DecisionReason.task(TaskDecision(student: "s", task: "t", require: 2, components: [proficient, not])) == "1 of 2 components proficient; 2 required")
        #expect(DecisionReason.task(TaskDecision(student: "s", task: "t", require: 1, components: [proficient, not])) == nil)
        #expect(DecisionReason.task(TaskDecision(student: "s", task: "t", require: 2, components: [proficient, open])) == "defense incomplete")
    }

    @Test func rollupRulesSayWhatTheyNeed() {
        #expect(RollupRule(method: .nTimes, times: 2, proficientAt: 3).requirement == "2 scores of 3 or more")
        #expect(RollupRule(method: .mean, proficientAt: 2.5).requirement == "a value of 2.5 or more")
    }
}
