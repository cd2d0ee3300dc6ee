extension JSONValue {
    /// What is wrong with a JSON text, and where: the 1-based line, and the column in UTF-8
    /// bytes from the start of that line.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String

        public init(line: Int, column: Int, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }

        /// `line:column: message`, as editors and compilers write it.
        public var description: String { "\(line):\(column): \(message)" }
    }

    /// Nesting beyond this is refused rather than followed, so a hostile file of a million `[`
    /// cannot exhaust the stack.
    public static let maximumDepth = 512

    /// Parses JSON text strictly by RFC 8259, and within I-JSON (RFC 7493) where a signature
    /// depends on it: what one reader accepts every reader must read the same way.
    ///
    /// Refused: anything after the value, a byte-order mark, comments, trailing commas, single
    /// quotes, unescaped control characters in strings, leading zeros, `NaN` and `Infinity`,
    /// numbers too large for a double, escapes of a lone UTF-16 surrogate, duplicate keys in
    /// one object (compared by code units, not by Unicode equivalence) and nesting deeper than
    /// `maximumDepth`.
    ///
    /// - Parameter text: the whole document; any JSON value may be the top level.
    /// - Returns: the value, with object members in the order the text gives them. A number
    ///   without fraction or exponent that fits an `Int` is `.int`; every other number `.double`.
    /// - Throws: `ParseError` at the first problem.
    /// - Complexity: O(n) in the length of the text, plus O(m log m) hashing per object of m keys.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, ParseError> = text.withUTF8 { bytes in
            var parser = JSONParser(bytes)
            return Result { () throws(ParseError) in try parser.document() }
        }
        return try result.get()
    }
}

/// A recursive-descent reader over the UTF-8 of one JSON text.
private struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws(JSONValue.ParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw problem("a byte-order mark; JSON text starts with its value") }
        skipWhitespace()
        let value = try value()
        skipWhitespace()
        guard position == bytes.count else { throw problem("text after the JSON value") }
        return value
    }

    private mutating func value() throws(JSONValue.ParseError) -> JSONValue {
        guard position < bytes.count else { throw problem("the text ends where a value should be") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw problem("not a JSON value")
        }
    }

    private mutating func object() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        position += 1
        var pairs: [(String, JSONValue)] = []
        // Keys as UTF-8: Swift's String equality would call "é" and "e\u{301}" the same key.
        var keys: Set<[UInt8]> = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(pairs)
        }
        repeat {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw problem("expected a key in double quotes")
            }
            let keyStart = position
            let key = try string()
            guard keys.insert(Array(key.utf8)).inserted else {
                position = keyStart
                throw problem("the key \"\(key)\" appears twice in this object")
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw problem("expected ':' after the key") }
            skipWhitespace()
            pairs.append((key, try value()))
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw problem("expected ',' or '}' in an object") }
        depth -= 1
        return .object(pairs)
    }

    private mutating func array() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        position += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(values)
        }
        repeat {
            skipWhitespace()
            values.append(try value())
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw problem("expected ',' or ']' in an array") }
        depth -= 1
        return .array(values)
    }

    private mutating func enter() throws(JSONValue.ParseError) {
        depth += 1
        if depth > JSONValue.maximumDepth { throw problem("nested deeper than \(JSONValue.maximumDepth) levels") }
    }

    /// A string from its opening quote; the text is valid UTF-8 already (it came from a String),
    /// so only escapes and control characters need a look.
    private mutating func string() throws(JSONValue.ParseError) -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw problem("a control character in a string; write it as an escape") }
            position += 1
        }
        // Escapes: copy what came so far and decode the rest one piece at a time.
        var decoded = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case 0..<0x20:
                throw problem("a control character in a string; write it as an escape")
            default:
                decoded.append(byte)
                position += 1
            }
        }
        throw problem("a string is never closed")
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(JSONValue.ParseError) {
        guard position + 1 < bytes.count else { throw problem("a string is never closed") }
        let letter = bytes[position + 1]
        let simple: UInt8? =
            switch letter {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            case UInt8(ascii: "/"): 0x2F
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            decoded.append(simple)
            position += 2
            return
        }
        guard letter == UInt8(ascii: "u") else { throw problem("an unknown escape in a string") }
        let unit = try hexUnit()
        var code = unit
        if (0xD800..<0xDC00).contains(unit) {
            // A character beyond U+FFFF is escaped as a pair: high surrogate, then low.
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
            else { throw problem("a \\u escape of a lone surrogate, which is no character") }
            let low = try hexUnit()
            guard (0xDC00..<0xE000).contains(low) else {
                throw problem("a \\u escape of a lone surrogate, which is no character")
            }
            code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw problem("a \\u escape of a lone surrogate, which is no character")
        }
        decoded.append(contentsOf: String(scalar).utf8)
    }

    /// `\uXXXX` at `position`, moving past it.
    private mutating func hexUnit() throws(JSONValue.ParseError) -> UInt32 {
        guard position + 6 <= bytes.count else { throw problem("a \\u escape needs four hex digits") }
        var unit: UInt32 = 0
        for offset in 2..<6 {
            let byte = bytes[position + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw problem("a \\u escape needs four hex digits")
            }
            unit = unit << 4 | UInt32(digit)
        }
        position += 6
        return unit
    }

    /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(JSONValue.ParseError) -> JSONValue {
        let start = position
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            if position < bytes.count, isDigit(bytes[position]) { throw problem("a number with a leading zero") }
        } else if digits() == 0 {
            throw problem("a '-' without digits")
        }
        var integral = true
        if consume(UInt8(ascii: ".")) {
            integral = false
            guard digits() > 0 else { throw problem("a decimal point without digits after it") }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            integral = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw problem("an exponent without digits") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if integral, let value = Int(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else {
            position = start
            throw problem("a number too large for a double")
        }
        return .double(value)
    }

    /// Moves past a run of decimal digits and says how many there were.
    private mutating func digits() -> Int {
        let start = position
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        return position - start
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONValue.ParseError) -> JSONValue {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes[position...].starts(with: expected) else { throw problem("not a JSON value") }
        position += expected.count
        return value
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// RFC 8259 whitespace: space, tab, line feed and carriage return — nothing else.
    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// A `ParseError` at the current position.
    private func problem(_ message: String) -> JSONValue.ParseError {
        var line = 1
        var lineStart = 0
        for index in 0..<min(position, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return JSONValue.ParseError(line: line, column: position - lineStart + 1, message: message)
    }
}
