import Testing
import ScoringCore
@testable import ScoringStore

/// `validityBasis`: what a rater's lock-out standing rests on, the same on both engines (the
/// server's one statement against the protocol's three).
@Suite(.scratchSchemas) struct ValidityBasisTests {
    static func at(_ minutes: Int64) -> Timestamp { Timestamp(seconds: Fixtures.time.seconds + minutes * 60) }

    /// Anchors a-1 and a-2 with masters; r-1's validity reads of both, an hour apart.
    static func store(_ engine: Engine) throws -> any Store {
        let store = try Fixtures.store(engine, students: ["a-1", "a-2"], raters: ["r-1", "r-2", "lead-1"])
        let bank = Fixtures.bank()
        _ = try store.record(
            [
                Fixtures.essayRead(student: "a-1", rater: "lead-1", kind: .master, 3, 3, 3),
                Fixtures.essayRead(student: "a-2", rater: "lead-1", kind: .master, 2, 2, 2),
            ], rubrics: bank.rubrics, at: Fixtures.time)
        _ = try store.record(
            [
                Fixtures.essayRead(student: "a-1", rater: "r-1", kind: .validity, 3, 2, 3, at: at(10)),
                Fixtures.essayRead(student: "a-2", rater: "r-1", kind: .validity, 4, 2, 2, at: at(70)),
            ], rubrics: bank.rubrics, at: at(70))
        return store
    }

    static func defaultBasis(_ store: any Store, rater: String, rubric: String) throws -> (reads: [ValidityRead], since: Timestamp?) {
        let reinstated = try store.reinstatements(rater: rater).filter { $0.rubric == rubric }.map(\.at).max()
        let qualified = try store.latestQualifications(rater: rater, rubric: rubric).filter(\.qualified).map(\.decidedAt).max()
        return (try store.validityReads(rater: rater).filter { $0.rubric == rubric }, [reinstated, qualified].compactMap { $0 }.max())
    }

    @Test(arguments: Engine.available) func theBasisIsTheReadsAndTheLatestFreshStart(engine: Engine) throws {
        let store = try Self.store(engine)
        var basis = try store.validityBasis(rater: "r-1", rubric: "essay")
        #expect(basis.since == nil)
        #expect(basis.reads.map(\.student) == ["a-1", "a-2"])
        #expect(basis.reads[1].pairs.map(\.score) == [4, 2, 2] && basis.reads[1].pairs.map(\.master) == [2, 2, 2])
        #expect(try store.validityBasis(rater: "r-2", rubric: "essay").reads.isEmpty)
        #expect(try store.validityBasis(rater: "r-1", rubric: "talk").reads.isEmpty)

        // A reinstatement at 30 minutes, then a qualification at 50 that qualified: the later counts.
        try store.reinstate(Reinstatement(rater: "r-1", rubric: "essay", reason: "retrained", by: "lead-1", at: Self.at(30)))
        #expect(try store.validityBasis(rater: "r-1", rubric: "essay").since == Self.at(30))
        try store.openSession(CalibrationSession(
            name: "cal-1", task: "essay-task", component: "main", rubric: "essay", exact: 0.7, withinOne: 0.95, openedAt: Fixtures.time))
        try store.closeSession(
            "cal-1",
            qualifications: [
                Qualification(rater: "r-1", session: "cal-1", rubric: "essay", qualified: true, anchors: 2, exact: 1, withinOne: 1, bias: 0, decidedAt: Self.at(50))
            ], at: Self.at(50))
        basis = try store.validityBasis(rater: "r-1", rubric: "essay")
        #expect(basis.since == Self.at(50))
        let expected = try Self.defaultBasis(store, rater: "r-1", rubric: "essay")
        #expect(basis.since == expected.since && basis.reads == expected.reads)

        // A later session that did not qualify them: the reinstatement is the fresh start again.
        try store.openSession(CalibrationSession(
            name: "cal-2", task: "essay-task", component: "main", rubric: "essay", exact: 0.7, withinOne: 0.95, openedAt: Self.at(55)))
        try store.closeSession(
            "cal-2",
            qualifications: [
                Qualification(rater: "r-1", session: "cal-2", rubric: "essay", qualified: false, anchors: 2, exact: 0, withinOne: 0.5, bias: 1, decidedAt: Self.at(60))
            ], at: Self.at(60))
        #expect(try store.validityBasis(rater: "r-1", rubric: "essay").since == Self.at(30))
        #expect(try Self.defaultBasis(store, rater: "r-1", rubric: "essay").since == Self.at(30))
    }
}
