/// What a statement returned: its rows in PostgreSQL's text format, and what it did.
public struct PostgresResult: Equatable, Sendable {
    /// The names of the result's columns, in order; empty for a statement that returns no rows.
    public var columns: [String]
    /// Each row's values in PostgreSQL's text format (`t`/`f` for booleans, ISO 8601 for
    /// timestamps); nil for NULL.
    public var rows: [[String?]]
    /// The command tag, e.g. `INSERT 0 3`, `UPDATE 2`, `SELECT 5`, `COPY 100000`.
    public var command: String
    /// The rows the command inserted, updated, deleted, selected, copied…; nil for a command that
    /// counts none (`CREATE TABLE`, `BEGIN`).
    public var affectedRows: Int?

    public init(columns: [String] = [], rows: [[String?]] = [], command: String = "", affectedRows: Int? = nil) {
        self.columns = columns
        self.rows = rows
        self.command = command
        self.affectedRows = affectedRows
    }

    /// The first column of the first row, nil when there is none or it is NULL.
    public var scalar: String? { rows.first?.first ?? nil }

    /// The value of the named column in a row, nil when it is NULL or there is no such column.
    public func value(_ column: String, in row: [String?]) -> String? {
        columns.firstIndex(of: column).flatMap { row[$0] }
    }
}
