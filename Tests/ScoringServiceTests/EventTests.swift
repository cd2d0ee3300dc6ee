import Foundation
import ScoringCore
import ScoringStore
import Synchronization
import Testing
@testable import ScoringService

/// The rules of `next`, `score @CODE`, leases, lock-out and backreads, each worked out by hand.
@Suite struct EventTests {
    /// A clock tests move forward.
    final class Clock: Sendable {
        let seconds = Atomic<Int64>(ServiceFixtures.time.seconds)
        func now() -> Timestamp { Timestamp(seconds: seconds.load(ordering: .relaxed)) }
        func advance(minutes: Int64) { _ = seconds.add(minutes * 60, ordering: .relaxed) }
    }

    static func bank(plan: String) -> Bank {
        Bank.assemble(
            rubrics: [Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: ServiceFixtures.rubricText)],
            tasks: [
                Bank.SourceFile(
                    path: "TaskBank/event-task.yaml", id: "event-task",
                    text: "id: event-task\ntitle: Event task\nkind: performance-task\nrubric: essay\nscoring:\n\(plan)"),
            ],
            framework: nil)
    }

    /// A service with a lead, three raters, and the given students' work stored, in order.
    static func service(
        engine: ServiceEngine, plan: String = "  validity: 0\n  seed: 5\n", students: [String], anchors: [String] = [], clock: Clock
    ) throws -> ScoringService {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let service = ScoringService(
            store: try engine.emptyStore(), bank: bank(plan: plan), content: ContentLocation(rubrics: "Rubrics", bank: "TaskBank"),
            clock: { clock.now() })
        for rater in [Rater(id: "lead-1", role: .lead), Rater(id: "r-1"), Rater(id: "r-2"), Rater(id: "r-3")] {
            _ = try service.addRater(rater)
        }
        for student in students + anchors {
            _ = try service.addStudent(Student(id: student))
            let file = folder.appendingPathComponent("\(student).txt")
            try Data("Work of \(student)\n".utf8).write(to: file)
            _ = try service.addSubmission(student: student, task: "event-task", component: nil, file: file.path)
            clock.advance(minutes: 1)
        }
        for anchor in anchors {
            _ = try service.recordMaster(ServiceFixtures.request(anchor, rater: "lead-1", task: "event-task", 3, 3))
        }
        return service
    }

    func work(_ service: ScoringService, as rater: String) throws -> String? {
        try service.act(as: rater)
        guard let item = try? service.next(task: "event-task") else { return nil }
        guard case .text(let text) = item.content else { return nil }
        return text.replacingOccurrences(of: "Work of ", with: "").trimmingCharacters(in: .newlines) + " " + item.assignment.code
    }

    @Test(arguments: ServiceEngine.available) func noComponentIsPromisedMoreReadsThanPlanned(engine: ServiceEngine) throws {
        let clock = Clock()
        let service = try Self.service(engine: engine, students: ["s-1"], clock: clock)
        let first = try #require(try work(service, as: "r-1"))
        let second = try #require(try work(service, as: "r-2"))
        #expect(first.hasPrefix("s-1 ") && second.hasPrefix("s-1 "))
        // Two reads planned, two assignments open: nothing for r-3 until one is given back.
        #expect(try work(service, as: "r-3") == nil)
        try service.act(as: "r-1")
        #expect(try service.next(task: "event-task").assignment.code == String(first.split(separator: " ")[1]))
        _ = try service.skip(code: String(first.split(separator: " ")[1]), reason: "conflict of interest")
        #expect(try work(service, as: "r-3")?.hasPrefix("s-1 ") == true)
        // r-1 skipped it for good.
        #expect(try work(service, as: "r-1") == nil)
    }

    @Test(arguments: ServiceEngine.available) func aLapsedLeaseReturnsTheWorkAndALateScoreCountsOnlyWhileReadsAreShort(engine: ServiceEngine) throws {
        let clock = Clock()
        let service = try Self.service(engine: engine, students: ["s-1"], clock: clock)
        let late = String(try #require(try work(service, as: "r-1")).split(separator: " ")[1])
        let stale = String(try #require(try work(service, as: "r-2")).split(separator: " ")[1])
        clock.advance(minutes: 31)
        // r-1's lease ran out: r-3 may take the second read.
        let third = String(try #require(try work(service, as: "r-3")).split(separator: " ")[1])
        try service.act(as: "r-1")
        // While the component still lacks its reads, the late score is taken.
        #expect(try service.score(code: late, levels: [("claim", "3"), ("evidence", "3")], condition: nil, note: nil, kind: nil).outcome == .recorded)
        try service.act(as: "r-3")
        _ = try service.score(code: third, levels: [("claim", "3"), ("evidence", "2")], condition: nil, note: nil, kind: nil)
        // Now both planned reads are in; r-2's lapsed assignment can no longer be scored.
        clock.advance(minutes: 31)
        try service.act(as: "r-2")
        #expect(refusal { _ = try service.score(code: stale, levels: [("claim", "3"), ("evidence", "3")], condition: nil, note: nil, kind: nil) }
            == "\(stale)'s lease ran out at 2026-10-05T14:31:00Z and the work has all its reads since; nothing was recorded. Ask 'next' for more work")
        #expect(refusal { _ = try service.next(task: "event-task") } == "no work for r-2 on event-task")
    }

    @Test(arguments: ServiceEngine.available) func theSameScriptReplaysTheSameCodesAndPapers(engine: ServiceEngine) throws {
        func run() throws -> [String] {
            let clock = Clock()
            let service = try Self.service(
                engine: engine,
                plan: "  validity: 0.5\n  seed: 11\n", students: (1...6).map { "s-\($0)" }, anchors: ["a-1", "a-2", "a-3"], clock: clock)
            var seen: [String] = []
            for _ in 0..<4 {
                for rater in ["r-1", "r-2"] {
                    guard let given = try work(service, as: rater) else { continue }
                    seen.append("\(rater) \(given)")
                    let code = String(given.split(separator: " ")[1])
                    _ = try service.score(code: code, levels: [("claim", "3"), ("evidence", "3")], condition: nil, note: nil, kind: nil)
                }
            }
            return seen
        }
        let first = try run()
        #expect(first == (try run()))
        // Some of them were validity papers, and those went to raters mixed in with live work.
        #expect(first.contains { $0.contains(" a-") })
        #expect(first.contains { $0.contains(" s-") })
    }

    @Test(arguments: ServiceEngine.available) func aLockedOutRaterScoresNothingUntilReinstated(engine: ServiceEngine) throws {
        let clock = Clock()
        let service = try Self.service(
                engine: engine,
            plan: "  validity: 1\n  seed: 2\n  lockout: { after: 1, exact: 0.5, within_one: 0.9 }\n", students: ["s-1", "s-2"],
            anchors: ["a-1", "a-2"], clock: clock)
        try service.act(as: "r-1")
        let paper = try service.next(task: "event-task")
        #expect(paper.assignment.kind == .validity)
        // 1 and 1 against the master's 3 and 3: no score equal or within one.
        _ = try service.score(code: paper.assignment.code, levels: [("claim", "1"), ("evidence", "1")], condition: nil, note: nil, kind: nil)
        let refusal = refusal { _ = try service.next(task: "event-task") }
        #expect(refusal?.hasPrefix("r-1 is locked out of essay: over their last 1 validity read, exact 0% (needs 50%), within one 0% (needs 90%)") == true)
        try service.act(as: "lead-1")
        _ = try service.reinstate(rater: "r-1", rubric: "essay", reason: "retrained")
        clock.advance(minutes: 1)
        try service.act(as: "r-1")
        #expect(try service.next(task: "event-task").assignment.kind == .validity)
    }

    @Test(arguments: ServiceEngine.available) func aLeadBackreadsAndConfirms(engine: ServiceEngine) throws {
        let clock = Clock()
        let service = try Self.service(engine: engine, plan: "  validity: 0\n  backreads: 1\n  seed: 4\n", students: ["s-1"], clock: clock)
        let code = String(try #require(try work(service, as: "r-1")).split(separator: " ")[1])
        _ = try service.score(code: code, levels: [("claim", "3"), ("evidence", "2")], condition: nil, note: nil, kind: nil)
        try service.act(as: "r-2")
        #expect(refusal { _ = try service.nextBackread(task: nil, of: nil) } == "only a lead backreads; acting as r-2 (rater)")
        try service.act(as: "lead-1")
        let backread = try service.nextBackread(task: "event-task", of: "r-1")
        #expect(backread.read?.rater == "r-1")
        let confirmed = try service.confirm(code: backread.assignment.code)
        #expect(confirmed.read.kind == .backread && confirmed.read.rater == "lead-1")
        #expect(confirmed.read.scores == backread.read?.scores)
        let status = try service.eventStatus(task: "event-task")
        #expect(status.raters.first { $0.rater == "r-1" }?.backreads == 1)
        #expect(status.raters.first { $0.rater == "r-1" }?.backreadExact == 1)
        #expect(refusal { _ = try service.nextBackread(task: "event-task", of: nil) } == "no reads to backread on event-task")
    }
}
