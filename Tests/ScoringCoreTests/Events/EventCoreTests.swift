import Testing
@testable import ScoringCore

/// The pure rules of scoring events: response codes, seeded draws, plans and lock-out.
@Suite struct EventCoreTests {
    @Test func responseCodesAreCrockfordBase32AndReadAsTyped() {
        var generator = SeededGenerator(seed: 7)
        var seen: Set<String> = []
        for _ in 0..<2000 {
            let code = ResponseCode.make(using: &generator)
            #expect(code.count == 9 && code.first == "@")
            #expect(code.dropFirst().allSatisfy { ResponseCode.alphabet.contains($0) })
            #expect(!code.contains(where: { "ILOU".contains($0) }))
            seen.insert(code)
        }
        #expect(seen.count == 2000)
        #expect(ResponseCode.normalized("@k7q2m9xa") == "@K7Q2M9XA")
        #expect(ResponseCode.normalized("K7Q2M9XA") == "@K7Q2M9XA")
        #expect(ResponseCode.normalized("@OIL00000") == "@01100000")
        #expect(ResponseCode.normalized("@K7Q2M9X") == nil)
        #expect(ResponseCode.normalized("@K7Q2M9XU") == nil)
        #expect(ResponseCode.normalized("s-1001") == nil)
    }

    @Test func drawsAreFixedBySeedAndKeyAndSpreadEvenly() {
        #expect(EventDraw.unit(seed: 1, key: "a") == EventDraw.unit(seed: 1, key: "a"))
        #expect(EventDraw.unit(seed: 1, key: "a") != EventDraw.unit(seed: 2, key: "a"))
        #expect(EventDraw.unit(seed: 1, key: "a") != EventDraw.unit(seed: 1, key: "b"))
        let hits = (0..<20_000).filter { EventDraw.chance(0.05, seed: 1, key: "validity r-1 \($0)") }.count
        // 5% of 20,000 is 1,000, with a standard deviation of about 31.
        #expect((880...1120).contains(hits))
        #expect((0..<100).allSatisfy { EventDraw.chance(1, seed: 3, key: "\($0)") })
        #expect((0..<100).allSatisfy { !EventDraw.chance(0, seed: 3, key: "\($0)") })
    }

    static let rubric = """
        id: essay
        title: Essay
        version: 1
        scale:
          - { score: 1, label: Low }
          - { score: 2, label: Mid }
          - { score: 3, label: High }
        criteria:
          - { id: claim, name: Claim }
        decision:
          proficient_at: 2
        """

    static func task(_ scoring: String) throws -> AssessmentTask {
        try AssessmentTask.parse(
            "id: t\ntitle: T\nkind: performance-task\nrubric: essay\n" + scoring, file: "TaskBank/t.yaml", expectedID: "t", rubrics: ["essay"])
    }

    @Test func aTaskWithoutAScoringSectionHasTheDefaults() throws {
        let plan = try Self.task("").plan
        #expect(plan == ScoringPlan(secondReads: nil, validity: 0.05, backreads: 0.05, lease: 1800, lockout: .init(after: 10, exact: 0.7, withinOne: 0.95), seed: 1))
        let full = try Self.task("scoring:\n  second_reads: 0.2\n  validity: 0.1\n  backreads: 0\n  lease: 2h\n  lockout: { after: 5, exact: 0.6, within_one: 0.9 }\n  seed: 42\n").plan
        #expect(full == ScoringPlan(secondReads: 0.2, validity: 0.1, backreads: 0, lease: 7200, lockout: .init(after: 5, exact: 0.6, withinOne: 0.9), seed: 42))
    }

    @Test(arguments: [
        ("scoring:\n  validity: 1.5\n", "TaskBank/t.yaml:6: validity must be a share between 0 and 1, not 1.5"),
        ("scoring:\n  lease: soon\n", "TaskBank/t.yaml:6: lease 'soon' is not a duration such as 30m, 2h or 90s (at most a week)"),
        ("scoring:\n  lockout: { after: 0 }\n", "TaskBank/t.yaml:6: after must be between 1 and 1000 validity reads, not 0"),
        ("scoring:\n  seeds: 3\n", "TaskBank/t.yaml:6: the scoring section has unknown key 'seeds'; did you mean 'seed'?"),
    ])
    func aBadScoringSectionIsRejectedWithItsLine(scoring: String, expected: String) {
        #expect(throws: ContentError.self) { try Self.task(scoring) }
        do {
            _ = try Self.task(scoring)
        } catch {
            #expect("\(error)".hasPrefix(expected), "got: \(error)")
        }
    }

    @Test func plannedReadsFollowTheRubricAndTheSecondReadRate() throws {
        let rubric = try Rubric.parse(Self.rubric, file: "Rubrics/essay.yaml", expectedID: "essay", competencies: nil)
        // The rubric asks for two reads by default: both are planned unless second_reads says less.
        let two = rubric
        var one = rubric
        one.resolution.reads = 1
        #expect(ScoringPlan().plannedReads(rubric: two, task: "t", component: "main", student: "s-1") == 2)
        #expect(ScoringPlan().plannedReads(rubric: one, task: "t", component: "main", student: "s-1") == 1)
        #expect(ScoringPlan(secondReads: 1).plannedReads(rubric: one, task: "t", component: "main", student: "s-1") == 2)
        let tenth = ScoringPlan(secondReads: 0.1)
        let doubled = (0..<1000).filter { tenth.plannedReads(rubric: two, task: "t", component: "main", student: "s-\($0)") == 2 }.count
        #expect((60...140).contains(doubled))
        #expect(ScoringPlan.seconds("30m") == 1800 && ScoringPlan.seconds("90") == 90 && ScoringPlan.seconds("0m") == nil)
    }

    @Test func theLockOutRuleLooksAtTheLastReadsOnly() {
        let rule = ScoringPlan.Lockout(after: 3, exact: 0.7, withinOne: 0.95)
        let good: ValidityCheck.Read = [(3, 3), (2, 2)]
        let near: ValidityCheck.Read = [(3, 2), (2, 2)]
        let far: ValidityCheck.Read = [(1, 3), (2, 2)]
        // Fewer than `after` reads are never checked.
        #expect(!ValidityCheck.isLockedOut([far, far], rule: rule))
        // good, good, near: 5 of 6 exact (0.833), 6 of 6 within one: fine.
        #expect(ValidityCheck.figures([good, good, near], rule: rule) == .init(reads: 3, exact: 5.0 / 6, withinOne: 1))
        #expect(!ValidityCheck.isLockedOut([good, good, near], rule: rule))
        // near, near, good: 4 of 6 exact (0.667 < 0.7): locked out.
        #expect(ValidityCheck.isLockedOut([near, near, good], rule: rule))
        // far, good, good, good: the far read has left the window.
        #expect(!ValidityCheck.isLockedOut([far, good, good, good], rule: rule))
        // good, good, far: 5 of 6 within one (0.833 < 0.95).
        #expect(ValidityCheck.isLockedOut([good, good, far], rule: rule))
    }
}
