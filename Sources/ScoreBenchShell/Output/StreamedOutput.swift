import ScoringCore

/// Output made and written a piece at a time, for listings of millions of rows (`decide` of a
/// statewide task): the shell hands each piece to standard output as it is made, so neither
/// the results nor the text of them are ever held in full. At a terminal the shell asks for
/// the whole output instead (`collect`), to fold a wide table or page a long one.
public struct StreamedOutput {
    /// Writes the output in a format, a piece at a time, exactly as `collect` renders it.
    public var stream: (OutputFormat, (String) -> Void) throws -> Void
    /// The whole output at once.
    public var collect: () throws -> CommandOutput
}

/// Rows kept as UTF-8 bytes in one buffer (each cell behind its length), for a listing of
/// millions of rows that can only be aligned, or lose an empty column, once every row is known:
/// a few bytes a cell where `[[String]]` takes sixteen and more, plus an array a row.
struct RowBuffer {
    let columns: [String]
    /// Columns to right-align, by index in `columns`.
    let numeric: Set<Int>
    /// Columns shown only when some cell of theirs is not empty.
    let optional: Set<Int>
    /// The rows' bytes in blocks of about a megabyte, each row within one block: a single
    /// array would double, and hold old and new at once, as it grows.
    private var blocks: [[UInt8]] = []
    private var row: [UInt8] = []
    /// The widest cell (as `TextTable.aligned` shows it) of each column so far.
    private var widths: [Int]
    private var filled: [Bool]
    private(set) var rows = 0

    init(columns: [String], numeric: Set<Int> = [], optional: Set<Int> = []) {
        self.columns = columns
        self.numeric = numeric
        self.optional = optional
        widths = columns.map { TextTable.width($0) }
        filled = Array(repeating: false, count: columns.count)
    }

    /// Appends a row of `columns.count` cells.
    mutating func append(_ cells: [String]) {
        precondition(cells.count == columns.count, "a row has one cell per column")
        row.removeAll(keepingCapacity: true)
        for (index, cell) in cells.enumerated() {
            var cell = cell
            let plain = cell.withUTF8 { utf8 in
                var length = utf8.count
                // The length as a base-128 varint, then the bytes.
                while length >= 0x80 {
                    row.append(UInt8(length & 0x7F) | 0x80)
                    length >>= 7
                }
                row.append(UInt8(length))
                row.append(contentsOf: utf8)
                let plain = Self.isPlain(utf8)
                if plain, !utf8.isEmpty {
                    filled[index] = true
                    widths[index] = max(widths[index], utf8.count)
                }
                return plain
            }
            if !plain {
                filled[index] = true
                widths[index] = max(widths[index], TextTable.width(TextTable.oneLine(cell)))
            }
        }
        if blocks.isEmpty || blocks[blocks.count - 1].count + row.count > Self.blockSize {
            var block: [UInt8] = []
            block.reserveCapacity(max(Self.blockSize, row.count))
            blocks.append(block)
        }
        blocks[blocks.count - 1].append(contentsOf: row)
        rows += 1
    }

    /// Appends the rows of `other`, a buffer of the same columns, as if appended one by one.
    mutating func append(contentsOf other: RowBuffer) {
        precondition(other.columns == columns, "rows of the same columns")
        for index in columns.indices {
            widths[index] = max(widths[index], other.widths[index])
            filled[index] = filled[index] || other.filled[index]
        }
        for block in other.blocks {
            if let last = blocks.indices.last, blocks[last].count + block.count <= Self.blockSize {
                blocks[last].append(contentsOf: block)
            } else {
                blocks.append(block)
            }
        }
        rows += other.rows
    }

    /// Printable ASCII only: the text `TextTable` shows as it is, one column a byte.
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte < 0x20 || byte >= 0x7F { return false }
        return true
    }

    private static let blockSize = 1 << 20

    /// The columns shown: every one but an optional column with nothing in it.
    private var shown: [Int] { columns.indices.filter { !optional.contains($0) || filled[$0] } }

    /// Every row, cell by cell, in order.
    private func forEachRow(_ body: ([String]) -> Void) {
        var cells: [String] = []
        cells.reserveCapacity(columns.count)
        forEachRowBytes { bytes, ranges in
            cells.removeAll(keepingCapacity: true)
            for range in ranges { cells.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)) }
            body(cells)
        }
    }

    /// Every row in order, as its block's bytes and each cell's range in them.
    private func forEachRowBytes(_ body: (UnsafeBufferPointer<UInt8>, [Range<Int>]) -> Void) {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(columns.count)
        for block in blocks {
            block.withUnsafeBufferPointer { bytes in
                var offset = 0
                while offset < bytes.count {
                    ranges.removeAll(keepingCapacity: true)
                    for _ in columns.indices {
                        var length = 0, shift = 0
                        while true {
                            let byte = bytes[offset]
                            offset += 1
                            length |= Int(byte & 0x7F) << shift
                            shift += 7
                            if byte & 0x80 == 0 { break }
                        }
                        ranges.append(offset..<(offset + length))
                        offset += length
                    }
                    body(bytes, ranges)
                }
            }
        }
    }

    /// The rows as a `TextTable`, for a terminal.
    var table: TextTable {
        let shown = self.shown
        var rows: [[String]] = []
        forEachRow { cells in rows.append(shown.map { cells[$0] }) }
        return TextTable(
            columns: shown.map { columns[$0] }, rows: rows,
            numericColumns: Set(shown.indices.filter { numeric.contains(shown[$0]) }))
    }

    /// Writes the rows as `TextTable` renders them in `format` (table or csv), a piece at a time.
    func write(as format: OutputFormat, to write: (String) -> Void) {
        let shown = self.shown
        var output: [UInt8] = []
        output.reserveCapacity(1 << 20)
        func flush() {
            write(String(decoding: output, as: UTF8.self))
            output.removeAll(keepingCapacity: true)
        }
        if format == .csv {
            output.append(contentsOf: (CSVWriter.record(shown.map { TextTable.snakeCase(columns[$0]) }) + "\n").utf8)
            forEachRow { cells in
                output.append(contentsOf: (CSVWriter.record(shown.map { cells[$0] }) + "\n").utf8)
                if output.count >= 1 << 20 { flush() }
            }
            flush()
            return
        }
        if rows == 0 {
            write("(none)\n")
            return
        }
        func pad(_ count: Int) {
            if count > 0 { output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
        }
        let rightAligned = columns.indices.map { numeric.contains($0) }
        /// Appends a row; `cell(column)` gives each shown column's bytes.
        func appendRow(_ cell: (Int) -> UnsafeBufferPointer<UInt8>) {
            let start = output.count
            for (position, column) in shown.enumerated() {
                let bytes = cell(column)
                let isLast = position == shown.count - 1
                func place(_ text: UnsafeBufferPointer<UInt8>, width: Int) {
                    let padding = widths[column] - width
                    if rightAligned[column] { pad(padding) }
                    output.append(contentsOf: text)
                    if !rightAligned[column], !isLast { pad(padding) }
                    if !isLast { pad(2) }
                }
                if Self.isPlain(bytes) {
                    place(bytes, width: bytes.count)
                } else {
                    var text = TextTable.oneLine(String(decoding: bytes, as: UTF8.self))
                    let width = TextTable.width(text)
                    text.withUTF8 { place($0, width: width) }
                }
            }
            while output.count > start, output.last == UInt8(ascii: " ") { output.removeLast() }
            output.append(UInt8(ascii: "\n"))
        }
        func append(_ cells: [String]) {
            var bytes: [UInt8] = []
            var ranges: [Range<Int>] = []
            for cell in cells {
                let start = bytes.count
                bytes.append(contentsOf: cell.utf8)
                ranges.append(start..<bytes.count)
            }
            bytes.withUnsafeBufferPointer { bytes in appendRow { UnsafeBufferPointer(rebasing: bytes[ranges[$0]]) } }
        }
        append(columns)
        append(widths.map { String(repeating: "-", count: $0) })
        // A row of plain cells, nearly every row, is laid out in a scratch line by copying bytes.
        let lineCapacity = shown.reduce(1) { $0 + widths[$1] + 2 }
        let line = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: lineCapacity)
        defer { line.deallocate() }
        forEachRowBytes { bytes, ranges in
            if shown.allSatisfy({ Self.isPlain(UnsafeBufferPointer(rebasing: bytes[ranges[$0]])) }) {
                var end = 0
                for (position, column) in shown.enumerated() {
                    let cell = UnsafeBufferPointer(rebasing: bytes[ranges[column]])
                    let padding = widths[column] - cell.count
                    let isLast = position == shown.count - 1
                    if rightAligned[column], padding > 0 {
                        line.baseAddress!.advanced(by: end).update(repeating: UInt8(ascii: " "), count: padding)
                        end += padding
                    }
                    if let source = cell.baseAddress, !cell.isEmpty {
                        line.baseAddress!.advanced(by: end).update(from: source, count: cell.count)
                        end += cell.count
                    }
                    if !isLast {
                        let gap = (rightAligned[column] ? 0 : padding) + 2
                        line.baseAddress!.advanced(by: end).update(repeating: UInt8(ascii: " "), count: gap)
                        end += gap
                    }
                }
                while end > 0, line[end - 1] == UInt8(ascii: " ") { end -= 1 }
                line[end] = UInt8(ascii: "\n")
                output.append(contentsOf: UnsafeBufferPointer(rebasing: line[0...end]))
            } else {
                appendRow { UnsafeBufferPointer(rebasing: bytes[ranges[$0]]) }
            }
            if output.count >= 1 << 20 { flush() }
        }
        flush()
    }
}
