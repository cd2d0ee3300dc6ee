/// RFC 4180 CSV, read over raw bytes and written with minimal quoting.
///
/// The reader works on a byte buffer and hands out each record's fields as byte ranges, so a
/// million-row import does not create a million strings it will only compare and throw away.
public struct CSVReader {
    /// What is wrong with a record, and on which line it starts.
    public struct Problem: Error, Equatable, Sendable {
        public var line: Int
        public var message: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    /// The 1-based line the next record starts on.
    public private(set) var line = 1
    /// Unquoted field contents for fields that contained `""`, which cannot be a plain range.
    private var unescaped: [UInt8] = []

    /// One field of the current record: a range into the input, or into the unescape buffer.
    public struct Field {
        public var start: Int
        public var end: Int
        public var escaped: Bool
    }

    public private(set) var fields: [Field] = []
    /// The line the current record started on.
    public private(set) var recordLine = 0
    /// How many bytes of the input have been read: everything before this offset is behind the
    /// reader (a caller may let a mapped file's pages go).
    public var offset: Int { position }

    /// - Parameter bytes: the whole file; it must outlive the reader.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte-order mark, as spreadsheets write, is not part of the first field.
        position = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Reads the next record into `fields`.
    ///
    /// - Returns: false at the end of the input.
    /// - Throws: `Problem` for a quote that is never closed or text after a closing quote; the
    ///   reader then continues with the next line, so every bad line can be reported.
    public mutating func next() throws(Problem) -> Bool {
        fields.removeAll(keepingCapacity: true)
        unescaped.removeAll(keepingCapacity: true)
        guard position < bytes.count else { return false }
        recordLine = line
        while true {
            if position < bytes.count, bytes[position] == 0x22 {
                try readQuotedField()
            } else {
                let start = position
                position = Self.plainBytes(in: bytes, from: position)
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == 0x2C || byte == 0x0A || byte == 0x0D { break }
                    if byte == 0x22 {
                        skipRestOfRecord()
                        throw Problem(line: recordLine, message: "a double quote inside an unquoted field; quote the field and double the quote")
                    }
                    position += 1
                }
                fields.append(Field(start: start, end: position, escaped: false))
            }
            if position >= bytes.count { return true }
            let byte = bytes[position]
            position += 1
            if byte == 0x2C { continue }
            if byte == 0x0D, position < bytes.count, bytes[position] == 0x0A { position += 1 }
            line += 1
            return true
        }
    }

    /// Where the plain bytes from `start` end, found eight at a time: the first comma, quote,
    /// CR or LF, or a point less than eight bytes from the end (the caller reads on byte by
    /// byte from there, as from any point before the first such byte).
    @inline(__always)
    private static func plainBytes(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let raw = UnsafeRawPointer(base)
        var position = start
        while position + 8 <= bytes.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            // The lowest flagged byte of each test is exact, so the lowest of all four is the
            // first byte that ends the field.
            let found = zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C) | zeroBytes(word ^ 0x2222_2222_2222_2222)
                | zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A) | zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D)
            if found != 0 { return position + found.trailingZeroBitCount / 8 }
            position += 8
        }
        return position
    }

    /// The high bit of each zero byte of `word` set (and possibly of bytes above the lowest).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    private mutating func readQuotedField() throws(Problem) {
        position += 1
        let start = position
        var hasDoubledQuote = false
        while true {
            guard position < bytes.count else {
                throw Problem(line: recordLine, message: "a quoted field is never closed")
            }
            let byte = bytes[position]
            if byte == 0x22 {
                if position + 1 < bytes.count, bytes[position + 1] == 0x22 {
                    hasDoubledQuote = true
                    position += 2
                    continue
                }
                break
            }
            if byte == 0x0A { line += 1 }
            position += 1
        }
        let end = position
        position += 1
        if position < bytes.count {
            let after = bytes[position]
            if after != 0x2C && after != 0x0A && after != 0x0D {
                skipRestOfRecord()
                throw Problem(line: recordLine, message: "text after the closing quote of a field")
            }
        }
        guard hasDoubledQuote else {
            fields.append(Field(start: start, end: end, escaped: false))
            return
        }
        // Each doubled quote stands for one quote: copy the field with them collapsed.
        let copyStart = unescaped.count
        var index = start
        while index < end {
            let byte = bytes[index]
            unescaped.append(byte)
            index += byte == 0x22 ? 2 : 1
        }
        fields.append(Field(start: copyStart, end: unescaped.count, escaped: true))
    }

    /// After a malformed field, resumes at the next line: quotes in a record already known to
    /// be broken cannot be trusted to say where it ends, and one bad line must not hide the rest.
    private mutating func skipRestOfRecord() {
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == 0x0A {
                line += 1
                return
            }
        }
    }

    /// Calls `body` with the bytes of field `index` of the current record.
    public func withBytes<R>(of index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let field = fields[index]
        if field.escaped {
            return try unescaped.withUnsafeBufferPointer { buffer in
                try body(UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]))
            }
        }
        return try body(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
    }

    /// Whether field `index` of the current record has the same bytes as `field` (a field of an
    /// earlier record, which stays valid: fields point into the whole input).
    public func field(_ index: Int, equals field: Field) -> Bool {
        let current = fields[index]
        guard !current.escaped, !field.escaped else { return false }
        let count = current.end - current.start
        guard count == field.end - field.start else { return false }
        guard count > 0, let base = bytes.baseAddress else { return true }
        // Eight bytes at a time: ids are mostly 6 to 20 bytes long, and this runs for every
        // repeated column of every row.
        let left = UnsafeRawPointer(base + current.start), right = UnsafeRawPointer(base + field.start)
        var offset = 0
        while offset + 8 <= count {
            if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < count {
            if left.load(fromByteOffset: offset, as: UInt8.self) != right.load(fromByteOffset: offset, as: UInt8.self) { return false }
            offset += 1
        }
        return true
    }

    /// Field `index` as text, or nil when it is not valid UTF-8 or holds a NUL byte.
    public func string(_ index: Int) -> String? {
        withBytes(of: index) { String(text: $0) }
    }
}

/// Writes CSV records with RFC 4180 quoting: a field is quoted only when it holds a comma, a
/// quote, a line break, or leading or trailing spaces that a spreadsheet would otherwise eat.
public enum CSVWriter {
    public static func record(_ fields: [String]) -> String {
        var line = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { line += "," }
            line += quoted(field)
        }
        return line
    }

    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        var quotedField = "\""
        for character in field {
            if character == "\"" { quotedField += "\"\"" } else { quotedField.append(character) }
        }
        quotedField += "\""
        return quotedField
    }
}
