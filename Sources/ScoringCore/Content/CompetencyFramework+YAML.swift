extension CompetencyFramework {
    /// The framework as `TaskBank/competencies.yaml` text (SPEC section 4), which `parse` reads
    /// back to an equal framework.
    ///
    /// Framework-wide roll-up settings come first, then one block per competency with only the
    /// keys it sets: a rule left to the framework's default stays unwritten, so it keeps
    /// following the default.
    ///
    /// - Parameter comments: lines written at the top as `#` comments; line breaks in them
    ///   are written as spaces.
    public func yaml(comments: [String] = []) -> String {
        var lines = comments.map { "# " + $0.map { $0.isNewline ? " " : String($0) }.joined() }
        lines.append("framework: \(Self.scalar(name))")
        if let caseDocument {
            var fields = [("identifier", caseDocument.identifier), ("uri", caseDocument.uri)]
            if let title = caseDocument.title { fields.append(("title", title)) }
            lines.append("case: \(Self.flowMapping(fields))")
        }
        lines.append("method: \(method.rawValue)")
        lines.append("weight: \(Format.number(weight))")
        lines.append("times: \(times)")
        lines.append("competencies:")
        for competency in competencies {
            lines.append("  - id: \(Self.scalar(competency.id))")
            lines.append("    name: \(Self.scalar(competency.name))")
            lines.append("    proficient_at: \(Format.number(competency.proficientAt))")
            if competency.required { lines.append("    required: true") }
            if let method = competency.method { lines.append("    method: \(method.rawValue)") }
            if let weight = competency.weight { lines.append("    weight: \(Format.number(weight))") }
            if let times = competency.times { lines.append("    times: \(times)") }
            if let parent = competency.parent { lines.append("    parent: \(Self.scalar(parent))") }
            if let item = competency.caseItem {
                lines.append("    case: \(Self.flowMapping([("identifier", item.identifier), ("uri", item.uri)]))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{ key: "value", … }`, every value double-quoted: inside a flow mapping a URI's `:`, `,`
    /// and `#` would otherwise need care.
    private static func flowMapping(_ fields: [(String, String)]) -> String {
        "{ " + fields.map { "\($0.0): \(quoted($0.1))" }.joined(separator: ", ") + " }"
    }

    /// `text` plain where YAML reads it back unchanged (letters first, then letters, digits,
    /// spaces and `._@-()/`), double-quoted otherwise.
    private static func scalar(_ text: String) -> String {
        let plainWords: Set<String> = ["null", "Null", "NULL", "~"]
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
            text.unicodeScalars.allSatisfy({ scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " ._@-()/".unicodeScalars.contains(scalar))
            }),
            text.last != " ", !plainWords.contains(text)
        else { return quoted(text) }
        return text
    }

    /// A YAML double-quoted scalar, with every character YAML does not allow in a stream as it
    /// is (controls, U+FEFF, U+FFFE, U+FFFF) or would read as a line break (NEL, U+2028,
    /// U+2029) escaped, and line feeds as `\n`.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0x0A: result += "\\n"
            case 0x09: result += "\\t"
            case 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...:
                result.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += scalar.value > 0xFFFF
                    ? "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                    : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return result + "\""
    }
}
