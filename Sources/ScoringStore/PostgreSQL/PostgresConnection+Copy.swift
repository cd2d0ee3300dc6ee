import CLibPQ

extension PostgresConnection {
    /// Runs a `COPY … FROM STDIN` and sends it the data `write` produces.
    ///
    /// COPY is one statement: when a row is bad, or `write` throws, the server loads none of them
    /// (and an open transaction around it is aborted). The data is in the format the statement
    /// names, by default PostgreSQL's text format, which `PostgresCopyWriter.writeRow(_:)` writes.
    ///
    /// - Parameters:
    ///   - sql: the `COPY table (columns) FROM STDIN …` statement.
    ///   - write: called once, to write the data in chunks of any size.
    /// - Returns: the number of rows copied.
    /// - Throws: what `write` threw (the COPY is abandoned first), else a `PostgresError` from
    ///   the server, e.g. for a malformed row (22P02) or a violated constraint.
    @discardableResult
    public func copyIn(sql: String, _ write: (inout PostgresCopyWriter) throws -> Void) throws -> Int {
        let start = PQexec(handle, sql)
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            try take(start)
            throw PostgresError(kind: .other, message: "copyIn needs a COPY … FROM STDIN statement")
        }
        PQclear(start)
        var writer = PostgresCopyWriter(handle: handle)
        var failure: (any Error)?
        do {
            try write(&writer)
            try writer.flush()
        } catch {
            failure = error
        }
        // With an error message, the server fails the COPY and keeps nothing of it.
        let abandoned = failure.map { "COPY abandoned by the client: \($0)" }
        _ = PQputCopyEnd(handle, abandoned)
        var outcome: Result<Int, PostgresError> = .failure(PostgresError(result: nil, connection: handle))
        while let result = PQgetResult(handle) {
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK:
                outcome = .success(Int(String(cString: PQcmdTuples(result))) ?? 0)
            case PGRES_COPY_IN:
                // libpq still counts the COPY as running: the end did not get through.
                if PQputCopyEnd(handle, "abandoned by the client") < 0 {
                    outcome = .failure(PostgresError(result: nil, connection: handle))
                    PQclear(result)
                    return try finish(outcome, failure)
                }
            default:
                outcome = .failure(PostgresError(result: result, connection: handle))
            }
            PQclear(result)
            if PQstatus(handle) == CONNECTION_BAD { break }
        }
        return try finish(outcome, failure)
    }

    /// The writer's own error (say, a bad line in the file being loaded) explains more than the
    /// server's "COPY from stdin failed" it caused; a failed send is explained by the server.
    private func finish(_ outcome: Result<Int, PostgresError>, _ failure: (any Error)?) throws -> Int {
        if let failure, !(failure is PostgresError) { throw failure }
        if case .failure(let error) = outcome { throw error }
        if let failure { throw failure }
        return try outcome.get()
    }

    /// Sends each chunk of `chunks` to a `COPY … FROM STDIN`; see `copyIn(sql:_:)`.
    @discardableResult
    public func copyIn<Chunks: Sequence>(sql: String, chunks: Chunks) throws -> Int where Chunks.Element: StringProtocol {
        try copyIn(sql: sql) { writer in
            for chunk in chunks { try writer.write(String(chunk)) }
        }
    }

    /// Runs a `COPY … TO STDOUT` and hands `read` the data, one row at a time in text and CSV
    /// formats (each chunk ends with its newline).
    ///
    /// - Returns: the number of rows copied.
    /// - Throws: what `read` threw (after the rest of the data was read and dropped, which leaves
    ///   the connection ready), else a `PostgresError` from the server.
    @discardableResult
    public func copyOut(sql: String, _ read: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let start = PQexec(handle, sql)
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            try take(start)
            throw PostgresError(kind: .other, message: "copyOut needs a COPY … TO STDOUT statement")
        }
        PQclear(start)
        var failure: (any Error)?
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let length = PQgetCopyData(handle, &buffer, 0)
            guard length > 0, let data = buffer else { break }
            defer { PQfreemem(data) }
            if failure == nil {
                do { try read(UnsafeRawBufferPointer(start: data, count: Int(length))) } catch { failure = error }
            }
        }
        var outcome: Result<Int, PostgresError> = .failure(PostgresError(result: nil, connection: handle))
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                outcome = .success(Int(String(cString: PQcmdTuples(result))) ?? 0)
            } else {
                outcome = .failure(PostgresError(result: result, connection: handle))
            }
            PQclear(result)
        }
        if let failure { throw failure }
        return try outcome.get()
    }
}

/// Writes the data of a `COPY … FROM STDIN`, buffering small writes into larger messages.
public struct PostgresCopyWriter {
    /// The connection a COPY is running on; nil for a writer that only collects rows, for a
    /// COPY that another thread runs (`takeRows`, `send`).
    private let handle: OpaquePointer?
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    private let capacity: Int
    static let chunkSize = 64 * 1024

    init(handle: OpaquePointer) {
        self.handle = handle
        capacity = Self.chunkSize
        buffer.reserveCapacity(capacity)
    }

    /// A writer that collects its rows until `takeRows`, with room for `capacity` bytes.
    init(capacity: Int = chunkSize) {
        handle = nil
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// How many bytes are collected.
    var count: Int { buffer.count }

    /// The rows collected so far (whole rows when called between them); the writer starts afresh.
    mutating func takeRows() -> [UInt8] {
        defer { buffer = []; buffer.reserveCapacity(capacity) }
        return buffer
    }

    /// Sends rows another writer collected, after what this one holds.
    mutating func send(_ rows: [UInt8]) throws(PostgresError) {
        try flush()
        guard let handle, !rows.isEmpty else { return }
        let sent = rows.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32(bytes.count)) }
        }
        if sent < 0 { throw PostgresError(result: nil, connection: handle) }
    }

    /// Appends raw data (already in the COPY's format).
    public mutating func write(_ text: String) throws(PostgresError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Appends raw bytes (already in the COPY's format).
    public mutating func write(bytes: some Sequence<UInt8>) throws(PostgresError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Appends one row in PostgreSQL's text format: fields separated by tabs, NULL as `\N`,
    /// backslash, tab, newline and carriage return escaped, so that any text round-trips.
    ///
    /// - Throws: for a field that holds the NUL character, which PostgreSQL text cannot store.
    public mutating func writeRow(_ fields: [String?]) throws(PostgresError) {
        for field in fields { try appendField(field) }
        try endRow()
    }

    // MARK: Field by field
    //
    // A bulk load writes its rows field by field, with no array or string made per row.

    /// Starts the next field of the current row with `text`, escaped as `writeRow` escapes it;
    /// nil is NULL.
    public mutating func appendField(_ text: String?) throws(PostgresError) {
        separate()
        guard let text else {
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "N"))
            return
        }
        try appendToField(text)
    }

    /// Starts the next field of the current row with a number; nil is NULL.
    public mutating func appendField(_ value: Int64?) throws(PostgresError) {
        guard let value else { return try appendField(nil as String?) }
        separate()
        appendToField(value)
    }

    /// Continues the current field with more text, escaped.
    public mutating func appendToField(_ text: String) throws(PostgresError) {
        var text = text
        let clean = text.withUTF8 { appendEscaped($0) }
        if !clean { throw PostgresError.nulCharacter }
    }

    /// Starts the next field with `bytes` as they are: one field or more, escaped already.
    mutating func appendField(raw bytes: [UInt8]) {
        separate()
        buffer.append(contentsOf: bytes)
    }

    /// Continues the current field with `bytes` as they are, escaped already.
    mutating func appendToField(raw bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// Starts the next field with UTF-8 `bytes`, escaped.
    mutating func appendField(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        separate()
        try appendToField(utf8: bytes)
    }

    /// Continues the current field with UTF-8 `bytes`, escaped.
    mutating func appendToField(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        if !appendEscaped(bytes) { throw PostgresError.nulCharacter }
    }

    /// Continues the current field with a number's digits.
    public mutating func appendToField(_ value: Int64) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// Ends the current row.
    public mutating func endRow() throws(PostgresError) {
        buffer.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
        if buffer.count >= Self.chunkSize { try flush() }
    }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }

    /// Appends `bytes` escaped; false when they hold a NUL, which text cannot carry. Runs of
    /// bytes that need no escape (nearly all of them) are copied at once.
    private mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        for index in 0..<bytes.count {
            let escaped: UInt8
            switch bytes[index] {
            case 0: return false
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
            default: continue
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(escaped)
            start = index + 1
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        return true
    }

    /// Sends what is buffered.
    mutating func flush() throws(PostgresError) {
        guard let handle, !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32(bytes.count)) }
        }
        buffer.removeAll(keepingCapacity: true)
        // -1: the server ended the COPY (a bad row) or went away; its result says which.
        if sent < 0 { throw PostgresError(result: nil, connection: handle) }
    }
}
