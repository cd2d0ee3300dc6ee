/// Text and attribute values made safe to put in a page.
///
/// Pages are written so that an XML parser reads them too (every element closed, attributes
/// quoted, only the five entities XML knows): tests parse them strictly, and so can anyone's tools.
enum HTML {
    /// `text` as element content: `&`, `<` and `>` escaped, and characters no page may hold
    /// (controls other than tab and line breaks, lone surrogates cannot occur in a Swift
    /// `String`) replaced by U+FFFD.
    static func text(_ text: String) -> String {
        escaped(text, quotes: false)
    }

    /// `value` as a double-quoted attribute value: as `text`, and `"` and `'` escaped too.
    static func attribute(_ value: String) -> String {
        escaped(value, quotes: true)
    }

    private static func escaped(_ text: String, quotes: Bool) -> String {
        // Plain text, by far the common case, goes through as it is.
        if !text.unicodeScalars.contains(where: { needsEscape($0, quotes: quotes) }) { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where quotes: output += "&quot;"
            case "'" where quotes: output += "&#39;"
            default:
                if isForbidden(scalar) {
                    output.unicodeScalars.append("\u{FFFD}")
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, quotes: Bool) -> Bool {
        switch scalar {
        case "&", "<", ">": true
        case "\"", "'": quotes
        default: isForbidden(scalar)
        }
    }

    /// Characters neither XML 1.0 nor HTML allows in a document: C0 controls other than tab,
    /// line feed and carriage return, DEL to the C1 controls, and the non-characters U+FFFE/F.
    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if (0x7F...0x9F).contains(value) { return true }
        return value == 0xFFFE || value == 0xFFFF
    }
}
