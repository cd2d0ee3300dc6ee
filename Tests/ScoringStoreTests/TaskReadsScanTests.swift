import GRDB
import Testing
import ScoringCore
@testable import ScoringStore

/// The SQLite scan reads a task's rows in its index's order (by student) and puts them in
/// `TaskReads` order itself: the result is what decoding the rows in SQL's own
/// `ORDER BY component, student, scored_at, id` gives, field for field and id for id.
struct TaskReadsScanTests {
    /// 6,000 students' capstones read twice in both parts (24,000 reads, enough for the scan that
    /// decodes on a second thread), with times that tie, run against rater order and follow it,
    /// adjudications, and an essay task that shares the store.
    static func scores() -> String {
        var csv = "student,task,component,rater,criterion,score,scored_at,kind\n"
        for student in 0..<6_000 {
            // r-b is recorded first (the smaller id) but sorts after r-a in the index.
            for (order, rater) in ["r-b", "r-a"].enumerated() {
                let hour = switch student % 3 {
                case 0: "09"
                case 1: order == 0 ? "11" : "10"
                default: order == 0 ? "10" : "11"
                }
                let stamp = "2026-10-0\(1 + student % 5)T\(hour):00:00Z"
                for criterion in ["claim", "evidence", "style"] {
                    csv += "s-\(student),capstone,paper,\(rater),\(criterion),\(1 + (student + order) % 4),\(stamp),read\n"
                }
                csv += "s-\(student),capstone,defense,\(rater),delivery,\(1 + (student + order) % 2),\(stamp),read\n"
                if student % 4 == 0 {
                    csv += "s-\(student),essay-task,,\(rater),claim,2,\(stamp),read\n"
                    csv += "s-\(student),essay-task,,\(rater),evidence,3,\(stamp),read\n"
                    csv += "s-\(student),essay-task,,\(rater),style,4,\(stamp),read\n"
                }
            }
            if student % 10 == 0 {
                for criterion in ["claim", "evidence", "style"] {
                    csv += "s-\(student),capstone,paper,r-c,\(criterion),3,2026-10-09T09:00:00Z,adjudication\n"
                }
            }
        }
        return csv
    }

    /// 12,000 students' essays alone, read twice (with ties and reads against rater order, some
    /// adjudicated or backread), in student order or the reverse: the first is one block of ids
    /// in student order, read straight through; the second is not, and is read by the index.
    static func essays(reversed: Bool) -> String {
        var csv = "student,task,rater,criterion,score,scored_at,kind\n"
        for number in reversed ? Array((0..<12_000).reversed()) : Array(0..<12_000) {
            // Zero-padded, so that the file's order is the ids' order as text.
            let student = String(String(100_000 + number).dropFirst())
            var reads = [("r-b", number % 3 == 1 ? "11" : "09", "read"), ("r-a", number % 3 == 2 ? "11" : "09", "read")]
            if number % 7 == 0 { reads.append(("r-c", "12", number % 2 == 0 ? "adjudication" : "backread")) }
            for (order, (rater, hour, kind)) in reads.enumerated() {
                for criterion in ["claim", "evidence", "style"] {
                    csv += "s-\(student),essay-task,\(rater),\(criterion),\(1 + (number + order) % 4),2026-10-01T\(hour):00:00Z,\(kind)\n"
                }
            }
        }
        return csv
    }

    static func makeStore(_ scores: String) -> SQLiteStore {
        let store = try! SQLiteStore.inMemory()
        _ = try! store.importScores(
            path: try! Fixtures.file(scores), displayName: "scores.csv", bank: Fixtures.bank(), addMissing: true, at: Fixtures.time)
        return store
    }

    static let store = makeStore(scores())
    static let essaysInOrder = makeStore(essays(reversed: false))
    static let essaysReversed = makeStore(essays(reversed: true))

    /// The reads as SQL sorts them, decoded row by row.
    static func sortedBySQL(
        task: String, component: String?, student: String?, kinds: Set<ReadKind>, in store: SQLiteStore = store
    ) throws -> TaskReads {
        try store.writer.read { db in
            var sql = """
                SELECT student, component, rater, kind, scores, scored_at, code FROM read
                WHERE task = ? AND current = 1 AND kind IN (\(kinds.map { "'\($0.rawValue)'" }.joined(separator: ",")))
                """
            var arguments: StatementArguments = [task]
            if let component {
                sql += " AND component = ?"
                arguments += [component]
            }
            if let student {
                sql += " AND student = ?"
                arguments += [student]
            }
            var builder = TaskReads.Builder()
            for row in try Row.fetchAll(db, sql: sql + " ORDER BY component, student, scored_at, id", arguments: arguments) {
                var bytes: [UInt8] = []
                var ranges: [Range<Int>] = []
                for column in 0..<7 {
                    let start = bytes.count
                    bytes.append(contentsOf: ((row[column] as String?) ?? "").utf8)
                    ranges.append(start..<bytes.count)
                }
                bytes.withUnsafeBufferPointer { bytes in
                    let field = ranges.map { UnsafeBufferPointer(rebasing: bytes[$0]) }
                    builder.append(
                        student: field[0], component: field[1], rater: field[2], kind: field[3], scores: field[4], scoredAt: field[5],
                        code: field[6])
                }
            }
            return builder.finish()
        }
    }

    @Test(arguments: [
        ("capstone", nil, nil, Set([ReadKind.read, .adjudication, .backread])), ("capstone", "paper", nil, Set([ReadKind.read])),
        ("capstone", nil, "s-40", Set(ReadKind.allCases)), ("essay-task", nil, nil, Set([ReadKind.read])),
        ("capstone", nil, nil, Set<ReadKind>()),
    ] as [(String, String?, String?, Set<ReadKind>)])
    func theScanGivesWhatSQLSortingGives(task: String, component: String?, student: String?, kinds: Set<ReadKind>) throws {
        Fixtures.expectSame(
            try Self.store.taskReads(task: task, component: component, student: student, kinds: kinds),
            try Self.sortedBySQL(task: task, component: component, student: student, kinds: kinds))
    }

    @Test(arguments: [Set([ReadKind.read]), Set([ReadKind.read, .adjudication, .backread]), Set(ReadKind.allCases)])
    func aBlockOfIdsGivesWhatSQLSortingGivesInOrderOrNot(kinds: Set<ReadKind>) throws {
        for store in [Self.essaysInOrder, Self.essaysReversed] {
            let scanned = try store.taskReads(task: "essay-task", kinds: kinds)
            #expect(scanned.count == (kinds.count == 1 ? 24_000 : 25_715))
            Fixtures.expectSame(scanned, try Self.sortedBySQL(task: "essay-task", component: nil, student: nil, kinds: kinds, in: store))
        }
    }

    @Test func aTaskOfTwoComponentsComesComponentByComponent() throws {
        let scanned = try Self.store.taskReads(task: "capstone", kinds: [.read])
        #expect(scanned.count == 24_000)
        #expect(scanned.components == ["defense", "paper"])
        #expect(scanned.component.prefix(12_000).allSatisfy { $0 == 0 } && scanned.component.suffix(12_000).allSatisfy { $0 == 1 })
        // s-1's r-b read is the later one, s-3's the tie that r-b, recorded first, wins.
        let s1 = Int32(scanned.students.firstIndex(of: "s-1")!), s3 = Int32(scanned.students.firstIndex(of: "s-3")!)
        let rb = Int32(scanned.raters.firstIndex(of: "r-b")!), ra = Int32(scanned.raters.firstIndex(of: "r-a")!)
        let first = scanned.student.firstIndex(of: s1)!, tie = scanned.student.firstIndex(of: s3)!
        #expect(scanned.rater[first] == ra && scanned.rater[first + 1] == rb)
        #expect(scanned.rater[tie] == rb && scanned.rater[tie + 1] == ra)
    }
}
