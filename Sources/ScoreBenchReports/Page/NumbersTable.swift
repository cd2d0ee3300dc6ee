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

    var html: String {
        var markup = "<div class=\"numbers\"><table>"
        if let caption { markup += "<caption>\(HTML.text(caption))</caption>" }
        markup += "<thead><tr>"
        for column in columns {
            markup += "<th scope=\"col\"\(column.isNumeric ? " class=\"num\"" : "")>\(HTML.text(column.title))</th>"
        }
        markup += "</tr></thead><tbody>"
        if rows.isEmpty {
            markup += "<tr><td colspan=\"\(columns.count)\" class=\"empty\">none</td></tr>"
        }
        for row in rows {
            markup += "<tr>"
            for cell in row {
                let tag = cell.isRowHeader ? "th" : "td"
                var classes = cell.classes
                if cell.isNumeric { classes.insert("num", at: 0) }
                markup += "<\(tag)"
                if cell.isRowHeader { markup += " scope=\"row\"" }
                if !classes.isEmpty { markup += " class=\"\(classes.joined(separator: " "))\"" }
                if let source = cell.source { markup += source.attributes }
                markup += ">\(HTML.text(cell.text))</\(tag)>"
            }
            markup += "</tr>"
        }
        markup += "</tbody></table>"
        for note in footnotes { markup += "<p class=\"footnote\">\(HTML.text(note))</p>" }
        return markup + "</div>"
    }
}
