import Foundation
import ScoringCore

/// A roster CSV (`import students`), read and checked: columns `id` (required), `grade`,
/// `school` and `groups` (optional; groups separated by `;`).
public struct RosterFile: Sendable {
    /// How messages name the file.
    public var name: String
    /// The students it lists, in file order.
    public var students: [Student]
    /// The columns the file has besides `id`: a column it lacks leaves that attribute as it was.
    public var columns: Set<String>

    /// Reads a roster CSV. A listed student will take the
    /// file's value of every column the file has (an empty cell clears it); a column the file
    /// does not have leaves that attribute as it was. Every row has as many fields as the
    /// header. All or nothing: every bad line is reported and nothing changes.
    public static func parse(path: String, displayName: String? = nil) throws -> RosterFile {
        let name = displayName ?? path
        let data = try ImportFile.contents(of: path, name: name)
        var students: [Student] = []
        var lines: [Int] = []
        var problems: [String] = []
        var present: Set<String> = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Void in
            let bytes = raw.bindMemory(to: UInt8.self)
            var reader = CSVReader(bytes)
            var columns: [String: Int] = [:]
            var seen: [String: Int] = [:]
            var header = true
            var width = 0
            while true {
                do {
                    guard try reader.next() else { break }
                } catch let problem as CSVReader.Problem {
                    problems.append("\(name):\(problem.line): \(problem.message)")
                    continue
                } catch {
                    problems.append("\(name): \(error)")
                    return
                }
                let fields = reader.fields.indices.map { reader.string($0) }
                if header {
                    header = false
                    width = fields.count
                    for (index, field) in fields.enumerated() {
                        let column = (field ?? "").trimmingWhitespace
                        guard ["id", "grade", "school", "groups"].contains(column) else {
                            problems.append("\(name):1: unknown column '\(Quoting.visible(column))'; the columns are id, grade, school, groups")
                            continue
                        }
                        if columns[column] != nil { problems.append("\(name):1: column '\(column)' appears twice in the header") }
                        columns[column] = index
                    }
                    if columns["id"] == nil { problems.append("\(name):1: there is no 'id' column") }
                    present = Set(columns.keys)
                    if !problems.isEmpty { return }
                    continue
                }
                let line = reader.recordLine
                if fields.count == 1, fields[0]?.isEmpty == true { continue }
                guard fields.count == width else {
                    problems.append("\(name):\(line): \(Format.count(fields.count, "field")), but the header has \(width)")
                    continue
                }
                guard fields.count == reader.fields.count, !fields.contains(where: { $0 == nil }) else {
                    problems.append("\(name):\(line): not UTF-8 text, or holds a NUL byte")
                    continue
                }
                func cell(_ column: String) -> String? {
                    guard let index = columns[column], index < fields.count, let value = fields[index]?.trimmingWhitespace,
                        !value.isEmpty
                    else { return nil }
                    return value
                }
                guard let id = cell("id") else {
                    problems.append("\(name):\(line): the student id is empty")
                    continue
                }
                if let problem = Identifier.problem(with: id, kind: "student", contentStyle: false) {
                    problems.append("\(name):\(line): \(problem)")
                    continue
                }
                if let first = seen[id] {
                    problems.append("\(name):\(line): student '\(id)' is already listed on line \(first)")
                    continue
                }
                seen[id] = line
                if let problem = ["grade", "school"].lazy.compactMap({ column in
                    cell(column).flatMap { Identifier.textProblem(with: $0, what: "the \(column)") }
                }).first {
                    problems.append("\(name):\(line): \(problem)")
                    continue
                }
                let groups = (cell("groups") ?? "").split(separator: ";").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
                if let long = groups.first(where: { $0.count > 64 }) {
                    problems.append("\(name):\(line): group '\(Quoting.visible(long))' is longer than 64 characters")
                    continue
                }
                students.append(Student(id: id, grade: cell("grade"), school: cell("school"), groups: Array(Set(groups)).sorted()))
                lines.append(line)
            }
        }
        if !problems.isEmpty {
            throw StoreError("\(name): nothing imported; \(problems.count == 1 ? "1 problem" : "\(problems.count) problems")", details: problems)
        }
        return RosterFile(name: name, students: students, columns: present)
    }
}
