import ScoringCore
import Testing
@testable import ScoringStore

@Suite(.scratchSchemas) struct CalibrationStoreTests {
    static func session(_ name: String, at time: Timestamp = Fixtures.time) -> CalibrationSession {
        CalibrationSession(name: name, task: "essay-task", component: "main", rubric: "essay", exact: 0.7, withinOne: 0.95, openedAt: time)
    }

    @Test(arguments: Engine.available) func sessionsAnchorsAndClosing(engine: Engine) throws {
        let store = try Fixtures.store(engine, students: ["s-1", "s-2"], raters: ["r-1", "r-2"])
        try store.openSession(Self.session("cal-1"))
        #expect(throws: StoreError.self) { try store.openSession(Self.session("cal-1")) }
        #expect(try store.addAnchors(["s-2", "s-1", "s-2"], to: "cal-1", at: Fixtures.time) == ["s-2", "s-1"])
        #expect(try store.addAnchors(["s-1"], to: "cal-1", at: Fixtures.time) == [])
        #expect(try store.session("cal-1")?.anchors == ["s-2", "s-1"])
        #expect(try store.openAnchors() == [
            AnchorKey(task: "essay-task", component: "main", student: "s-1"), AnchorKey(task: "essay-task", component: "main", student: "s-2"),
        ])
        let result = Qualification(
            rater: "r-1", session: "cal-1", rubric: "essay", qualified: true, anchors: 2, exact: 1, withinOne: 1, bias: 0, decidedAt: Fixtures.time)
        try store.closeSession("cal-1", qualifications: [result], at: Fixtures.time)
        #expect(try store.session("cal-1")?.isOpen == false)
        #expect(try store.openAnchors().isEmpty)
        // Closed: no second close, no more anchors, and nothing changed by the refusals.
        #expect(throws: StoreError.self) { try store.closeSession("cal-1", qualifications: [], at: Fixtures.time) }
        #expect(throws: StoreError.self) { try store.addAnchors(["s-1"], to: "cal-1", at: Fixtures.time) }
        #expect(try store.latestQualifications() == [result])
    }

    @Test(arguments: Engine.available) func theLatestSessionDecidesEvenAtTheSameSecond(engine: Engine) throws {
        let store = try Fixtures.store(engine, students: ["s-1"], raters: ["r-1"])
        for (name, qualified) in [("b-first", true), ("a-second", false)] {
            try store.openSession(Self.session(name))
            try store.closeSession(
                name,
                qualifications: [
                    Qualification(
                        rater: "r-1", session: name, rubric: "essay", qualified: qualified, anchors: 1, exact: nil, withinOne: nil, bias: nil,
                        decidedAt: Fixtures.time)
                ], at: Fixtures.time)
        }
        let latest = try store.latestQualifications(rater: "r-1", rubric: "essay")
        #expect(latest.map(\.session) == ["a-second"] && latest[0].qualified == false)
        #expect(try store.latestQualifications(rubric: "talk").isEmpty)
    }
}
