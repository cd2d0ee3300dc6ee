import Testing
@testable import ScoringCore

@Suite struct ComponentResolutionTests {
    typealias F = DecisionFixtures
    let essay = F.essay()

    @Test func noReadsAtAllIsIncomplete() {
        let result = ComponentResolution.resolve([], rubric: essay)
        #expect(result.status == .incomplete)
        #expect(result.criteria == ["claim", "evidence"])
        #expect(result.finals == nil && result.score == nil && result.proficient == nil && result.level == nil)
        #expect(result.reads == 0 && result.firstScoredAt == nil)
        #expect(result == ComponentResolution.unread(rubric: essay))
    }

    @Test func fewerReadsThanRequiredIsIncomplete() {
        let result = ComponentResolution.resolve([F.read("r1", 3, 3)], rubric: essay)
        #expect(result.status == .incomplete)
        #expect(result.reads == 1)
        #expect(result.finals == nil && result.proficient == nil)
    }

    @Test func agreeingReadsAreAveraged() {
        let result = ComponentResolution.resolve([F.read("r1", 3, 3), F.read("r2", 4, 3, at: 5)], rubric: essay)
        #expect(result.status == .decided)
        #expect(result.basis == .meanOfReads)
        // claim (3 + 4) / 2 = 3.5; evidence (3 + 3) / 2 = 3
        #expect(result.finals == [3.5, 3.0])
        #expect(result.finalScores == ["claim": 3.5, "evidence": 3.0])
        #expect(result.finalScore(for: "claim") == 3.5)
        #expect(result.finalScore(for: "voice") == nil)
        // (1 × 3.5 + 2 × 3) / 3 = 9.5 / 3 = 3.1666…
        #expect(close(result.score, 9.5 / 3))
        #expect(result.proficient == true)
        #expect(result.level == "Meets")
        #expect(result.code == nil)
    }

    @Test func differenceJustBelowAdjudicateAtIsNotDiscrepant() {
        // claim 2 vs 3 differs by 1 < 2; evidence 4 vs 3 differs by 1.
        let result = ComponentResolution.resolve([F.read("r1", 2, 4), F.read("r2", 3, 3)], rubric: essay)
        #expect(result.status == .decided)
        // finals 2.5 and 3.5; (2.5 + 7) / 3 = 3.1666…
        #expect(result.finals == [2.5, 3.5])
        #expect(close(result.score, 9.5 / 3))
    }

    @Test func differenceOfAdjudicateAtNeedsAdjudication() {
        // claim 2 vs 4 differs by exactly adjudicate_at = 2.
        let result = ComponentResolution.resolve([F.read("r1", 2, 3), F.read("r2", 4, 3)], rubric: essay)
        #expect(result.status == .needsAdjudication)
        #expect(result.basis == nil)
        #expect(result.finals == nil && result.score == nil && result.proficient == nil && result.level == nil)
        #expect(result.reads == 2)
    }

    @Test func adjudicateAtIsTheRubricsNotAFixedTwo() {
        let strict = F.essay(adjudicateAt: 1)
        // Differing by 1 is now discrepant.
        let result = ComponentResolution.resolve([F.read("r1", 3, 3), F.read("r2", 4, 3)], rubric: strict)
        #expect(result.status == .needsAdjudication)
    }

    @Test func adjudicatorScoreReplacesReads() {
        let reads = [
            F.read("r1", 2, 3), F.read("r2", 4, 3, at: 1), F.read("a1", 3, 4, kind: .adjudication, at: 10),
        ]
        let result = ComponentResolution.resolve(reads, rubric: essay)
        #expect(result.status == .decided)
        #expect(result.basis == .adjudication)
        // The adjudicator's scores, not the means (3, 3).
        #expect(result.finals == [3.0, 4.0])
        // (3 + 2 × 4) / 3 = 11 / 3 = 3.666…
        #expect(close(result.score, 11.0 / 3))
        #expect(result.proficient == true)
        #expect(result.level == "Exceeds")
        #expect(result.firstScoredAt == F.time(0))
    }

    @Test func adjudicationDoesNotMatterWhenReadsAgree() {
        // Reads (3, 3) and (3, 2) are not discrepant; the adjudicator's (1, 1) is ignored.
        // Not even its date counts.
        let reads = [F.read("r1", 3, 3, at: 10), F.read("r2", 3, 2, at: 20), F.read("a1", 1, 1, kind: .adjudication, at: 0)]
        let result = ComponentResolution.resolve(reads, rubric: essay)
        #expect(result.basis == .meanOfReads)
        #expect(result.firstScoredAt == F.time(10))
        // finals 3 and 2.5; (3 + 2 × 2.5) / 3 = 8 / 3 = 2.666…
        #expect(result.finals == [3.0, 2.5])
        #expect(close(result.score, 8.0 / 3))
        #expect(result.proficient == false)
        #expect(result.level == "Approaching")
    }

    @Test func adjudicationDoesNotCompleteMissingReads() {
        let result = ComponentResolution.resolve([F.read("r1", 2, 2), F.read("a1", 4, 4, kind: .adjudication)], rubric: essay)
        #expect(result.status == .incomplete)
        #expect(result.reads == 1)
    }

    @Test func theLatestAdjudicationDecides() {
        let discrepant = [F.read("r1", 1, 3), F.read("r2", 4, 3)]
        let later = ComponentResolution.resolve(
            discrepant + [F.read("a2", 4, 4, kind: .adjudication, at: 20), F.read("a1", 2, 2, kind: .adjudication, at: 10)],
            rubric: essay)
        #expect(later.finals == [4.0, 4.0])
        // Same time: the one recorded later wins.
        let tie = ComponentResolution.resolve(
            discrepant + [F.read("a1", 4, 4, kind: .adjudication, at: 10), F.read("a2", 2, 2, kind: .adjudication, at: 10)],
            rubric: essay)
        #expect(tie.finals == [2.0, 2.0])
    }

    @Test func singleScoringDecidesOnOneRead() {
        let result = ComponentResolution.resolve([F.read("r1", 3, 4)], rubric: F.essay(reads: 1))
        #expect(result.status == .decided)
        // (3 + 8) / 3 = 3.666…
        #expect(result.finals == [3.0, 4.0])
        #expect(close(result.score, 11.0 / 3))
    }

    @Test func everyReadCountsWhenThereAreMoreThanRequired() {
        // Three agreeing reads: claim (3 + 3 + 4) / 3 = 3.333…, evidence (2 + 3 + 3) / 3 = 2.666…
        let three = [F.read("r1", 3, 2), F.read("r2", 3, 3), F.read("r3", 4, 3)]
        let result = ComponentResolution.resolve(three, rubric: essay)
        #expect(result.reads == 3)
        #expect(close(result.finals?[0], 10.0 / 3) && close(result.finals?[1], 8.0 / 3))
        // (10/3 + 2 × 8/3) / 3 = (26/3) / 3 = 26/9 = 2.888…
        #expect(close(result.score, 26.0 / 9))
        #expect(result.proficient == false)
        // A third read discrepant with one of two agreeing reads still needs adjudication.
        let tieBreak = [F.read("r1", 2, 3), F.read("r2", 2, 3), F.read("r3", 4, 3)]
        #expect(ComponentResolution.resolve(tieBreak, rubric: essay).status == .needsAdjudication)
    }

    @Test func backreadsAreCountedButChangeNothing() {
        let reads = [F.read("r1", 3, 3, at: 10), F.read("r2", 4, 3, at: 20)]
        let plain = ComponentResolution.resolve(reads, rubric: essay)
        let backread = ComponentResolution.resolve(
            reads + [F.read("lead", 1, 1, kind: .backread, at: 0), F.coded("lead2", .blank, kind: .backread)],
            rubric: essay)
        #expect(backread.backreads == 2)
        var expected = plain
        expected.backreads = 2
        #expect(backread == expected)
        // Nor does an earlier backread date the evidence.
        #expect(backread.firstScoredAt == F.time(10))
        // A backread is no read: one read plus one backread is still incomplete.
        let short = ComponentResolution.resolve([F.read("r1", 3, 3), F.read("lead", 3, 3, kind: .backread)], rubric: essay)
        #expect(short.status == .incomplete && short.backreads == 1)
    }

    @Test func masterAndCalibrationReadsAreIgnored() {
        let reads = [
            F.read("r1", 3, 3), F.read("m", 1, 1, kind: .master), F.read("c", 1, 1, kind: .calibration),
        ]
        let result = ComponentResolution.resolve(reads, rubric: essay)
        #expect(result.status == .incomplete)
        #expect(result.reads == 1 && result.backreads == 0 && result.unusableReads == 0)
    }

    @Test func aReadMissingACriterionIsUnusable() {
        let partial = ComponentRead(rater: "r2", scores: ["claim": 3], scoredAt: F.time(0))
        let result = ComponentResolution.resolve([F.read("r1", 3, 3, at: 5), partial], rubric: essay)
        #expect(result.status == .incomplete)
        #expect(result.reads == 1 && result.unusableReads == 1)
        #expect(result.firstScoredAt == F.time(5))
        // Scores for criteria the rubric lacks are ignored.
        let extra = ComponentRead(rater: "r2", scores: ["claim": 3, "evidence": 3, "voice": 1], scoredAt: F.time(0))
        let decided = ComponentResolution.resolve([F.read("r1", 3, 3), extra], rubric: essay)
        #expect(decided.finals == [3.0, 3.0])
    }

    @Test func evidenceIsDatedByTheEarliestCountedRead() {
        let reads = [F.read("r2", 3, 3, at: 30), F.read("r1", 3, 3, at: 10), F.read("r3", 3, 3, at: 20)]
        #expect(ComponentResolution.resolve(reads, rubric: essay).firstScoredAt == F.time(10))
        // An adjudicated component keeps the date of its first read.
        let adjudicated = [F.read("r1", 1, 3, at: 10), F.read("r2", 4, 3, at: 20), F.read("a1", 3, 3, kind: .adjudication, at: 5)]
        #expect(ComponentResolution.resolve(adjudicated, rubric: essay).firstScoredAt == F.time(10))
    }

    @Test func readsGivenByPlaceResolveAsReadsGivenById() {
        var generator = SeededGenerator(seed: 7)
        let kinds: [ReadKind] = [.read, .read, .read, .adjudication, .backread, .master]
        for _ in 0..<2_000 {
            var byID: [ComponentRead] = []
            var byPlace = RubricReads(rubric: essay)
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let kind = kinds.randomElement(using: &generator)!
                let minutes = Int64.random(in: 0...3, using: &generator)
                let time = F.time(minutes)
                if Int.random(in: 0..<8, using: &generator) == 0 {
                    byID.append(F.coded("r", [.blank, .illegible].randomElement(using: &generator)!, kind: kind, at: minutes))
                    byPlace.append(kind: kind, scoredAt: time, code: byID.last!.outcome.code!)
                    continue
                }
                // Some reads miss a criterion or score one the rubric lacks.
                var scores: [String: Int] = [:]
                byPlace.appendScored(kind: kind, scoredAt: time)
                for (place, criterion) in ["claim", "evidence", "voice"].enumerated() where Int.random(in: 0..<10, using: &generator) > 0 {
                    let score = Int.random(in: 1...4, using: &generator)
                    scores[criterion] = score
                    if place < 2 { byPlace.setScore(score, at: place) }
                }
                byID.append(ComponentRead(rater: "r", kind: kind, scores: scores, scoredAt: time))
            }
            #expect(ComponentResolution.resolve(byPlace) == ComponentResolution.resolve(byID, rubric: essay))
        }
    }

    @Test func aLaterScoreOfTheSameCriterionReplacesTheEarlier() {
        var reads = RubricReads(rubric: essay)
        for rater in 0..<2 {
            reads.appendScored(kind: .read, scoredAt: F.time(Int64(rater)))
            reads.setScore(1, at: 0)
            reads.setScore(3, at: 1)
            reads.setScore(3, at: 0)
        }
        #expect(ComponentResolution.resolve(reads).finals == [3.0, 3.0])
    }

    @Test func storedReadsMapOntoComponentReads() {
        let stored = Read(
            student: "s1", task: "t", rater: "r1", kind: .adjudication,
            scores: [CriterionScore(criterion: "claim", score: 2), CriterionScore(criterion: "evidence", score: 4)],
            scoredAt: F.time(3), rubric: "essay", rubricVersion: 1)
        #expect(ComponentRead(stored) == F.read("r1", 2, 4, kind: .adjudication, at: 3))
    }
}
