import Foundation
import GRDB
import ScoringCore

/// What `import students` did.
public struct StudentsImportSummary: Sendable, Equatable {
    public var file: String
    public var rows: Int
    public var added: Int
    public var updated: Int
    public var unchanged: Int
}

extension ScoreStore {
    /// Adds or updates students from a roster CSV with columns `id` (required), `grade`,
    /// `school` and `groups` (optional; groups separated by `;`). A listed student takes the
    /// file's value of every column the file has (an empty cell clears it); a column the file
    /// does not have leaves that attribute as it was. Every row has as many fields as the
    /// header. All or nothing: every bad line is reported and nothing changes.
    public func importStudents(path: String, displayName: String? = nil, at time: Timestamp) throws -> StudentsImportSummary {
        let name = displayName ?? path
        let data = try Self.contents(of: path, name: name)
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
        return try writer.write { db in
            var existing: [String: Student] = [:]
            for student in try Self.allStudents(in: db) { existing[student.id] = student }
            var summary = StudentsImportSummary(file: name, rows: students.count, added: 0, updated: 0, unchanged: 0)
            let insert = try BulkStatement(db, sql: "INSERT INTO student (id, grade, school, added_at) VALUES (?, ?, ?, ?)")
            let addGroup = try BulkStatement(db, sql: "INSERT INTO student_group (student, name) VALUES (?, ?)")
            let stamp = time.description
            for var student in students {
                if let before = existing[student.id] {
                    if !present.contains("grade") { student.grade = before.grade }
                    if !present.contains("school") { student.school = before.school }
                    if !present.contains("groups") { student.groups = before.groups }
                    if before == student {
                        summary.unchanged += 1
                        continue
                    }
                    try db.execute(
                        sql: "UPDATE student SET grade = ?, school = ? WHERE id = ?", arguments: [student.grade, student.school, student.id])
                    try db.execute(sql: "DELETE FROM student_group WHERE student = ?", arguments: [student.id])
                    summary.updated += 1
                } else {
                    insert.bind(1, student.id)
                    insert.bind(2, student.grade)
                    insert.bind(3, student.school)
                    insert.bind(4, stamp)
                    try insert.step()
                    summary.added += 1
                }
                for group in student.groups {
                    addGroup.bind(1, student.id)
                    addGroup.bind(2, group)
                    try addGroup.step()
                }
            }
            return summary
        }
    }

    static func allStudents(in db: Database) throws -> [Student] {
        var groups: [String: [String]] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT student, name FROM student_group ORDER BY student, name")
        while let row = try rows.next() {
            groups[row[0], default: []].append(row[1])
        }
        return try Row.fetchAll(db, sql: "SELECT id, grade, school FROM student ORDER BY id").map { row in
            Student(id: row[0], grade: row[1], school: row[2], groups: groups[row[0]] ?? [])
        }
    }
}
