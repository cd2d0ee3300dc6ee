import Yams

/// Typed, line-aware access to the nodes of one YAML file, so every parser reports problems as
/// `file:line: what is wrong` and none of them repeats the plumbing.
struct YAMLFields {
    let file: String
    /// The mapping's entries, in file order.
    let entries: [(key: String, value: Node, line: Int?)]
    /// The line of the mapping itself, for problems about a missing key.
    let line: Int?
    /// What the mapping is, for messages: "rubric", "criterion 'claim'", …
    let context: String

    /// Parses `text` and returns its top-level mapping.
    static func document(_ text: String, file: String, context: String) throws -> YAMLFields {
        let root: Node?
        do {
            // Plain text scalars: the fields read them as text (`int`, `bool` parse it), so the
            // default resolver's regular expressions per scalar are start-up time for nothing.
            // The encoding is named: Yams's default copies the whole environment, per file, to
            // look for an override (a twentieth of a shell's start-up).
            root = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            throw ContentError(file: file, line: error.line, message: error.summary)
        } catch {
            throw ContentError(file: file, line: nil, message: "cannot read YAML: \(error)")
        }
        guard let root else {
            throw ContentError(file: file, line: nil, message: "the file is empty")
        }
        return try mapping(root, file: file, context: context)
    }

    static func mapping(_ node: Node, file: String, context: String) throws -> YAMLFields {
        guard case .mapping(let mapping) = node else {
            throw ContentError(
                file: file, line: node.mark?.line, message: "\(context) must be a mapping of keys to values")
        }
        var entries: [(key: String, value: Node, line: Int?)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw ContentError(file: file, line: key.mark?.line, message: "\(context) has a key that is not text")
            }
            entries.append((scalar.string, value, key.mark?.line))
        }
        return YAMLFields(file: file, entries: entries, line: node.mark?.line, context: context)
    }

    func error(_ message: String, at line: Int?) -> ContentError {
        ContentError(file: file, line: line ?? self.line, message: message)
    }

    /// Rejects keys outside `allowed`, suggesting the nearest allowed key: a misspelt optional key
    /// would otherwise be silently ignored, and a rubric would decide with the default instead.
    func requireOnly(_ allowed: [String]) throws {
        for entry in entries where !allowed.contains(entry.key) {
            var message = "\(context) has unknown key '\(Quoting.visible(entry.key))'"
            if let near = Suggestion.nearest(to: entry.key, among: allowed) { message += "; did you mean '\(near)'?" }
            throw error(message, at: entry.line)
        }
    }

    func node(_ key: String) -> (value: Node, line: Int?)? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        if case .scalar(let scalar) = entry.value, scalar.isNull { return nil }
        return (entry.value, entry.value.mark?.line ?? entry.line)
    }

    func lineOf(_ key: String) -> Int? {
        node(key)?.line ?? line
    }

    func required(_ key: String) throws -> (value: Node, line: Int?) {
        guard let found = node(key) else { throw error("\(context) has no '\(key)'", at: line) }
        return found
    }

    func string(_ key: String) throws -> String? {
        guard let (value, line) = node(key) else { return nil }
        guard case .scalar(let scalar) = value else { throw error("'\(key)' must be text", at: line) }
        return scalar.string
    }

    func requiredString(_ key: String) throws -> String {
        let (value, line) = try required(key)
        guard case .scalar(let scalar) = value else { throw error("'\(key)' must be text", at: line) }
        let text = scalar.string.trimmingWhitespace
        if text.isEmpty { throw error("'\(key)' is empty", at: line) }
        return text
    }

    func integer(_ key: String) throws -> Int? {
        guard let (value, line) = node(key) else { return nil }
        return try YAMLFields.integer(value, file: file, line: line, what: "'\(key)'")
    }

    func number(_ key: String) throws -> Double? {
        guard let (value, line) = node(key) else { return nil }
        return try YAMLFields.number(value, file: file, line: line, what: "'\(key)'")
    }

    func bool(_ key: String) throws -> Bool? {
        guard let (value, line) = node(key) else { return nil }
        guard case .scalar(let scalar) = value else { throw error("'\(key)' must be true or false", at: line) }
        switch scalar.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw error("'\(key)' must be true or false, not '\(Quoting.visible(scalar.string))'", at: line)
        }
    }

    func sequence(_ key: String) throws -> [Node]? {
        guard let (value, line) = node(key) else { return nil }
        guard case .sequence(let sequence) = value else { throw error("'\(key)' must be a list", at: line) }
        return Array(sequence)
    }

    func mapping(_ key: String, context: String) throws -> YAMLFields? {
        guard let (value, _) = node(key) else { return nil }
        return try YAMLFields.mapping(value, file: file, context: context)
    }

    static func integer(_ node: Node, file: String, line: Int?, what: String) throws -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.trimmingWhitespace) else {
            throw ContentError(file: file, line: line, message: "\(what) must be a whole number, not \(describe(node))")
        }
        return value
    }

    static func number(_ node: Node, file: String, line: Int?, what: String) throws -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingWhitespace),
            value.isFinite
        else {
            throw ContentError(file: file, line: line, message: "\(what) must be a number, not \(describe(node))")
        }
        return value
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "'\(Quoting.visible(scalar.string))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

extension Node.Scalar {
    var isNull: Bool {
        guard style == .plain || style == .any else { return false }
        return string.isEmpty || string == "~" || string == "null" || string == "Null" || string == "NULL"
    }
}

extension YamlError {
    /// The line a parse error is on, when libyaml knows it.
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        default:
            return nil
        }
    }

    /// The problem in one line, without libyaml's multi-line source snippet.
    var summary: String {
        switch self {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return "malformed YAML: \(prefix)\(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "malformed YAML: duplicate key \(keys)"
        case .reader(let problem, _, _, _):
            return "malformed YAML: \(problem)"
        case .dataCouldNotBeDecoded:
            return "the file is not UTF-8 text"
        default:
            return "malformed YAML: \(self)"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (spaces, tabs, line breaks).
    public var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
