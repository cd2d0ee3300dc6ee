import Testing
import ScoringCore
@testable import ScoringStore

/// Ranges of students, which `proficiency` reads a statewide roster by: cut at
/// `studentBounds(every:)`, they cover every student once, in the same order on both engines.
@Suite(.scratchSchemas) struct StudentRangeTests {
    /// Ids whose byte order differs from a locale's: upper case first, `_` between.
    static let ids = ["b-2", "B-1", "a-1", "_x", "a-10", "a-1a", "s-3", "s-30", "s-4"]

    @Test(arguments: Engine.available) func boundsCutTheRosterIntoRangesOfThatManyInByteOrder(engine: Engine) throws {
        let store = try Fixtures.store(engine, students: Self.ids)
        _ = try store.updateStudent("a-10", grade: .some("9"), school: .some("North"), addGroups: ["ell", "frl"], removeGroups: [])
        let everyone = try store.students()
        #expect(everyone.map(\.id) == ["B-1", "_x", "a-1", "a-10", "a-1a", "b-2", "s-3", "s-30", "s-4"])
        #expect(try store.studentBounds(every: 2) == ["_x", "a-10", "b-2", "s-30"])
        #expect(try store.studentBounds(every: 9) == ["s-4"])
        #expect(try store.studentBounds(every: 10) == [])
        for count in 1...10 {
            let ranges = StudentRange.cut(at: try store.studentBounds(every: count))
            let parts = try ranges.map { try store.students(in: $0) }
            #expect(parts.allSatisfy { $0.count <= count })
            #expect(Array(parts.joined()) == everyone)
        }
        #expect(try store.students(in: StudentRange(after: "a-1", through: "a-1a")) == [everyone[3], everyone[4]])
        #expect(try store.students(in: StudentRange(after: "s-4")) == [])
    }

    @Test(arguments: Engine.available) func aRangesTaskReadsAreItsStudentsReadsInTheSameOrder(engine: Engine) throws {
        let store = try Fixtures.store(engine, students: Self.ids)
        let bank = Fixtures.bank()
        for (index, student) in Self.ids.enumerated() {
            let later = Timestamp(seconds: Fixtures.time.seconds + Int64(index))
            _ = try store.record(
                [
                    Fixtures.essayRead(student: student, rater: "r-2", 1 + index % 4, 2, 3, at: later),
                    Fixtures.essayRead(student: student, rater: "r-1", 2, 1 + index % 4, 3, at: Fixtures.time),
                ], rubrics: bank.rubrics, at: later)
        }
        let whole = try store.taskReads(task: "essay-task", kinds: [.read])
        func rows(_ table: TaskReads) -> [String] {
            (0..<table.count).map { read in
                let scores = (Int(table.scoreStart[read])..<Int(table.scoreStart[read + 1])).map {
                    "\(table.criteria[Int(table.scoreCriterion[$0])])=\(table.scoreValue[$0])"
                }
                return "\(table.students[Int(table.student[read])]) \(table.raters[Int(table.rater[read])]) \(scores.joined(separator: ";"))"
            }
        }
        var gathered: [String] = []
        for range in StudentRange.cut(at: try store.studentBounds(every: 4)) {
            gathered += rows(try store.taskReads(task: "essay-task", range: range, kinds: [.read]))
        }
        #expect(gathered.count == 2 * Self.ids.count)
        #expect(gathered == rows(whole))
        #expect(rows(try store.taskReads(task: "essay-task", range: StudentRange(after: "a-1", through: "a-10"), kinds: [.read]))
            == ["a-10 r-1 claim=2;evidence=1;style=3", "a-10 r-2 claim=1;evidence=2;style=3"])
    }
}
