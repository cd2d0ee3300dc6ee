import Foundation
import ScoringCore

/// A scores file in JSON, as `export scores FILE.json` writes it: an array of reads, each
/// `{"student","task","component","rater","kind","session","scores":{CRITERION:LEVEL},"code",
/// "scored_at","note"}` (`component`, `kind`, `session`, `code`, `scored_at` and `note` may be
/// left out or `null`).
///
/// It is turned into the scores CSV the importer already validates, one row per criterion (one
/// row for a coded read), so both formats obey exactly the same rules; each CSV line remembers
/// the read it came from, and problems are reported as `read N` of the array.
struct ScoresJSON {
    /// The CSV text, header first.
    var csv = CSVWriter.record(["student", "task", "component", "rater", "kind", "session", "criterion", "score", "scored_at", "note", "code"]) + "\n"
    /// The 1-based read each CSV record came from, by the line the record starts on.
    var origins: [Int: Int] = [:]
    /// The line the next record starts on (a note may hold line breaks).
    private var nextLine = 2
    /// How many reads the array holds.
    var reads = 0
    /// Problems with the JSON's shape, as (read, message).
    var problems: [(read: Int, message: String)] = []

    static let keys = ["student", "task", "component", "rater", "kind", "session", "scores", "code", "scored_at", "note"]

    /// Whether `data` is JSON rather than CSV: a scores CSV starts with its header, JSON with `[`.
    static func looksLikeJSON(_ data: Data, path: String) -> Bool {
        if path.lowercased().hasSuffix(".json") { return true }
        let first = data.prefix(4096).first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        return first == UInt8(ascii: "[")
    }

    /// Converts `data`, or throws `StoreError` naming `name` when it is not JSON at all.
    init(_ data: Data, name: String) throws {
        guard var text = String(data: data, encoding: .utf8) else {
            throw StoreError("\(name): the file is not UTF-8 text; nothing was imported")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let document: JSONValue
        do {
            document = try JSONValue.parse(text)
        } catch {
            throw StoreError("\(name):\(error.line): \(error.message) (column \(error.column)); nothing was imported")
        }
        guard case .array(let elements) = document else {
            throw StoreError("\(name): expected an array of reads, as 'export scores FILE.json' writes; nothing was imported")
        }
        for (offset, element) in elements.enumerated() {
            convert(element, read: offset + 1)
        }
        reads = elements.count
    }

    private mutating func convert(_ element: JSONValue, read: Int) {
        guard case .object(let pairs) = element else {
            problems.append((read, "expected an object with student, task, rater and scores"))
            return
        }
        var fields: [String: JSONValue] = [:]
        for (key, value) in pairs {
            guard Self.keys.contains(key) else {
                var message = "unknown key '\(Quoting.visible(key))'"
                if let near = Suggestion.nearest(to: key, among: Self.keys) { message += "; did you mean '\(near)'?" }
                problems.append((read, message))
                continue
            }
            if fields[key] != nil { problems.append((read, "key '\(key)' appears twice")) }
            fields[key] = value
        }
        var text: [String: String] = [:]
        for key in Self.keys where key != "scores" {
            switch fields[key] {
            case nil, .null?: text[key] = ""
            case .string(let value)?: text[key] = value
            case let other?: problems.append((read, "'\(key)' must be text, not \(Self.describe(other))"))
            }
        }
        for key in ["student", "task", "rater"] where text[key, default: ""].isEmpty {
            problems.append((read, "'\(key)' is missing"))
        }
        var scores: [(String, String)] = []
        switch fields["scores"] {
        case .object(let entries)?:
            for (criterion, value) in entries {
                switch value {
                case .int(let score): scores.append((criterion, String(score)))
                case .double(let score) where score.rounded() == score && abs(score) < 1e15: scores.append((criterion, String(Int(score))))
                case let other: problems.append((read, "the score of '\(Quoting.visible(criterion))' must be a whole number, not \(Self.describe(other))"))
                }
            }
        case nil, .null?: break
        case let other?: problems.append((read, "'scores' must be an object of criterion: level, not \(Self.describe(other))"))
        }
        let coded = !text["code", default: ""].isEmpty
        if scores.isEmpty, !coded { problems.append((read, "'scores' is missing (or give a 'code')")) }
        // A coded read is one row with no criterion or score; the importer reports scores given
        // with a code.
        for (criterion, score) in coded && scores.isEmpty ? [("", "")] : scores {
            let record = CSVWriter.record([
                text["student"]!, text["task"]!, text["component"]!, text["rater"]!, text["kind"]!, text["session"]!,
                criterion, score, text["scored_at"]!, text["note"]!, text["code"]!,
            ]) + "\n"
            csv += record
            origins[nextLine] = read
            nextLine += record.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let string): return "'\(Quoting.visible(string))'"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
