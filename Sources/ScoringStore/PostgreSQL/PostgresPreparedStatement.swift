import CLibPQ

/// A statement the server has parsed and planned once, to run many times with new parameters.
///
/// It lives on its connection (which it keeps open) until `deallocate()` or the end of the
/// session; a rolled-back transaction does not remove it.
public final class PostgresPreparedStatement {
    public let connection: PostgresConnection
    /// The server-side name, unique on its connection.
    public let name: String
    public let sql: String
    /// How many parameters (`$1`…) the statement takes.
    public let parameterCount: Int

    fileprivate init(connection: PostgresConnection, name: String, sql: String, parameterCount: Int) {
        self.connection = connection
        self.name = name
        self.sql = sql
        self.parameterCount = parameterCount
    }

    /// Runs the statement with `$1`, `$2`… bound to `parameters` (nil for NULL).
    ///
    /// - Throws: `PostgresError` from the server, or of kind `other` when the number of
    ///   parameters is not `parameterCount`.
    @discardableResult
    public func execute(_ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        guard parameters.count == parameterCount else {
            throw PostgresError(
                kind: .other, message: "the prepared statement takes \(parameterCount) parameters, not \(parameters.count)")
        }
        let values = try ParameterValues(parameters)
        let result = values.withPointers { pointers in
            PQexecPrepared(connection.handle, name, Int32(parameters.count), pointers, nil, nil, 0)
        }
        return try connection.take(result)
    }

    /// Removes the statement from the server; it may not be run again.
    public func deallocate() throws(PostgresError) {
        try connection.execute("DEALLOCATE \(connection.quoteIdentifier(name))")
    }
}

extension PostgresConnection {
    /// Parses and plans `sql` once on the server, for a loop that runs it many times.
    ///
    /// - Parameter sql: one statement, with `$1`, `$2`… for its parameters.
    /// - Throws: `PostgresError` when the server refuses the statement (a syntax error, an
    ///   unknown table).
    public func prepare(_ sql: String) throws(PostgresError) -> PostgresPreparedStatement {
        preparedStatementCount += 1
        let name = "scorebench_\(preparedStatementCount)"
        try take(PQprepare(handle, name, sql, 0, nil))
        let description = PQdescribePrepared(handle, name)
        defer { PQclear(description) }
        guard PQresultStatus(description) == PGRES_COMMAND_OK else {
            throw PostgresError(result: description, connection: handle)
        }
        return PostgresPreparedStatement(
            connection: self, name: name, sql: sql, parameterCount: Int(PQnparams(description)))
    }
}
