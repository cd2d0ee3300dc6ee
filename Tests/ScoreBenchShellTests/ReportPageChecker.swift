import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A report page parsed strictly (as XML: every element closed, every attribute quoted, only
/// XML's own entities), as a flat list of elements with their text and ancestors.
struct PageDocument {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// Every character inside it, descendants' too.
        var text = ""
        /// Indexes of its ancestors, nearest first.
        var ancestors: [Int]

        var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }
    }

    var elements: [Element] = []
    var source: String

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    init(file: URL) throws {
        source = try String(contentsOf: file, encoding: .utf8)
        let parser = XMLParser(data: Data(source.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse() else {
            throw ParseError(description: "\(file.lastPathComponent) is not well-formed at line \(parser.lineNumber), column \(parser.columnNumber): \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        elements = builder.elements
    }

    /// The nearest value of `attribute` on the element or an ancestor.
    func inherited(_ attribute: String, of index: Int) -> String? {
        if let value = elements[index].attributes[attribute] { return value }
        for ancestor in elements[index].ancestors {
            if let value = elements[ancestor].attributes[attribute] { return value }
        }
        return nil
    }

    func isInside(_ name: String, _ index: Int) -> Bool {
        elements[index].ancestors.contains { elements[$0].name == name }
    }

    /// Where the element's value comes from: its own `data-json`, or its row's and column's.
    func pointer(_ index: Int) -> String? {
        elements[index].attributes["data-json"] ?? fieldPointer(of: index)
    }

    /// The elements whose value comes from a pointer ending in `suffix`.
    func sourced(endingIn suffix: String) -> [Element] {
        elements.indices.filter { pointer($0)?.hasSuffix(suffix) == true }.map { elements[$0] }
    }

    /// A table cell's pointer when it is a field of its row's object: the row's `data-json`
    /// and the `data-field` of its column's heading.
    func fieldPointer(of index: Int) -> String? {
        let element = elements[index]
        guard element.name == "td" || element.name == "th", let row = element.ancestors.first, elements[row].name == "tr",
            let object = elements[row].attributes["data-json"],
            let table = element.ancestors.first(where: { elements[$0].name == "table" })
        else { return nil }
        let column = elements.indices.filter { $0 < index && elements[$0].ancestors.first == row }.count
        let headings = elements.indices.filter { candidate in
            elements[candidate].name == "th" && elements[candidate].ancestors.contains(table) && isInside("thead", candidate)
        }
        guard column < headings.count, let field = elements[headings[column]].attributes["data-field"] else { return nil }
        return object + field
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements.append(Element(name: name, attributes: attributes, ancestors: open.reversed()))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            for index in open { elements[index].text += string }
        }
    }
}

/// Checks a report page against the JSON of the commands it names: every element that says where
/// its value comes from (`data-json`, `data-derived`, `data-key`, `data-setting`) shows that value,
/// and every number in a table cell or a chart's text says where it comes from.
struct ReportPageChecker {
    let folder: URL
    /// Arguments before each command, e.g. `--as r-1`: the JSON is what the same identity sees.
    var arguments: [String] = []
    /// Values of `data-setting` paths (the content's settings the page shows).
    var settings: [String: Double] = [:]
    private var results: [String: Any] = [:]

    init(folder: URL, arguments: [String] = [], settings: [String: Double] = [:]) {
        self.folder = folder
        self.arguments = arguments
        self.settings = settings
    }

    /// The command's JSON result, run once.
    mutating func json(_ command: String) throws -> Any {
        if let known = results[command] { return known }
        let run = try Harness.run(arguments + ["--format", "json", "-c", command], in: folder)
        #expect(run.status == 0, "\(command): \(run.stderr)")
        let value = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8), options: [.fragmentsAllowed])
        results[command] = value
        return value
    }

    /// What a JSON Pointer names; `.missing` when it names nothing.
    enum Resolved {
        case value(Any)
        case missing
    }

    static func resolve(_ pointer: String, in root: Any) -> Resolved {
        guard !pointer.isEmpty else { return .value(root) }
        var current = root
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = current as? [String: Any], let next = object[key] {
                current = next
            } else if let array = current as? [Any], let index = Int(key), array.indices.contains(index) {
                current = array[index]
            } else {
                return .missing
            }
        }
        return .value(current)
    }

    /// The first number a cell shows: its value, decimals, and whether it is in percent (or
    /// percentage points).
    static func shownNumber(_ text: String) -> (value: Double, decimals: Int, percent: Bool)? {
        let pattern = /([+\-−]?)([0-9][0-9,]*)(\.[0-9]+)?( ?%| pts)?/
        guard let match = text.firstMatch(of: pattern) else { return nil }
        let whole = String(match.output.2).replacingOccurrences(of: ",", with: "")
        let fraction = match.output.3.map(String.init) ?? ""
        guard var value = Double(whole + fraction) else { return nil }
        if match.output.1 == "-" || match.output.1 == "−" { value = -value }
        return (value, max(0, fraction.count - 1), match.output.4 != nil)
    }

    static func matches(_ text: String, number: Double) -> Bool {
        guard let shown = shownNumber(text) else { return false }
        let expected = shown.percent ? number * 100 : number
        var tolerance = 0.5
        for _ in 0..<shown.decimals { tolerance /= 10 }
        return abs(expected - shown.value) <= tolerance + 1e-9
    }

    static func wilson(_ proficient: Double, _ students: Double) -> (Double, Double) {
        let z = 1.959963984540054, n = students, p = proficient / n, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Everything wrong with the page; empty when every value checks.
    ///
    /// - Returns: the problems, and how many values were checked.
    mutating func problems(in page: PageDocument) throws -> (problems: [String], checked: Int) {
        var problems: [String] = []
        var checked = 0
        for (index, element) in page.elements.enumerated() {
            let text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
            var attributes = element.attributes
            if attributes["data-json"] == nil, element.name != "tr", let pointer = page.fieldPointer(of: index) {
                attributes["data-json"] = pointer
            }
            let sourced = element.name != "tr" && ["data-json", "data-derived", "data-key", "data-setting"].contains { attributes[$0] != nil }
            let isCell = element.name == "td" || (element.name == "th" && !page.isInside("thead", index))
            let exempt = !element.classes.isDisjoint(with: ["tick", "legend", "explain", "axis-title"])
            if !sourced, isCell || (element.name == "text" && !exempt), text.contains(where: { $0.isASCII && $0.isNumber }) {
                problems.append("<\(element.name)> '\(text)' shows a number but does not say where it comes from")
            }
            guard sourced else { continue }
            checked += 1
            let command = page.inherited("data-command", of: index) ?? ""
            let place = "'\(text)' (\(command) \(attributes["data-json"] ?? attributes["data-from"] ?? attributes["data-key"] ?? attributes["data-setting"] ?? ""))"
            if let setting = attributes["data-setting"] {
                guard let value = settings[setting] else {
                    problems.append("\(place): unknown setting")
                    continue
                }
                if !Self.matches(text, number: value) { problems.append("\(place): the setting is \(value)") }
                continue
            }
            let root = try json(command)
            if let pointer = attributes["data-key"] {
                if case .missing = Self.resolve(pointer, in: root) { problems.append("\(place): no such key") }
                continue
            }
            if let pointer = attributes["data-json"] {
                guard case .value(let value) = Self.resolve(pointer, in: root) else {
                    problems.append("\(place): the pointer names nothing")
                    continue
                }
                if let problem = Self.compare(text, with: value) { problems.append("\(place): \(problem)") }
                continue
            }
            guard let kind = attributes["data-derived"] else { continue }
            var base: Any = root
            if let from = attributes["data-from"] {
                guard case .value(let value) = Self.resolve(from, in: root) else {
                    problems.append("\(place): data-from names nothing")
                    continue
                }
                base = value
            }
            if let problem = try derivedProblem(kind, text: text, base: base, detail: attributes["data-detail"]) {
                problems.append("\(place): \(problem)")
            }
        }
        return (problems, checked)
    }

    /// Whether `text` shows `value` (a number, a string, a boolean or null).
    static func compare(_ text: String, with value: Any) -> String? {
        if value is NSNull { return text == "—" ? nil : "JSON has null, the page shows '\(text)'" }
        if let number = value as? NSNumber {
            if String(describing: type(of: number)).contains("Boolean") {
                let yes = ["yes", "LOCKED", "DRIFT", "LOCKED OUT"].contains(text), no = ["no", ""].contains(text)
                return (number.boolValue ? yes : no) ? nil : "JSON has \(number.boolValue), the page shows '\(text)'"
            }
            return matches(text, number: number.doubleValue) ? nil : "JSON has \(number.doubleValue)"
        }
        if let string = value as? String {
            return text == string || text.contains(string) ? nil : "JSON has '\(string)'"
        }
        return "the pointer names an object or array"
    }

    /// Checks a value worked out from the JSON as the page says.
    mutating func derivedProblem(_ kind: String, text: String, base: Any, detail: String?) throws -> String? {
        func counts(_ value: Any) -> (students: Double, proficient: Double)? {
            if let object = value as? [String: Any], let students = object["students"] as? Double {
                return (students, object["proficient"] as? Double ?? .nan)
            }
            if let list = value as? [[String: Any]] {
                return (Double(list.count), Double(list.filter { $0["proficient"] as? Bool == true }.count))
            }
            return nil
        }
        let expected: Double
        switch kind {
        case "bin-edge":
            return Self.shownNumber(text) == nil ? "not a number" : nil
        case "count", "count-proficient", "rate", "wilson-low", "wilson-high":
            guard let (students, proficient) = counts(base) else { return "no counts at data-from" }
            switch kind {
            case "count": expected = students
            case "count-proficient": expected = proficient
            case "rate": expected = proficient / students
            case "wilson-low": expected = Self.wilson(proficient, students).0
            default: expected = Self.wilson(proficient, students).1
            }
        case "gap":
            guard let object = base as? [String: Any], let rate = object["rate"] as? Double, let competency = detail else {
                return "no rate at data-from"
            }
            guard let all = counts(try json("proficiency --competency \(competency)")) else { return "no all-students counts" }
            expected = rate - all.proficient / all.students
        case "histogram", "extreme-maximum", "extreme-minimum":
            guard let elements = base as? [[String: Any]] else { return "no elements at data-from" }
            if kind == "histogram" {
                let bounds = (detail ?? "").split(separator: " ").compactMap { Double($0) }
                guard bounds.count == 2 else { return "no bin in data-detail" }
                expected = Double(elements.filter { element in
                    guard let measure = element["measure"] as? Double else { return false }
                    return measure >= bounds[0] && measure < bounds[1]
                }.count)
            } else {
                let end = kind == "extreme-maximum" ? "maximum" : "minimum"
                expected = Double(elements.filter { $0["extreme"] as? String == end }.count)
            }
        default:
            return "unknown derivation \(kind)"
        }
        return Self.matches(text, number: expected) ? nil : "worked out from the JSON: \(expected)"
    }

    /// What every page must be: self-contained, accessible, private.
    static func structuralProblems(_ page: PageDocument, file: URL) throws -> [String] {
        var problems: [String] = []
        let lowered = page.source.lowercased()
        for forbidden in ["<script", "http:", "https:", " src=", "<link", "@import", "<iframe", "<object", "<embed", "<img", "javascript:"]
        where lowered.contains(forbidden) {
            problems.append("the page contains '\(forbidden)'")
        }
        if lowered.replacingOccurrences(of: "url(#", with: "").contains("url(") { problems.append("the page loads a url()") }
        if !page.source.hasPrefix("<!DOCTYPE html>") { problems.append("no doctype") }
        let mode = (try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?.intValue
        if mode != 0o600 { problems.append("mode \(String(mode ?? -1, radix: 8)), not 600") }
        var ids: Set<String> = []
        for element in page.elements {
            if let id = element.attributes["id"], !ids.insert(id).inserted { problems.append("id \(id) twice") }
        }
        let texts = Dictionary(page.elements.compactMap { element in element.attributes["id"].map { ($0, element) } }, uniquingKeysWith: { a, _ in a })
        for (index, element) in page.elements.enumerated() {
            switch element.name {
            case "svg":
                if element.attributes["role"] != "img" { problems.append("an svg without role=img") }
                let labels = (element.attributes["aria-labelledby"] ?? "").split(separator: " ").map(String.init)
                let named = labels.compactMap { texts[$0] }
                if labels.count != 2 || named.map(\.name) != ["title", "desc"] || named.contains(where: { $0.text.isEmpty }) {
                    problems.append("an svg not labelled by its own title and desc")
                }
            case "figure":
                let inside = page.elements.indices.filter { page.elements[$0].ancestors.contains(index) }.map { page.elements[$0].name }
                if !inside.contains("figcaption") || !inside.contains("svg") || !inside.contains("table") {
                    problems.append("figure \(element.attributes["id"] ?? "") lacks a caption, a chart or a table")
                }
                if element.attributes["data-command"] == nil { problems.append("figure \(element.attributes["id"] ?? "") names no command") }
            default: break
            }
        }
        return problems
    }
}
