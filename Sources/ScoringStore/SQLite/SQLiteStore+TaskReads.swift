import Dispatch
import GRDB
import GRDBSQLite
import ScoringCore

extension SQLiteStore {
    /// The current reads of `task` (and `component`, `student`, students in `range`, if given) of
    /// the given kinds, in the order `TaskReads` describes. One pass over the rows with SQLite's
    /// C API: no per-row objects.
    ///
    /// The rows come in the order of the `read_current` index (task, student, component, …), so
    /// SQLite never sorts them: a task's reads of one component are scanned by student, and
    /// `ScannedRows` puts each submission's few reads in time order. A task whose reads turn out
    /// to have several components is scanned again, once per component, in component order.
    ///
    /// A task loaded by one import of a file in student order has its reads in one block of ids
    /// in that order: such a block is read straight through, with no lookup in the index per row,
    /// as long as every row of it is one of the task's current reads in student order; at the
    /// first that is not, the index is read instead.
    public func taskReads(
        task: String, component: String? = nil, student: String? = nil, range: StudentRange = .all, kinds: Set<ReadKind>
    ) throws -> TaskReads {
        try writer.read { db in
            var current = "task = ? AND current = 1"
            var arguments: StatementArguments = [task]
            if let component {
                current += " AND component = ?"
                arguments += [component]
            }
            if let student {
                current += " AND student = ?"
                arguments += [student]
            }
            // The current-read index leads with task, then student: a range is one stretch of it.
            if let after = range.after {
                current += " AND student > ?"
                arguments += [after]
            }
            if let through = range.through {
                current += " AND student <= ?"
                arguments += [through]
            }
            let kindList = kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
            let filter = current + " AND kind IN (\(kindList))"
            // Counted first so that the columns are sized once: every current read, kinds aside,
            // which the index counts without reading a column of each entry.
            let expected = try Int.fetchOne(db, sql: "SELECT count(*) FROM read WHERE \(current)", arguments: arguments) ?? 0
            var builder = TaskReads.Builder(expected: expected)
            guard expected > 0 else { return builder.finish() }
            // A scan of millions of rows gains nothing from a big page cache.
            let big = expected >= 100_000
            if big { try db.execute(sql: "PRAGMA cache_size = -12000") }
            defer { if big { try? db.execute(sql: "PRAGMA cache_size = -32000") } }
            let columns = "SELECT student, component, rater, kind, scores, scored_at, code, id FROM read"
            var end = ScanEnd.notTheBlock
            if component == nil, student == nil, range == .all, let first = try Int64.fetchOne(db, sql: """
                SELECT min(id) FROM read WHERE task = ?1 AND current = 1
                    AND student = (SELECT student FROM read WHERE task = ?1 AND current = 1 ORDER BY student LIMIT 1)
                """, arguments: [task])
            {
                let block = try db.makeStatement(sql: """
                    SELECT task = ? AND current = 1, student, component, rater, kind, scores, scored_at, code, id FROM read
                    WHERE id BETWEEN ? AND ?
                    """)
                block.arguments = [task, first, first + Int64(expected) - 1]
                end = try Self.scan(block, into: &builder, expected: expected, block: kinds.map { Array($0.rawValue.utf8) })
                if end == .complete { return builder.finish() }
                builder = TaskReads.Builder(expected: expected)
            }
            if end != .anotherComponent {
                let statement = try db.makeStatement(sql: "\(columns) WHERE \(filter) ORDER BY student, component")
                statement.arguments = arguments
                if try Self.scan(statement, into: &builder, expected: expected) == .complete { return builder.finish() }
                builder = TaskReads.Builder(expected: expected)
            }
            let components = try String.fetchAll(
                db, sql: "SELECT DISTINCT component FROM read WHERE \(filter) ORDER BY component", arguments: arguments)
            let byComponent = try db.makeStatement(sql: "\(columns) WHERE \(filter) AND component = ? ORDER BY student")
            for component in components {
                byComponent.arguments = arguments + [component]
                _ = try Self.scan(byComponent, into: &builder, expected: expected)
            }
            return builder.finish()
        }
    }

    /// Scans below this many rows are decoded on the thread that reads them.
    private static let pipelinedScan = 20_000
    /// Rows handed over at a time.
    private static let batchRows = 4_096

    /// How a scan ended.
    private enum ScanEnd {
        /// Every row was read.
        case complete
        /// Stopped at a row of another component than the first row's: rows by student are then
        /// not in `TaskReads` order.
        case anotherComponent
        /// Stopped because a block of ids did not hold exactly the task's current reads in order.
        case notTheBlock
    }

    /// Steps `statement` (rows by student, then component) and appends its rows to `builder`:
    /// for a large scan, SQLite steps on this thread while another decodes the rows read so far.
    /// - Parameter block: for a block of ids, the kinds to keep: each row then starts with a
    ///   column saying whether it is one of the task's current reads, all `expected` of them must
    ///   be, and in student order.
    private static func scan(
        _ statement: Statement, into builder: inout TaskReads.Builder, expected: Int, block kinds: [[UInt8]]? = nil
    ) throws -> ScanEnd {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let first: Int32 = kinds == nil ? 0 : 1
        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
            guard let pointer = sqlite3_column_text(handle, first + column) else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, first + column)))
        }
        func row() -> ScannedRows.Fields {
            ScannedRows.Fields(
                student: text(0), component: text(1), rater: text(2), kind: text(3), scores: text(4), scoredAt: text(5), code: text(6))
        }
        func id() -> Int64 { sqlite3_column_int64(handle, first + 7) }
        func step() throws -> Bool {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return false }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
            }
            return true
        }
        // In a block, rows of the task's other kinds are read (they are counted) but not kept.
        var blockRows = 0
        var lastStudent: [UInt8] = []
        func outOfBlock(_ fields: ScannedRows.Fields) -> Bool {
            guard kinds != nil else { return false }
            guard sqlite3_column_int64(handle, 0) == 1 else { return true }
            blockRows += 1
            let isNewStudent = lastStudent.withUnsafeBufferPointer { last in
                ScannedRows.precedes(last, fields.student) || blockRows == 1
            }
            if isNewStudent {
                lastStudent.removeAll(keepingCapacity: true)
                lastStudent.append(contentsOf: fields.student)
                return false
            }
            return !lastStudent.withUnsafeBufferPointer { ScannedRows.same($0, fields.student) }
        }
        func isKept(_ fields: ScannedRows.Fields) -> Bool {
            guard let kinds else { return true }
            return kinds.contains { $0.withUnsafeBufferPointer { ScannedRows.same($0, fields.kind) } }
        }
        /// How the scan ends once every row is read.
        func ended() -> ScanEnd {
            kinds != nil && blockRows != expected ? .notTheBlock : .complete
        }
        var firstComponent: [UInt8]?
        func isFirstComponent(_ component: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let firstComponent else {
                firstComponent = Array(component)
                return true
            }
            return firstComponent.withUnsafeBufferPointer { ScannedRows.same($0, component) }
        }
        enum Next {
            case keep(ScannedRows.Fields)
            case pass
            case end(ScanEnd)
        }
        var rows = 0
        /// The next row to keep, one to pass over, or how the scan ends.
        func next() throws -> Next {
            guard try step() else { return .end(ended()) }
            if rows & 0xFFFF == 0xFFFF { try Interruption.check() }
            rows += 1
            let fields = row()
            if outOfBlock(fields) { return .end(.notTheBlock) }
            guard isFirstComponent(fields.component) else { return .end(.anotherComponent) }
            return isKept(fields) ? .keep(fields) : .pass
        }
        var batch = ScannedRows()
        guard expected >= pipelinedScan else {
            while true {
                switch try next() {
                case .keep(let fields): batch.append(id: id(), fields)
                case .pass: continue
                case .end(let end):
                    if end == .complete { batch.forEachInOrder { builder.append($0) } }
                    return end
                }
            }
        }
        let channel = ScannedRowsChannel()
        let decoding = Decoding()
        swap(&decoding.builder, &builder)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            // A local builder: appending through the class would check exclusivity on every row.
            var builder = TaskReads.Builder()
            swap(&builder, &decoding.builder)
            while let batch = channel.receive() {
                batch.forEachInOrder { builder.append($0) }
                channel.recycle(batch)
            }
            swap(&builder, &decoding.builder)
            finished.signal()
        }
        defer {
            channel.close()
            finished.wait()
            swap(&decoding.builder, &builder)
        }
        while true {
            switch try next() {
            case .keep(let fields):
                if batch.count >= batchRows, !batch.lastRowIs(student: fields.student, component: fields.component) {
                    batch = channel.send(batch)
                }
                batch.append(id: id(), fields)
            case .pass: continue
            case .end(let end):
                if end == .complete, batch.count > 0 { _ = channel.send(batch) }
                return end
            }
        }
    }

    /// The builder the decoding thread appends to, handed back when the scan ends.
    private final class Decoding: @unchecked Sendable {
        var builder = TaskReads.Builder()
    }
}

extension TaskReads.Builder {
    /// Appends a row of `ScannedRows`.
    fileprivate mutating func append(_ row: ScannedRows.Fields) {
        append(
            student: row.student, component: row.component, rater: row.rater, kind: row.kind, scores: row.scores,
            scoredAt: row.scoredAt, code: row.code)
    }
}
