/// One cell of a table of numbers: its text, and where the value comes from.
struct Cell {
    var text: String
    var source: Source?
    /// Right-aligned, in tabular figures.
    var isNumeric: Bool
    /// A row's name (`<th scope="row">`).
    var isRowHeader = false
    /// Extra classes, e.g. `flag` for a value the page draws attention to.
    var classes: [String] = []

    init(_ text: String, source: Source? = nil, numeric: Bool = false, rowHeader: Bool = false, classes: [String] = []) {
        self.text = text
        self.source = source
        self.isNumeric = numeric
        self.isRowHeader = rowHeader
        self.classes = classes
    }

    /// A name from the command's JSON (an id, a criterion) heading its row.
    static func name(_ text: String, at pointer: Pointer? = nil) -> Cell {
        Cell(text, source: pointer.map { .json($0) }, rowHeader: true)
    }

    /// Text from the command's JSON.
    static func text(_ text: String, at pointer: Pointer? = nil) -> Cell {
        Cell(text, source: pointer.map { .json($0) })
    }

    static func count(_ value: Int, at pointer: Pointer) -> Cell {
        Cell(Show.count(value), source: .json(pointer), numeric: true)
    }

    static func share(_ value: Double?, at pointer: Pointer) -> Cell {
        Cell(Show.share(value), source: .json(pointer), numeric: true)
    }

    static func coefficient(_ value: Double?, at pointer: Pointer) -> Cell {
        Cell(Show.coefficient(value), source: .json(pointer), numeric: true)
    }

    static func measure(_ value: Double?, at pointer: Pointer) -> Cell {
        Cell(Show.measure(value), source: .json(pointer), numeric: true)
    }

    static func score(_ value: Double?, at pointer: Pointer) -> Cell {
        Cell(Show.score(value), source: .json(pointer), numeric: true)
    }

    static func difference(_ value: Double?, at pointer: Pointer) -> Cell {
        Cell(Show.difference(value), source: .json(pointer), numeric: true)
    }

    static func variance(_ value: Double?, at pointer: Pointer) -> Cell {
        Cell(Show.variance(value), source: .json(pointer), numeric: true)
    }

    static func yesNo(_ value: Bool, at pointer: Pointer, yes: String = "yes", no: String = "no") -> Cell {
        Cell(value ? yes : no, source: .json(pointer), classes: value ? ["yes"] : ["no"])
    }
}

/// A table of the numbers a chart draws, beside it: what a screen reader reads, what a reader
/// copies, and what tests check against the command's JSON.
struct NumbersTable {
    struct Column {
        var title: String
        var isNumeric: Bool

        init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.isNumeric = numeric
        }
    }

    var caption: String?
    var columns: [Column]
    var rows: [[Cell]] = []
    /// Lines under the table: what a `*` or a mark means.
    var footnotes: [String] = []

    init(caption: String? = nil, columns: [Column], rows: [[Cell]] = [], footnotes: [String] = []) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.footnotes = footnotes
    }

    /// Where a row's cells come from, when they are fields of one JSON object: the object's
    /// pointer goes on the row and each field's name on its column's heading once, instead of a
    /// pointer on every cell (a statewide table has thousands of them).
    private func fields() -> (rows: [Pointer?], columns: [String?]) {
        func pointer(_ cell: Cell) -> Pointer? {
            if case .json(let pointer, nil) = cell.source { return pointer }
            return nil
        }
        var prefixes: [Pointer?] = []
        for row in rows {
            let pointers = row.compactMap(pointer)
            guard pointers.count >= 2 else {
                prefixes.append(nil)
                continue
            }
            var common = pointers[0].tokens
            for other in pointers.dropFirst() {
                common = Array(zip(common, other.tokens).prefix { $0 == $1 }.map(\.0))
            }
            // The object, not one of its fields: every pointer must go deeper.
            prefixes.append(common.isEmpty || pointers.contains { $0.tokens.count == common.count } ? nil : Pointer(common))
        }
        guard !rows.isEmpty, prefixes.allSatisfy({ $0 != nil }) else {
            return (Array(repeating: nil, count: rows.count), Array(repeating: nil, count: columns.count))
        }
        var columnFields: [String?] = []
        for column in columns.indices {
            var field: String?
            var uniform = true
            for (row, prefix) in zip(rows, prefixes) {
                // Every row's cell must be a field: a cell without one would seem to have it.
                guard column < row.count, let pointer = pointer(row[column]), let prefix else {
                    uniform = false
                    break
                }
                let suffix = Pointer(Array(pointer.tokens.dropFirst(prefix.tokens.count))).description
                if field == nil { field = suffix } else if field != suffix { uniform = false }
            }
            columnFields.append(uniform ? field : nil)
        }
        return (prefixes, columnFields)
    }

    var html: String {
        let (rowObjects, columnFields) = fields()
        var markup = "<div class=\"numbers\"><table>"
        if let caption { markup += "<caption>\(HTML.text(caption))</caption>" }
        markup += "<thead><tr>"
        for (index, column) in columns.enumerated() {
            markup += "<th scope=\"col\"\(column.isNumeric ? " class=\"num\"" : "")"
            if let field = columnFields[index] { markup += " data-field=\"\(HTML.attribute(field))\"" }
            markup += ">\(HTML.text(column.title))</th>"
        }
        markup += "</tr></thead><tbody>"
        if rows.isEmpty {
            markup += "<tr><td colspan=\"\(columns.count)\" class=\"empty\">none</td></tr>"
        }
        for (number, row) in rows.enumerated() {
            let object = rowObjects[number]
            markup += object.map { "<tr data-json=\"\(HTML.attribute($0.description))\">" } ?? "<tr>"
            for (index, cell) in row.enumerated() {
                let tag = cell.isRowHeader ? "th" : "td"
                var classes = cell.classes
                if cell.isNumeric { classes.insert("num", at: 0) }
                markup += "<\(tag)"
                if cell.isRowHeader { markup += " scope=\"row\"" }
                if !classes.isEmpty { markup += " class=\"\(classes.joined(separator: " "))\"" }
                // A field of the row's object needs no pointer of its own.
                let inherited = object != nil && index < columnFields.count && columnFields[index] != nil
                if let source = cell.source, !(inherited && cell.source.map(Self.isPlainJSON) == true) { markup += source.attributes }
                markup += ">\(HTML.text(cell.text))</\(tag)>"
            }
            markup += "</tr>"
        }
        markup += "</tbody></table>"
        for note in footnotes { markup += "<p class=\"footnote\">\(HTML.text(note))</p>" }
        return markup + "</div>"
    }

    private static func isPlainJSON(_ source: Source) -> Bool {
        if case .json(_, nil) = source { return true }
        return false
    }
}
