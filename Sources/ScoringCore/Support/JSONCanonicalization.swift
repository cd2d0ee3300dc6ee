/// Why a value has no canonical form: it is outside I-JSON (RFC 7493), which the JSON
/// Canonicalization Scheme requires.
public enum JSONCanonicalizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// NaN or an infinity, which JSON cannot carry.
    case nonFiniteNumber
    /// An integer that no double holds exactly, so every reader would see another number.
    case inexactInteger(Int)
    /// An object with two members of this name: readers disagree on which one counts.
    case duplicateKey(String)

    public var description: String {
        switch self {
        case .nonFiniteNumber: return "a number that is not finite"
        case .inexactInteger(let value): return "the integer \(value) is beyond what a double holds exactly"
        case .duplicateKey(let key): return "the key \"\(key)\" appears twice in one object"
        }
    }
}

extension JSONValue {
    /// The value in the JSON Canonicalization Scheme (RFC 8785): no whitespace, object members
    /// sorted by the UTF-16 code units of their names (recursively; array order kept), numbers
    /// as ECMAScript writes them, strings escaped as ECMAScript's `JSON.stringify` does.
    ///
    /// Hash or sign the UTF-8 of the result: two producers of the same data get the same bytes,
    /// whatever order they wrote the members in and however they spelled the numbers.
    ///
    /// - Returns: the canonical text; `null`, `true`, `[]` and `{}` for the degenerate values.
    /// - Throws: `JSONCanonicalizationError` for a non-finite number, an integer no double holds
    ///   exactly, or a duplicate key — values RFC 8785 leaves without a canonical form.
    /// - Complexity: O(n log n) in the number of members of the largest object, O(n) otherwise.
    public func canonicalized() throws(JSONCanonicalizationError) -> String {
        var output: [UInt8] = []
        try writeCanonical(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private func writeCanonical(to output: inout [UInt8]) throws(JSONCanonicalizationError) {
        switch self {
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .int(let value):
            // Up to 2^53 every integer is a double whose ECMAScript text is its plain digits.
            if value.magnitude <= 1 << 53 {
                output += String(value).utf8
            } else if let exact = Double(exactly: value), let text = ECMAScriptNumber.string(exact) {
                output += text.utf8
            } else {
                throw .inexactInteger(value)
            }
        case .double(let value):
            guard let text = ECMAScriptNumber.string(value) else { throw .nonFiniteNumber }
            output += text.utf8
        case .string(let value): Self.writeCanonical(value, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try value.writeCanonical(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let pairs):
            // Swift's `<` on strings compares Unicode scalars after normalization; RFC 8785 sorts
            // by raw UTF-16 code units, which differs above U+FFFF and for equivalent spellings.
            let sorted = pairs.sorted { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in sorted.enumerated() {
                if index > 0 {
                    if key.utf16.elementsEqual(sorted[index - 1].0.utf16) { throw .duplicateKey(key) }
                    output.append(UInt8(ascii: ","))
                }
                Self.writeCanonical(key, to: &output)
                output.append(UInt8(ascii: ":"))
                try value.writeCanonical(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// RFC 8785 section 3.2.2.2: the two-character escapes where ECMAScript has them, `\u00xx`
    /// (lowercase hex) for the other control characters, everything else as itself in UTF-8.
    private static func writeCanonical(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case 0x08: output += #"\b"#.utf8
            case 0x09: output += #"\t"#.utf8
            case 0x0A: output += #"\n"#.utf8
            case 0x0C: output += #"\f"#.utf8
            case 0x0D: output += #"\r"#.utf8
            case 0x22: output += #"\""#.utf8
            case 0x5C: output += #"\\"#.utf8
            case 0..<0x20:
                output += #"\u00"#.utf8
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
