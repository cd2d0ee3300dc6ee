import GRDB
import GRDBSQLite
import ScoringCore

extension SQLiteStore {
    /// The current reads of `task` (and `component`, `student`, students in `range`, if given) of
    /// the given kinds, in the order `TaskReads` describes. One pass over the rows with SQLite's
    /// C API: no per-row objects.
    public func taskReads(
        task: String, component: String? = nil, student: String? = nil, range: StudentRange = .all, kinds: Set<ReadKind>
    ) throws -> TaskReads {
        try writer.read { db in
            let kindList = kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
            var sql = """
                SELECT student, component, rater, kind, scores, scored_at, code FROM read
                WHERE task = ? AND current = 1 AND kind IN (\(kindList))
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
            // The current-read index leads with task, then student: a range is one stretch of it.
            if let after = range.after {
                sql += " AND student > ?"
                arguments += [after]
            }
            if let through = range.through {
                sql += " AND student <= ?"
                arguments += [through]
            }
            // Counted first (from the index) so that the columns are sized once.
            let expected = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(sql))", arguments: arguments) ?? 0
            sql += " ORDER BY component, student, scored_at, id"
            let statement = try db.makeStatement(sql: sql)
            statement.arguments = arguments
            // A scan of millions of rows gains nothing from a big page cache, and SQLite sorts in
            // memory up to the cache's size: a smaller one for the scan keeps the peak down.
            let big = expected >= 100_000
            if big { try db.execute(sql: "PRAGMA cache_size = -12000") }
            defer { if big { try? db.execute(sql: "PRAGMA cache_size = -32000") } }
            return try Self.scan(statement, expected: expected)
        }
    }

    private static func scan(_ statement: Statement, expected: Int) throws -> TaskReads {
        let handle = statement.sqliteStatement
        var builder = TaskReads.Builder(expected: expected)
        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
            guard let pointer = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
        }
        while true {
            if builder.count & 0xFFFF == 0xFFFF { try Interruption.check() }
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
            }
            builder.append(
                student: text(0), component: text(1), rater: text(2), kind: text(3), scores: text(4), scoredAt: text(5), code: text(6))
        }
        sqlite3_reset(handle)
        return builder.finish()
    }
}
