import Foundation
import Testing
import ScoringCore
@testable import ScoringStore

/// The same work on both engines leaves the same stores: outcomes, ids, histories, scans.
@Suite(.scratchSchemas, .enabled(if: TestServer.isEnabled, TestServer.skipped))
struct EngineParityTests {
    let bank = Fixtures.bank()

    /// 600 students read twice on the essay task (1,200 reads: the bulk path on the server),
    /// with notes, condition codes and awkward text.
    static func scores(changing changed: Set<Int> = []) -> String {
        var csv = "student,task,rater,criterion,score,scored_at,note,code\n"
        for student in 0..<600 {
            for (order, rater) in ["r-b", "r-a"].enumerated() {
                let stamp = "2026-10-0\(1 + (student + order) % 5)T0\(order):00:00Z"
                let note = student % 7 == 0 ? "\"tab\there, back\\slash, \"\"quoted\"\"\nand a new line\"" : ""
                if student % 50 == 3 {
                    csv += "s-\(student),essay-task,\(rater),,,\(stamp),\(note),blank\n"
                    continue
                }
                for criterion in ["claim", "evidence", "style"] {
                    let score = 1 + (student + order + (changed.contains(student) ? 1 : 0)) % 4
                    csv += "s-\(student),essay-task,\(rater),\(criterion),\(score),\(stamp),\(note),\n"
                }
            }
        }
        return csv
    }

    static let changed = Set(stride(from: 0, to: 600, by: 9))
    /// Reads with a condition code have no scores to change.
    static let corrections = 2 * changed.filter { $0 % 50 != 3 }.count

    /// Runs the same work on `engine`, returning what each step said and the store.
    func work(on engine: Engine) throws -> (summaries: [ScoresImportSummary], outcomes: [[RecordOutcome]], store: any Store) {
        let store = try engine.emptyStore()
        var summaries: [ScoresImportSummary] = []
        for text in [Self.scores(), Self.scores(), Self.scores(changing: Self.changed)] {
            summaries.append(
                try store.importScores(path: try Fixtures.file(text), displayName: "scores.csv", bank: bank, addMissing: true, at: Fixtures.time))
        }
        let later = Timestamp(seconds: Fixtures.time.seconds + 86_400)
        var outcomes: [[RecordOutcome]] = []
        outcomes.append(try store.record([Fixtures.essayRead(student: "s-1", rater: "r-a", 4, 4, 4, at: later)], rubrics: bank.rubrics, at: later))
        outcomes.append(try store.record([Fixtures.essayRead(student: "s-1", rater: "r-a", kind: .adjudication, 2, 2, 2, at: later)], rubrics: bank.rubrics, at: later))
        return (summaries, outcomes, store)
    }

    @Test func bothEnginesRecordTheSameHistory() throws {
        let sqlite = try work(on: .sqlite)
        let postgres = try work(on: .postgres)
        #expect(sqlite.summaries == postgres.summaries)
        #expect(sqlite.summaries.map(\.recorded) == [1200, 0, 0])
        #expect(sqlite.summaries.map(\.unchanged) == [0, 1200, 1200 - Self.corrections])
        #expect(sqlite.summaries.map(\.corrected) == [0, 0, Self.corrections])
        #expect(sqlite.outcomes == postgres.outcomes)
        let history = try sqlite.store.readHistory(ReadFilter())
        #expect(history.count == 1200 + Self.corrections + 2)
        #expect(try postgres.store.readHistory(ReadFilter()) == history)
        #expect(try postgres.store.currentReads() == (try sqlite.store.currentReads()))
        for filter in [ReadFilter(student: "s-1"), ReadFilter(rater: "r-b", kinds: [.read]), ReadFilter(kinds: [.adjudication])] {
            #expect(try postgres.store.currentReads(filter) == (try sqlite.store.currentReads(filter)))
            #expect(try postgres.store.readHistory(filter) == (try sqlite.store.readHistory(filter)))
        }
        #expect(try postgres.store.students() == (try sqlite.store.students()))
        #expect(try postgres.store.raters() == (try sqlite.store.raters()))
        #expect(try postgres.store.rubricSnapshots() == (try sqlite.store.rubricSnapshots()))
    }

    @Test func bothEnginesScanTheSameTaskReads() throws {
        let sqlite = try work(on: .sqlite).store
        let postgres = try work(on: .postgres).store
        for (component, student, kinds) in [
            (nil, nil, Set([ReadKind.read, .adjudication])), ("main", nil, Set(ReadKind.allCases)), (nil, "s-7", Set([ReadKind.read])),
            (nil, nil, Set<ReadKind>()),
        ] as [(String?, String?, Set<ReadKind>)] {
            Fixtures.expectSame(
                try postgres.taskReads(task: "essay-task", component: component, student: student, kinds: kinds),
                try sqlite.taskReads(task: "essay-task", component: component, student: student, kinds: kinds))
        }
    }

    @Test func bothEnginesApplyARosterAlike() throws {
        var stores: [any Store] = []
        for engine in [Engine.sqlite, .postgres] {
            let store = try engine.emptyStore()
            _ = try store.addStudent(Student(id: "s-2", grade: "9", school: "north", groups: ["ell"]), at: Fixtures.time)
            _ = try store.addStudent(Student(id: "s-3", grade: "9"), at: Fixtures.time)
            var roster = "id,grade,groups\n"
            for id in 0..<1500 { roster += "s-\(id),\(10 + id % 3),\(id % 2 == 0 ? "frl;iep" : "")\n" }
            roster += "x-1,12,ell\n"
            let summary = try store.importStudents(path: try Fixtures.file(roster, name: "roster.csv"), displayName: "roster.csv", at: Fixtures.time)
            #expect(summary == StudentsImportSummary(file: "roster.csv", rows: 1501, added: 1499, updated: 2, unchanged: 0))
            stores.append(store)
        }
        #expect(try stores[1].students() == (try stores[0].students()))
        #expect(try stores[1].student("s-2") == Student(id: "s-2", grade: "12", school: "north", groups: ["frl", "iep"]))
        #expect(try stores[1].ids(of: .student, startingWith: "s-14", limit: 3) == ["s-14", "s-140", "s-1400"])
        #expect(try stores[1].onRoster(students: ["s-1", "nobody", "x-1"], raters: ["r-1"]) == ([true, false, true], [false]))
    }
}
