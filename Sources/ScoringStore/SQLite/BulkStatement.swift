import GRDB
import GRDBSQLite

/// A prepared statement run many times with values bound through SQLite's C API.
///
/// GRDB's `execute(arguments:)` boxes every value and runs per-statement bookkeeping; for the
/// hundreds of thousands of rows of a statewide import that overhead costs more than SQLite's own
/// work. This binds text and integers directly (SQLite copies them) and steps the statement.
/// The store uses no GRDB observation, so nothing is missed by stepping directly.
///
/// SQLite keeps bindings across `sqlite3_reset`, so a value equal to the one bound for the
/// previous row is not bound (and copied) again: in an import most columns never change.
final class BulkStatement {
    private let statement: Statement
    private var handle: SQLiteStatement { statement.sqliteStatement }
    private let db: Database
    private var boundText: [String?]
    private var boundInteger: [Int64?]
    private var bound: [Bool]

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
        let count = Int(sqlite3_bind_parameter_count(statement.sqliteStatement)) + 1
        boundText = Array(repeating: nil, count: count)
        boundInteger = Array(repeating: nil, count: count)
        bound = Array(repeating: false, count: count)
    }

    /// SQLite's "copy this now" destructor, which Swift cannot spell as a constant.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ text: String?) {
        let slot = Int(index)
        if bound[slot], boundInteger[slot] == nil, boundText[slot] == text { return }
        bound[slot] = true
        boundText[slot] = text
        boundInteger[slot] = nil
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(buffer.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        let slot = Int(index)
        if bound[slot], boundText[slot] == nil, boundInteger[slot] == value { return }
        bound[slot] = true
        boundText[slot] = nil
        boundInteger[slot] = value
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, value)
    }

    /// Runs the statement with the values bound, then readies it for the next row.
    func step() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
