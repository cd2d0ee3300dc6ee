import Testing
@testable import ScoringCore

@Suite struct ConditionCodeTests {
    typealias F = DecisionFixtures
    let essay = F.essay()

    @Test func parsesItsSpelling() {
        #expect(ConditionCode(parsing: "blank") == .blank)
        #expect(ConditionCode(parsing: "off-topic") == .offTopic)
        #expect(ConditionCode(parsing: "illegible") == .illegible)
        #expect(ConditionCode(parsing: "wrong-language") == .wrongLanguage)
        #expect(ConditionCode(parsing: " Off-Topic ") == .offTopic)
        #expect(ConditionCode(parsing: "offTopic") == nil)
        #expect(ConditionCode(parsing: "off_topic") == nil)
        #expect(ConditionCode(parsing: "") == nil)
        #expect(ConditionCode.allCases.map(\.spelling) == ["blank", "off-topic", "illegible", "wrong-language"])
        #expect(ReadOutcome.code(.illegible).code == .illegible)
        #expect(ReadOutcome.scores(["claim": 3]).code == nil)
    }

    @Test func agreeingCodesDecideNotProficient() {
        let result = ComponentResolution.resolve([F.coded("r1", .blank), F.coded("r2", .blank, at: 4)], rubric: essay)
        #expect(result.status == .decided)
        #expect(result.basis == .agreeingCodes)
        #expect(result.code == .blank)
        #expect(result.proficient == false)
        #expect(result.finals == nil && result.score == nil && result.level == nil)
        #expect(result.firstScoredAt == F.time(0))
    }

    @Test func oneCodeOfTwoRequiredReadsIsIncomplete() {
        let result = ComponentResolution.resolve([F.coded("r1", .illegible)], rubric: essay)
        #expect(result.status == .incomplete)
        #expect(result.code == nil)
    }

    @Test func aSingleCodeDecidesUnderSingleScoring() {
        let result = ComponentResolution.resolve([F.coded("r1", .wrongLanguage)], rubric: F.essay(reads: 1))
        #expect(result.status == .decided && result.code == .wrongLanguage && result.proficient == false)
    }

    @Test func differentCodesNeedAdjudication() {
        let result = ComponentResolution.resolve([F.coded("r1", .blank), F.coded("r2", .offTopic)], rubric: essay)
        #expect(result.status == .needsAdjudication)
        #expect(result.code == nil && result.proficient == nil)
    }

    @Test func aCodeAgainstScoresNeedsAdjudication() {
        // Even scores that could not be lower: a code is not a score.
        let result = ComponentResolution.resolve([F.coded("r1", .offTopic), F.read("r2", 1, 1)], rubric: essay)
        #expect(result.status == .needsAdjudication)
        // Two reads agreeing on a code outvote nothing: a third read with scores still disagrees.
        let three = [F.coded("r1", .blank), F.coded("r2", .blank), F.read("r3", 2, 2)]
        #expect(ComponentResolution.resolve(three, rubric: essay).status == .needsAdjudication)
    }

    @Test func anAdjudicatorCodeDecides() {
        let reads = [F.coded("r1", .offTopic), F.read("r2", 3, 3), F.coded("a1", .offTopic, kind: .adjudication)]
        let result = ComponentResolution.resolve(reads, rubric: essay)
        #expect(result.status == .decided)
        #expect(result.basis == .adjudication)
        #expect(result.code == .offTopic && result.proficient == false && result.finals == nil)
    }

    @Test func anAdjudicatorScoresDecide() {
        let reads = [F.coded("r1", .blank), F.coded("r2", .illegible), F.read("a1", 4, 3, kind: .adjudication)]
        let result = ComponentResolution.resolve(reads, rubric: essay)
        #expect(result.basis == .adjudication)
        #expect(result.code == nil)
        // (4 + 2 × 3) / 3 = 10 / 3 = 3.333…
        #expect(result.finals == [4.0, 3.0])
        #expect(close(result.score, 10.0 / 3))
        #expect(result.proficient == true && result.level == "Meets")
    }

    @Test func anAdjudicatorCodeOnDiscrepantScoresDecides() {
        let reads = [F.read("r1", 1, 1), F.read("r2", 4, 4), F.coded("a1", .illegible, kind: .adjudication)]
        let result = ComponentResolution.resolve(reads, rubric: essay)
        #expect(result.status == .decided && result.code == .illegible && result.proficient == false)
    }
}
