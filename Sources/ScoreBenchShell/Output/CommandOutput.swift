import ScoringCore

/// What a command produced, in every form the user may ask for: JSON for scripts, a table (which
/// also gives CSV), and optionally prose for people reading at the prompt.
public struct CommandOutput: Sendable {
    public var json: JSONValue
    public var table: TextTable?
    /// What `table` format prints instead of the table, e.g. a rubric's descriptors.
    public var text: String?
    /// What `csv` format prints when it differs from `table` (columns that do not depend on
    /// the data, as a file for import).
    public var csv: TextTable?

    public init(json: JSONValue, table: TextTable? = nil, text: String? = nil, csv: TextTable? = nil) {
        self.json = json
        self.table = table
        self.text = text
        self.csv = csv
    }

    /// The output rendered for `format`; empty when there is nothing to show.
    ///
    /// - Parameter width: the terminal's width, for people at a prompt: a table wider than it is
    ///   shown one record at a time, as psql's expanded display.
    public func rendered(as format: OutputFormat, width: Int? = nil) -> String {
        switch format {
        case .json:
            return json.encoded + "\n"
        case .csv:
            if let table = csv ?? table { return table.csv }
            return text.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? ""
        case .table:
            if let text { return text.isEmpty || text.hasSuffix("\n") ? text : text + "\n" }
            guard let table else { return "" }
            let aligned = table.aligned
            if let width, aligned.split(separator: "\n").contains(where: { $0.count > width }) {
                return table.expanded
            }
            return aligned
        }
    }
}

/// The output formats of `--format` and `set format`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table
    case csv
    case json
}

/// A list of rows under a header: aligned for people, RFC 4180 for spreadsheets.
public struct TextTable: Sendable {
    public var columns: [String]
    public var rows: [[String]]
    /// Columns to right-align (numbers).
    public var numericColumns: Set<Int>

    public init(columns: [String], rows: [[String]] = [], numericColumns: Set<Int> = []) {
        self.columns = columns
        self.rows = rows
        self.numericColumns = numericColumns
    }

    /// RFC 4180 under a header of the column names in snake_case (`scored at` → `scored_at`),
    /// the names the JSON keys and export files use.
    public var csv: String {
        var output = CSVWriter.record(columns.map(Self.snakeCase)) + "\n"
        for row in rows { output += CSVWriter.record(row) + "\n" }
        return output
    }

    /// Columns padded to their widest cell, two spaces apart, under a rule; `(none)` for no rows.
    public var aligned: String {
        if rows.isEmpty { return "(none)\n" }
        var widths = columns.map(Self.width)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.width(Self.oneLine(cell)))
            }
        }
        // Built as UTF-8 bytes: a statewide listing has hundreds of thousands of cells.
        var output: [UInt8] = []
        output.reserveCapacity((widths.reduce(0, +) + 2 * widths.count + 1) * (rows.count + 2))
        let numeric = (0..<widths.count).map { numericColumns.contains($0) }
        func pad(_ count: Int) {
            if count > 0 { output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
        }
        func append(_ cells: [String]) {
            let start = output.count
            for (index, cell) in cells.enumerated() where index < widths.count {
                let text = Self.oneLine(cell)
                let padding = widths[index] - Self.width(text)
                let isLast = index == widths.count - 1
                if numeric[index] { pad(padding) }
                output.append(contentsOf: text.utf8)
                if !numeric[index], !isLast { pad(padding) }
                if !isLast { pad(2) }
            }
            while output.count > start, output.last == UInt8(ascii: " ") { output.removeLast() }
            output.append(UInt8(ascii: "\n"))
        }
        append(columns)
        append(widths.map { String(repeating: "-", count: $0) })
        for row in rows { append(row) }
        return String(decoding: output, as: UTF8.self)
    }

    /// One block per row, each cell on its own line after its column's name, for tables too wide
    /// for the window (psql's expanded display); `(none)` for no rows.
    public var expanded: String {
        if rows.isEmpty { return "(none)\n" }
        let nameWidth = columns.map(Self.width).max() ?? 0
        var output = ""
        for (number, row) in rows.enumerated() {
            output += "-[ \(number + 1) ]" + String(repeating: "-", count: max(4, nameWidth - 2)) + "\n"
            for (index, column) in columns.enumerated() {
                let cell = index < row.count ? Self.oneLine(row[index]) : ""
                output += column + String(repeating: " ", count: nameWidth - Self.width(column)) + (cell.isEmpty ? " |\n" : " | \(cell)\n")
            }
        }
        return output
    }

    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                result.append(character)
            } else if !result.isEmpty, result.last != "_" {
                result.append("_")
            }
        }
        while result.last == "_" { result.removeLast() }
        return result.isEmpty ? name : result
    }

    /// Cells are shown on one line: a note with a line break must not break the table.
    static func oneLine(_ text: String) -> String {
        // Plain ASCII without control characters, by far the common case, is checked on bytes.
        if isPlainASCII(text) { return text }
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return Quoting.visible(text, limit: 200)
    }

    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Display width: one column per character, which is right for the text this tool shows.
    static func width(_ text: String) -> Int {
        isPlainASCII(text) ? text.utf8.count : text.count
    }
}
