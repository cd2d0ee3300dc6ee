import Foundation
import Testing
import ScoringCore
@testable import ScoringStore

/// The queue on both engines: work read in full is never given again, however its reads came.
@Suite(.scratchSchemas) struct QueueTests {
    static func request(_ rater: String, at time: Timestamp = Fixtures.time) -> AssignmentRequest {
        AssignmentRequest(
            rater: rater, school: nil, parts: [WorkPart(task: "essay-task", component: "main")],
            code: { _, sequence, attempt in "@\(rater.uppercased().filter(\.isLetter).prefix(3))\(sequence)\(attempt)".padding(toLength: 9, withPad: "Q", startingAt: 0) },
            validity: { _, _ in false }, paperOrder: { _ in 0 }, now: time, lease: [:])
    }

    static func work(_ student: String, minute: Int64) -> Submission {
        Submission(
            task: "essay-task", component: "main", student: student, storedAt: Timestamp(seconds: Fixtures.time.seconds + minute * 60),
            content: .text("Essay of \(student)."), plannedReads: 2)
    }

    @Test(arguments: Engine.available) func workReadInFullIsNeverGivenHoweverItsReadsCame(engine: Engine) throws {
        let store = try Fixtures.store(engine, students: ["s-1", "s-2", "s-3"], raters: ["r-1", "r-2", "r-3"])
        let bank = Fixtures.bank()
        // s-1 was scored twice before its work was stored (an import), s-2 once and then
        // corrected, which is still one read.
        _ = try store.record(
            [Fixtures.essayRead(student: "s-1", rater: "r-1", 3, 3, 3), Fixtures.essayRead(student: "s-1", rater: "r-2", 3, 3, 3),
             Fixtures.essayRead(student: "s-2", rater: "r-1", 2, 2, 2)],
            rubrics: bank.rubrics, at: Fixtures.time)
        _ = try store.record([Fixtures.essayRead(student: "s-2", rater: "r-1", 3, 2, 2)], rubrics: bank.rubrics, at: Fixtures.time)
        #expect(try store.addSubmissions([Self.work("s-1", minute: 0), Self.work("s-2", minute: 1), Self.work("s-3", minute: 2)]) == (3, 0))
        // r-3 is given s-2 (one read short), not s-1, though s-1 is older.
        let first = try #require(try store.assign(Self.request("r-3")))
        #expect(first.student == "s-2")
        _ = try store.recordAssignment(
            first.code, read: Fixtures.essayRead(student: "s-2", rater: "r-3", 3, 3, 3), rubrics: bank.rubrics, at: Fixtures.time)
        // Now s-2 is read in full too: the next is s-3, for r-3 and for anyone.
        #expect(try store.assign(Self.request("r-3"))?.student == "s-3")
        #expect(try store.assign(Self.request("r-2"))?.student == "s-3")
        #expect(try store.assign(Self.request("r-1")) == nil)
    }

    /// A first load of 10,000 reads and more (the bulk path, which completes submissions in
    /// one statement at the end instead of a trigger's a read) completes exactly the work it
    /// reads in full: the one component left a read short is the only one given out.
    @Test(arguments: Engine.available) func aBulkLoadCompletesTheWorkItReadsInFull(engine: Engine) throws {
        let students = (0...5_000).map { "s-\($0)" }
        let store = try Fixtures.store(engine, students: [], raters: ["r-1", "r-2", "r-3"])
        let bank = Fixtures.bank()
        // The students come with the reads, as `import scores --add-missing` brings them; the
        // work is stored first.
        _ = try store.record([], rubrics: bank.rubrics, adding: RosterAdditions(students: students), at: Fixtures.time)
        #expect(try store.addSubmissions(students.indices.map { Self.work(students[$0], minute: Int64($0)) }) == (5_001, 0))
        var reads = students.dropLast().flatMap { student in
            [Fixtures.essayRead(student: student, rater: "r-1", 3, 3, 3), Fixtures.essayRead(student: student, rater: "r-2", 2, 3, 3)]
        }
        reads.append(Fixtures.essayRead(student: "s-5000", rater: "r-1", 3, 3, 3))
        #expect(try store.record(reads, rubrics: bank.rubrics, at: Fixtures.time).count == 10_001)
        #expect(try StoreTransferTests.completeWork(store) == students.dropLast().sorted())
        #expect(try store.assign(Self.request("r-3"))?.student == "s-5000")
    }
}
