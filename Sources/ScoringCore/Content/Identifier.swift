/// The spelling rules for the identifiers that appear in files, commands and the store.
public enum Identifier {
    /// The longest identifier accepted anywhere; long enough for any real id, short enough that a
    /// runaway paste (a 1 MB line) is rejected with a message instead of being stored.
    public static let maximumLength = 64

    /// Whether `text` is a content id: rubric, task, criterion and component ids
    /// (`[a-z0-9][a-z0-9._-]*`, SPEC section 2).
    public static func isContentID(_ text: String) -> Bool {
        matches(text) { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        } rest: { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }

    /// Whether `text` is a roster or session id: students, raters, sessions, groups and
    /// competencies. Districts already have ids like `S-100234`, `j.smith@district.org` or
    /// `ELA.ARG`, so upper case and `@` are allowed (`[A-Za-z0-9][A-Za-z0-9._@-]*`).
    public static func isNameID(_ text: String) -> Bool {
        matches(text) { byte in
            isAlphanumeric(byte)
        } rest: { byte in
            isAlphanumeric(byte) || byte == 0x2E || byte == 0x5F || byte == 0x2D || byte == 0x40
        }
    }

    /// Explains why `text` is not an id of the given kind, or nil when it is one.
    public static func problem(with text: String, kind: String, contentStyle: Bool) -> String? {
        if text.isEmpty { return "\(kind) id is empty" }
        if text.utf8.count > maximumLength {
            return "\(kind) id is longer than \(maximumLength) characters"
        }
        let valid = contentStyle ? isContentID(text) : isNameID(text)
        if valid { return nil }
        let rule = contentStyle
            ? "lower-case ASCII letters (a-z), digits, '.', '_' and '-', starting with a letter or digit"
            : "ASCII letters (A-Z, a-z), digits, '.', '_', '-' and '@', starting with a letter or digit"
        return "\(kind) id '\(Quoting.visible(text))' may contain only \(rule)"
    }

    /// The longest free text a roster holds (a rater's name, a student's school or grade): long
    /// enough for any real one, short enough that a listing stays a listing.
    public static let maximumTextLength = 200

    /// Explains why `text` cannot be a roster's free-text attribute (`what`, e.g. "the name"),
    /// or nil when it can: at most `maximumTextLength` characters, on one line.
    public static func textProblem(with text: String, what: String) -> String? {
        if text.count > maximumTextLength { return "\(what) is longer than \(maximumTextLength) characters" }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "\(what) '\(Quoting.visible(text))' holds a line break or control character"
        }
        return nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    private static func matches(
        _ text: String, first: (UInt8) -> Bool, rest: (UInt8) -> Bool
    ) -> Bool {
        let bytes = text.utf8
        guard let head = bytes.first, bytes.count <= maximumLength, first(head) else { return false }
        return bytes.dropFirst().allSatisfy(rest)
    }
}

/// Renders untrusted text for inclusion in a one-line message.
public enum Quoting {
    /// `text` with control characters escaped and cut to a readable length, so an error message
    /// about a bad value never spans lines or floods the terminal.
    public static func visible(_ text: String, limit: Int = 40) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result += "…"
                break
            }
            switch scalar.value {
            case 0: result += "\\0"
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x01...0x1F, 0x7F: result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }
}
