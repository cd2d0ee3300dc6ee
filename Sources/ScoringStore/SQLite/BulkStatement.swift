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
    /// What each parameter holds, by index (0 unused). Only this object touches it, one
    /// binding at a time, so the runtime's exclusivity check on every access is skipped: it
    /// cost more than the comparison it guards.
    @exclusivity(unchecked) private var bound: [Bound]

    private enum Bound: Equatable {
        /// Nothing bound yet, or bytes this object did not keep.
        case unknown
        case null
        case text(String)
        case integer(Int64)
    }

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
        bound = Array(repeating: .unknown, count: Int(sqlite3_bind_parameter_count(statement.sqliteStatement)) + 1)
    }

    /// SQLite's "copy this now" destructor, which Swift cannot spell as a constant.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ text: String?) {
        let value = text.map(Bound.text) ?? .null
        if bound[Int(index)] == value { return }
        bound[Int(index)] = value
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bind(index, utf8: $0) }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        let new = value.map(Bound.integer) ?? .null
        if bound[Int(index)] == new { return }
        bound[Int(index)] = new
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds UTF-8 text given as bytes (SQLite copies them), always: the bytes are not kept to
    /// compare with the next row's.
    func bind(_ index: Int32, utf8 bytes: [UInt8]) {
        bound[Int(index)] = .unknown
        bytes.withUnsafeBufferPointer { bind(index, utf8: $0) }
    }

    private func bind(_ index: Int32, utf8 buffer: UnsafeBufferPointer<UInt8>) {
        // An empty buffer may have no address, and a null pointer would bind NULL, not ''.
        guard let start = buffer.baseAddress, !buffer.isEmpty else {
            _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self), Int32(buffer.count), Self.transient)
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
