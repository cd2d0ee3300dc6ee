/// One row of a `COPY … TO STDOUT` in PostgreSQL's text format, split into its fields.
///
/// The row is copied into a buffer the reader keeps and reuses, and escaped fields are undone in
/// place (unescaping only shortens them), so reading a million rows allocates nothing per row.
struct PostgresTextRow {
    private var bytes: [UInt8] = []
    /// Field `i` is `bytes[starts[i]..<ends[i]]`; a start of -1 is NULL.
    private var starts: [Int] = []
    private var ends: [Int] = []

    /// The number of fields of the row loaded.
    var count: Int { starts.count }

    /// Reads `row` (tab-separated fields ending with a newline, as `copyOut` hands them over).
    mutating func load(_ row: UnsafeRawBufferPointer) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: row)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var start = 0
        var index = 0
        var escaped = false
        while true {
            if index == bytes.count || bytes[index] == UInt8(ascii: "\t") {
                close(start, index, escaped: escaped)
                if index == bytes.count { break }
                index += 1
                start = index
                escaped = false
            } else if bytes[index] == UInt8(ascii: "\\") {
                // The escaped byte is never a separator: a tab in a value is written `\t`.
                escaped = true
                index = min(index + 2, bytes.count)
            } else {
                index += 1
            }
        }
    }

    private mutating func close(_ start: Int, _ end: Int, escaped: Bool) {
        if end - start == 2, bytes[start] == UInt8(ascii: "\\"), bytes[start + 1] == UInt8(ascii: "N") {
            starts.append(-1)
            ends.append(-1)
            return
        }
        starts.append(start)
        ends.append(escaped ? unescape(start, end) : end)
    }

    /// Undoes the text format's backslash escapes of `bytes[start..<end]` in place; returns the new end.
    private mutating func unescape(_ start: Int, _ end: Int) -> Int {
        var read = start
        var write = start
        while read < end {
            var byte = bytes[read]
            read += 1
            if byte == UInt8(ascii: "\\"), read < end {
                let next = bytes[read]
                read += 1
                switch next {
                case UInt8(ascii: "b"): byte = 0x08
                case UInt8(ascii: "f"): byte = 0x0C
                case UInt8(ascii: "n"): byte = 0x0A
                case UInt8(ascii: "r"): byte = 0x0D
                case UInt8(ascii: "t"): byte = 0x09
                case UInt8(ascii: "v"): byte = 0x0B
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(next - UInt8(ascii: "0"))
                    var digits = 1
                    while digits < 3, read < end, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[read]) {
                        value = value * 8 + Int(bytes[read] - UInt8(ascii: "0"))
                        read += 1
                        digits += 1
                    }
                    byte = UInt8(truncatingIfNeeded: value)
                default: byte = next
                }
            }
            bytes[write] = byte
            write += 1
        }
        return write
    }

    /// Calls `body` with a view of the row's fields, valid only inside it.
    func withFields<R>(_ body: (Fields) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { buffer in
            try body(Fields(buffer: buffer, starts: starts, ends: ends))
        }
    }

    /// The row's fields as text; nil for NULL.
    var strings: [String?] {
        withFields { fields in (0..<fields.count).map { fields.string($0) } }
    }

    struct Fields {
        let buffer: UnsafeBufferPointer<UInt8>
        let starts: [Int]
        let ends: [Int]

        var count: Int { starts.count }

        /// Field `index`'s bytes; empty for NULL or a missing field.
        subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
            guard index < starts.count, starts[index] >= 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(rebasing: buffer[starts[index]..<ends[index]])
        }

        func isNull(_ index: Int) -> Bool { index >= starts.count || starts[index] < 0 }

        func string(_ index: Int) -> String? {
            isNull(index) ? nil : String(decoding: self[index], as: UTF8.self)
        }
    }
}
