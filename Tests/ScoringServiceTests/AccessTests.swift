import ScoringCore
import ScoringStore
import Testing
@testable import ScoringService

/// Who may record, see and change what: each rule worked out for each role.
@Suite struct AccessTests {
    @Test(arguments: ServiceEngine.available) func whoMayRecordWhatForWhom(engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        // The coordinator records anyone's reads of the kinds their roles allow.
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-1", rater: "r-1")) } == nil)
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-1", rater: "r-1", kind: .master)) } == "a master read is given by a lead; r-1 is a rater")
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-1", rater: "adj-1", kind: .backread)) } == "a backread is given by a lead; adj-1 is an adjudicator")
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-1", rater: "r-2", kind: .adjudication)) } == "an adjudication is given by a lead or an adjudicator; r-2 is a rater")
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-1", rater: "adj-1", kind: .adjudication)) } == nil)

        try service.act(as: "r-1")
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-2", rater: "r-2")) } == "acting as r-1, you can record only your own reads, not r-2's")
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-2")) } == nil)
        try service.act(as: "adj-1")
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-2", rater: "lead-1", kind: .master)) } == "acting as adj-1, you can record only your own reads, not lead-1's")
        try service.act(as: "lead-1")
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-3", rater: "r-2")) } == nil)
        #expect(refusal { _ = try service.recordMaster(ServiceFixtures.request("s-3")) } == nil)
    }

    @Test(arguments: ServiceEngine.available) func rostersAreTheCoordinatorsAndLeadsToChange(engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        try service.act(as: "lead-1")
        #expect(refusal { _ = try service.addRater(Rater(id: "r-9")) } == "only the coordinator may add raters; acting as lead-1 (lead)")
        #expect(refusal { _ = try service.addStudent(Student(id: "s-9")) } == nil)
        try service.act(as: "r-1")
        #expect(refusal { _ = try service.addStudent(Student(id: "s-10")) } == "only a lead may add students; acting as r-1 (rater)")
        #expect(refusal { _ = try service.updateStudent("s-1", grade: .some("9"), school: nil, addGroups: [], removeGroups: []) } == "only a lead may change students; acting as r-1 (rater)")
    }

    @Test(arguments: ServiceEngine.available) func aFixedIdentityStays(engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        try service.fixIdentity(as: "r-1")
        #expect(refusal { try service.act(as: "lead-1") } == "this shell was started with --as r-1 and keeps that identity; start another shell to act as someone else")
        #expect(refusal { try service.act(as: nil) } != nil)
        #expect(refusal { try service.act(as: "r-1") } == nil)
        #expect(service.identity?.id == "r-1")
    }

    @Test(arguments: ServiceEngine.available) func anOpenSessionIsBlindToRatersInEveryView(engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        _ = try service.record(ServiceFixtures.request("s-1", rater: "lead-1", kind: .master, 3, 2))
        _ = try service.record(ServiceFixtures.request("s-1", rater: "r-2", 4, 4))
        _ = try service.record(ServiceFixtures.request("s-2", rater: "r-2", 2, 2))
        _ = try service.record(ServiceFixtures.request("s-2", rater: "lead-1", 2, 2))
        _ = try service.openSession("cal", task: "essay-task", component: nil, exact: nil, withinOne: nil)
        _ = try service.addAnchors(["s-1"], to: "cal")
        _ = try service.record(ServiceFixtures.request("s-1", rater: "r-2", kind: .calibration, session: "cal", 3, 3))
        try service.act(as: "r-1")
        _ = try service.record(ServiceFixtures.request("s-1", kind: .calibration, session: "cal", 3, 2))
        // r-1 sees their own calibration read of the anchor and the decided work (s-2: two reads
        // that agree); no master, no one else's read of s-1.
        let seen = try service.reads(ReadFilter(task: "essay-task")).map { "\($0.student) \($0.rater) \($0.kind.rawValue)" }
        #expect(seen == ["s-1 r-1 calibration", "s-2 r-2 read", "s-2 lead-1 read"])
        #expect(try service.masters(task: "essay-task", component: nil).isEmpty)
        #expect(try service.decisions(task: "essay-task", student: nil).map(\.student) == ["s-2"])
        #expect(try service.history(student: "s-1", task: "essay-task", component: nil).map(\.rater) == ["r-1"])
        #expect(refusal { _ = try service.calibrationReport("cal") } == "session 'cal' is still open: its report is for leads until it closes (acting as r-1)")
        // A lead sees everything; once the session closes, so does r-1.
        try service.act(as: "lead-1")
        #expect(try service.reads(ReadFilter(student: "s-1")).count == 4)
        _ = try service.closeSession("cal")
        try service.act(as: "r-1")
        // The master and the calibration reads show now; r-2's one operational read of s-1 stays
        // hidden until s-1 is decided (SPEC 11's independence).
        let shown = try service.reads(ReadFilter(student: "s-1")).map { "\($0.rater) \($0.kind.rawValue)" }
        #expect(shown == ["lead-1 master", "r-2 calibration", "r-1 calibration"])
        #expect(refusal { _ = try service.calibrationReport("cal") } == nil)
    }

    @Test(arguments: ServiceEngine.available) func aRubricThatRequiresCalibrationTakesOperationalReadsOnlyFromQualifiedRaters(engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-1", rater: "r-1", task: "gated-task")) }
            == "r-1 is not qualified to score gated: the rubric requires calibration (calibration.required: true), and r-1 has not qualified in a calibration session; a lead can calibrate them with 'session open'")
        // Calibration reads are how one qualifies; they pass.
        _ = try service.record(ServiceFixtures.request("s-1", rater: "lead-1", kind: .master, task: "gated-task"))
        _ = try service.openSession("g", task: "gated-task", component: nil, exact: nil, withinOne: nil)
        _ = try service.addAnchors(["s-1"], to: "g")
        _ = try service.record(ServiceFixtures.request("s-1", rater: "r-1", kind: .calibration, session: "g", task: "gated-task"))
        let closed = try service.closeSession("g")
        #expect(closed.qualifications.map(\.qualified) == [true])
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-2", rater: "r-1", task: "gated-task")) } == nil)
    }

    @Test(arguments: ServiceEngine.available) func aRaterSeesNoOtherOperationalReadBeforeTheWorkIsDecided(engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        _ = try service.record(ServiceFixtures.request("s-3", rater: "r-2", 3, 3))
        try service.act(as: "r-1")
        #expect(try service.reads(ReadFilter(student: "s-3")).isEmpty)
        #expect(try service.history(student: "s-3", task: "essay-task", component: nil).isEmpty)
        _ = try service.record(ServiceFixtures.request("s-3", 3, 4))
        // Decided (two reads within 1 of each other): both show.
        #expect(try service.reads(ReadFilter(student: "s-3")).map(\.rater) == ["r-2", "r-1"])
        // An adjudicator and a lead see everything at once.
        try service.act(as: nil)
        _ = try service.record(ServiceFixtures.request("s-2", rater: "r-2", 1, 1))
        try service.act(as: "adj-1")
        #expect(try service.reads(ReadFilter(student: "s-2")).count == 1)
        try service.act(as: "r-1")
        #expect(try service.reads(ReadFilter(student: "s-2")).isEmpty)
    }
}
