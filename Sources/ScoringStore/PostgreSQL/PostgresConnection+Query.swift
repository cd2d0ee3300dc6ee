import CLibPQ

extension PostgresConnection {
    /// Runs one statement with `$1`, `$2`… bound to `parameters`, and returns what it returned.
    ///
    /// Parameters travel apart from the SQL (never spliced into it), in text format; the server
    /// infers each one's type from where it is used (`$1::int` forces one). A nil parameter is NULL.
    ///
    /// - Throws: `PostgresError` from the server (with its SQLSTATE), for a parameter that holds
    ///   the NUL character, or of kind `connectionFailed` when the server went away.
    ///
    /// A statement run a second time on this connection is prepared, and runs prepared from
    /// then on: the server parses and plans it once, which matters when fifty shells each send
    /// the same forty statements per `next` and `score`. The server replans a prepared
    /// statement when the tables or the role it depends on change.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        let values = try ParameterValues(parameters)
        if let name = try preparedName(for: sql) {
            let result = values.withPointers { pointers in
                PQexecPrepared(handle, name, Int32(parameters.count), pointers, nil, nil, 0)
            }
            do {
                return try take(result)
            } catch where error.sqlState == Self.changedResultType {
                // A table of a `SELECT *` changed under the plan: forget it and run it afresh.
                statementCache[sql] = nil
                try? execute("DEALLOCATE \(quoteIdentifier(name))")
            }
        }
        let result = values.withPointers { pointers in
            PQexecParams(handle, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        return try take(result)
    }

    /// Drops the statements `query` prepared, after the schema changed under them.
    func forgetCachedStatements() {
        for name in statementCache.values.compactMap(\.name) { try? execute("DEALLOCATE \(quoteIdentifier(name))") }
        statementCache = [:]
    }

    /// "cached plan must not change result type".
    private static let changedResultType = "0A000"
    /// The most statements a connection keeps prepared; SQL built with varying text (lists of
    /// placeholders) would otherwise grow the cache without end.
    static let statementCacheLimit = 512

    /// The server-side name of `sql` prepared, preparing it on its second run; nil to run it
    /// unprepared (its first run, a full cache, or the server would not prepare it).
    private func preparedName(for sql: String) throws(PostgresError) -> String? {
        var entry = statementCache[sql] ?? CachedStatement()
        if let name = entry.name { return name }
        entry.runs += 1
        guard entry.runs >= 2, statementCache.count < Self.statementCacheLimit || statementCache[sql] != nil else {
            if statementCache.count < Self.statementCacheLimit { statementCache[sql] = entry }
            return nil
        }
        preparedStatementCount += 1
        let name = "scorebench_q\(preparedStatementCount)"
        let prepared = PQprepare(handle, name, sql, 0, nil)
        let status = prepared.map(PQresultStatus)
        PQclear(prepared)
        guard status == PGRES_COMMAND_OK else {
            // Run unprepared, which reports whatever the server objects to.
            entry.runs = 0
            statementCache[sql] = entry
            return nil
        }
        entry.name = name
        statementCache[sql] = entry
        return name
    }

    /// Runs a script of one or more statements separated by semicolons, with no parameters.
    ///
    /// Outside a transaction the statements of one script run as one: an error in any leaves
    /// none of them done (unless the script has its own `BEGIN`/`COMMIT`).
    public func execute(_ script: String) throws(PostgresError) {
        try take(PQexec(handle, script))
    }

    /// The rows of a finished result, or its error; frees the result either way.
    @discardableResult
    func take(_ result: OpaquePointer?) throws(PostgresError) -> PostgresResult {
        defer { PQclear(result) }
        switch result.map(PQresultStatus) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Self.rows(of: result!)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy()
            throw PostgresError(kind: .other, message: "COPY … FROM STDIN and TO STDOUT run through copyIn and copyOut")
        default:
            throw PostgresError(result: result, connection: handle)
        }
    }

    private static func rows(of result: OpaquePointer) -> PostgresResult {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            rows.append((0..<columnCount).map { column in
                if PQgetisnull(result, row, column) == 1 { return nil }
                let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: Int(PQgetlength(result, row, column)))
                return String(decoding: bytes, as: UTF8.self)
            })
        }
        let affected = String(cString: PQcmdTuples(result))
        return PostgresResult(
            columns: columns, rows: rows, command: String(cString: PQcmdStatus(result)), affectedRows: Int(affected))
    }

    /// Ends a COPY that nobody is going to feed or read, and drops what comes back.
    func abandonCopy() {
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_COPY_IN || status == PGRES_COPY_BOTH {
                if PQputCopyEnd(handle, "abandoned by the client") < 0 { return }
            } else if status == PGRES_COPY_OUT {
                var buffer: UnsafeMutablePointer<CChar>?
                while PQgetCopyData(handle, &buffer, 0) > 0 { PQfreemem(buffer) }
            }
            if PQstatus(handle) == CONNECTION_BAD { return }
        }
    }
}

/// How often `query` has run a statement, and its prepared name once it is prepared.
struct CachedStatement {
    var runs = 0
    var name: String?
}

/// Text parameters laid out as libpq takes them: one buffer of NUL-terminated strings, and a
/// pointer into it for each parameter (nil for NULL).
struct ParameterValues {
    private var bytes: [UInt8] = []
    private var offsets: [Int?] = []

    init(_ values: [String?]) throws(PostgresError) {
        offsets.reserveCapacity(values.count)
        for value in values {
            guard let value else {
                offsets.append(nil)
                continue
            }
            // libpq reads a C string, which would silently end at a NUL.
            if value.utf8.contains(0) { throw PostgresError.nulCharacter }
            offsets.append(bytes.count)
            bytes.append(contentsOf: value.utf8)
            bytes.append(0)
        }
    }

    func withPointers<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress)
            let pointers = offsets.map { offset in
                offset.map { base!.advanced(by: $0).assumingMemoryBound(to: CChar.self) }
            }
            return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
        }
    }
}
