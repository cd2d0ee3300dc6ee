import Foundation
import GRDB
import ScoringCore

extension SQLiteStore {
    /// Adds or updates the students of a roster file: each takes the file's value of every
    /// column the file has (an empty cell clears it), and keeps the rest. All or nothing.
    public func applyRoster(_ file: RosterFile, at time: Timestamp) throws -> StudentsImportSummary {
        let name = file.name, students = file.students, present = file.columns
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

    static func allStudents(in db: Database, range: StudentRange = .all) throws -> [Student] {
        var bounds: [String] = []
        var arguments: StatementArguments = []
        if let after = range.after {
            bounds.append("> ?")
            arguments += [after]
        }
        if let through = range.through {
            bounds.append("<= ?")
            arguments += [through]
        }
        func within(_ column: String) -> String {
            bounds.isEmpty ? "" : " WHERE " + bounds.map { "\(column) \($0)" }.joined(separator: " AND ")
        }
        var groups: [String: [String]] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT student, name FROM student_group\(within("student")) ORDER BY student, name", arguments: arguments)
        while let row = try rows.next() {
            groups[row[0], default: []].append(row[1])
        }
        return try Row.fetchAll(db, sql: "SELECT id, grade, school FROM student\(within("id")) ORDER BY id", arguments: arguments).map { row in
            Student(id: row[0], grade: row[1], school: row[2], groups: groups[row[0]] ?? [])
        }
    }
}
