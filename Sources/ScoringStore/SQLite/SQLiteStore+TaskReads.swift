import GRDB
import GRDBSQLite
import ScoringCore

extension SQLiteStore {
    /// The current reads of `task` (and `component`, if given) of the given kinds, in the order
    /// `TaskReads` describes. One pass over the rows with SQLite's C API: no per-row objects.
    public func taskReads(task: String, component: String? = nil, student: String? = nil, kinds: Set<ReadKind>) throws -> TaskReads {
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
            sql += " ORDER BY component, student, scored_at, id"
            let statement = try db.makeStatement(sql: sql)
            statement.arguments = arguments
            return try Self.scan(statement)
        }
    }

    private static func scan(_ statement: Statement) throws -> TaskReads {
        let handle = statement.sqliteStatement
        var students = ByteInterner(capacity: 1024)
        var raters = ByteInterner(capacity: 64)
        var components = ByteInterner()
        var criteria = ByteInterner()
        var result = TaskReads()
        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
            guard let pointer = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
        }
        var previousStudent: [UInt8] = []
        var previousComponent: [UInt8] = []
        while true {
            if result.student.count & 0xFFFF == 0xFFFF { try Interruption.check() }
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
            }
            // Rows come sorted by component and student: a repeated id costs a comparison, not a lookup.
            result.student.append(Self.intern(text(0), in: &students, previous: &previousStudent, last: result.student.last))
            result.component.append(Self.intern(text(1), in: &components, previous: &previousComponent, last: result.component.last))
            result.rater.append(raters.intern(text(2)))
            result.kind.append(Self.kind(text(3)))
            decodeScores(text(4), into: &result, criteria: &criteria)
            result.scoredAt.append(Timestamp(iso8601UTF8: text(5)) ?? Timestamp(seconds: 0))
            let codeText = text(6)
            result.code.append(codeText.isEmpty ? nil : ConditionCode(rawValue: String(decoding: codeText, as: UTF8.self)))
        }
        sqlite3_reset(handle)
        result.students = (0..<students.count).map { students.string(Int32($0)) ?? "" }
        result.raters = (0..<raters.count).map { raters.string(Int32($0)) ?? "" }
        result.components = (0..<components.count).map { components.string(Int32($0)) ?? "" }
        result.criteria = (0..<criteria.count).map { criteria.string(Int32($0)) ?? "" }
        return result
    }

    /// `bytes` interned, reusing `last` when they equal the previous row's (kept in `previous`).
    private static func intern(
        _ bytes: UnsafeBufferPointer<UInt8>, in interner: inout ByteInterner, previous: inout [UInt8], last: Int32?
    ) -> Int32 {
        if let last, previous.elementsEqual(bytes) { return last }
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: bytes)
        return interner.intern(bytes)
    }

    private static let kinds: [(bytes: [UInt8], kind: ReadKind)] = ReadKind.allCases.map { (Array($0.rawValue.utf8), $0) }

    private static func kind(_ bytes: UnsafeBufferPointer<UInt8>) -> ReadKind {
        kinds.first { $0.bytes.elementsEqual(bytes) }?.kind ?? .read
    }

    /// Decodes `claim=3;evidence=2` (the store's encoding) without making strings.
    private static func decodeScores(_ bytes: UnsafeBufferPointer<UInt8>, into result: inout TaskReads, criteria: inout ByteInterner) {
        var start = 0
        while start < bytes.count {
            var equals = start
            while equals < bytes.count, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
            var end = equals
            while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
            if equals < end {
                let name = UnsafeBufferPointer(rebasing: bytes[start..<equals])
                var value: Int32 = 0
                var negative = false
                var index = equals + 1
                if index < end, bytes[index] == UInt8(ascii: "-") {
                    negative = true
                    index += 1
                }
                while index < end {
                    value = value &* 10 &+ Int32(bytes[index] &- UInt8(ascii: "0"))
                    index += 1
                }
                result.scoreCriterion.append(criteria.intern(name))
                result.scoreValue.append(negative ? 0 &- value : value)
            }
            start = end + 1
        }
        result.scoreStart.append(Int32(result.scoreValue.count))
    }
}
