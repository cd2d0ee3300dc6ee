import Testing

@testable import ScoreBenchShell

/// A listing streamed from `RowBuffer` prints exactly what the same rows print as a `TextTable`.
struct StreamedOutputTests {
    static let rows: [[String]] = [
        ["s-1001", "decided", "3.5", "Proficient", "yes", "", ""],
        ["s-1002", "needs adjudication", "", "", "", "2", "evidence differs by 2\nsee notes"],
        ["s-1003", "decided", "12.25", "Émergent", "no", "", "below the floor on claim"],
    ]

    static func streamed(_ buffer: RowBuffer, as format: OutputFormat) -> String {
        var text = ""
        buffer.write(as: format) { text += $0 }
        return text
    }

    @Test func aBufferedListingPrintsAsItsTableInEveryFormat() {
        var buffer = RowBuffer(
            columns: ["student", "status", "score", "level", "proficient", "backreads", "why"], numeric: [2, 5], optional: [5])
        for row in Self.rows { buffer.append(row) }
        let table = TextTable(columns: buffer.columns, rows: Self.rows, numericColumns: [2, 5])
        #expect(Self.streamed(buffer, as: .table) == table.aligned)
        #expect(Self.streamed(buffer, as: .csv) == table.csv)
        #expect(buffer.table.aligned == table.aligned)
    }

    @Test func anOptionalColumnWithNothingInItIsLeftOut() {
        var buffer = RowBuffer(columns: ["student", "score", "backreads", "why"], numeric: [1, 2], optional: [2])
        buffer.append(["s-1", "3.0", "", "ok"])
        buffer.append(["s-22", "12.5", "", String(repeating: "x", count: 300)])
        let table = TextTable(columns: ["student", "score", "why"], rows: [["s-1", "3.0", "ok"], ["s-22", "12.5", String(repeating: "x", count: 300)]], numericColumns: [1])
        #expect(Self.streamed(buffer, as: .table) == table.aligned)
        #expect(Self.streamed(buffer, as: .csv) == table.csv)
    }

    @Test func piecesAppendedInOrderPrintAsTheirRowsAppendedOneByOne() {
        func buffer() -> RowBuffer {
            RowBuffer(columns: ["student", "status", "score", "level", "proficient", "backreads", "why"], numeric: [2, 5], optional: [5])
        }
        var whole = buffer()
        for row in Self.rows { whole.append(row) }
        // The widest cell, the only backread and the only non-ASCII text are each in another piece.
        var pieced = buffer()
        for rows in [Array(Self.rows[0..<1]), [], Array(Self.rows[1..<3])] {
            var piece = buffer()
            for row in rows { piece.append(row) }
            pieced.append(contentsOf: piece)
        }
        #expect(pieced.rows == whole.rows)
        for format in [OutputFormat.table, .csv] {
            #expect(Self.streamed(pieced, as: format) == Self.streamed(whole, as: format))
        }
    }

    @Test func noRowsPrintNoneOrAHeader() {
        let buffer = RowBuffer(columns: ["student", "scored at"])
        #expect(Self.streamed(buffer, as: .table) == "(none)\n")
        #expect(Self.streamed(buffer, as: .csv) == "student,scored_at\n")
    }
}
