/// A JSON Pointer (RFC 6901) into a command's `--format json` result: where a number on a page
/// comes from. Pages carry it as `data-json`, so a reader (or a test) can check every number
/// against the command named by the nearest `data-command`.
struct Pointer: Sendable, Equatable, CustomStringConvertible {
    private(set) var tokens: [String]

    init(_ tokens: [String] = []) {
        self.tokens = tokens
    }

    static let root = Pointer()

    static func / (pointer: Pointer, key: String) -> Pointer {
        Pointer(pointer.tokens + [key])
    }

    static func / (pointer: Pointer, index: Int) -> Pointer {
        Pointer(pointer.tokens + [String(index)])
    }

    /// `/0/ci/cohen_kappa/1`; `~` and `/` inside a key as `~0` and `~1`.
    var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }
}

/// Where a shown value comes from.
enum Source: Sendable {
    /// The value at `pointer` in the JSON of the figure's command, or of `command` when given.
    case json(Pointer, command: String? = nil)
    /// Worked out from the command's JSON as SPEC 14 says (`wilson-low`, `wilson-high`, `gap`)
    /// or as the page says (`histogram`: elements whose measure falls in the row's bin), from
    /// the object or array at `pointer`.
    case derived(String, from: Pointer?, command: String? = nil, detail: String? = nil)
    /// A setting of the content (a task's scoring plan), named by its path in the file.
    case setting(String)
    /// The name of the key at `pointer`: a row named after a JSON key (`icc1` as `ICC(1,1)`).
    case key(Pointer)

    /// The attributes that say so on the element showing the value.
    var attributes: String {
        switch self {
        case .json(let pointer, let command):
            return " data-json=\"\(HTML.attribute(pointer.description))\"" + Self.command(command)
        case .derived(let kind, let pointer, let command, let detail):
            var text = " data-derived=\"\(HTML.attribute(kind))\""
            if let pointer { text += " data-from=\"\(HTML.attribute(pointer.description))\"" }
            if let detail { text += " data-detail=\"\(HTML.attribute(detail))\"" }
            return text + Self.command(command)
        case .setting(let path):
            return " data-setting=\"\(HTML.attribute(path))\""
        case .key(let pointer):
            return " data-key=\"\(HTML.attribute(pointer.description))\""
        }
    }

    private static func command(_ command: String?) -> String {
        command.map { " data-command=\"\(HTML.attribute($0))\"" } ?? ""
    }
}
