import GRDB
import ScoringCore

extension SQLiteStore {
    /// Adds a rater, or confirms one that is already on the roster exactly as given.
    ///
    /// - Throws: `StoreError` when the id is taken by a rater with a different name or role:
    ///   re-adding must not silently rewrite someone (use `updateRater`).
    public func addRater(_ rater: Rater, at time: Timestamp) throws -> RosterOutcome {
        try writer.write { db in
            if let existing = try Self.rater(rater.id, in: db) {
                if existing == rater { return .unchanged }
                throw StoreError.alreadyOnRoster(existing)
            }
            try db.execute(
                sql: "INSERT INTO rater (id, name, role, school, added_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [rater.id, rater.name, rater.role.rawValue, rater.school, time.description])
            return .added
        }
    }

    /// Changes a rater's name, role or school.
    public func updateRater(_ id: String, name: String??, role: Rater.Role?, school: String??) throws -> (Rater, RosterOutcome) {
        try writer.write { db in
            guard var rater = try Self.rater(id, in: db) else {
                throw StoreError.unknown("rater", id, among: try String.fetchAll(db, sql: "SELECT id FROM rater"))
            }
            let before = rater
            if let name { rater.name = name }
            if let role { rater.role = role }
            if let school { rater.school = school }
            if rater == before { return (rater, .unchanged) }
            try db.execute(
                sql: "UPDATE rater SET name = ?, role = ?, school = ? WHERE id = ?",
                arguments: [rater.name, rater.role.rawValue, rater.school, id])
            return (rater, .updated)
        }
    }

    public func raters() throws -> [Rater] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, role, school FROM rater ORDER BY id").map(Self.rater(from:))
        }
    }

    public func rater(_ id: String) throws -> Rater? {
        try writer.read { db in try Self.rater(id, in: db) }
    }

    static func rater(_ id: String, in db: Database) throws -> Rater? {
        try Row.fetchOne(db, sql: "SELECT id, name, role, school FROM rater WHERE id = ?", arguments: [id]).map(rater(from:))
    }

    static func rater(from row: Row) -> Rater {
        Rater(id: row["id"], name: row["name"], role: Rater.Role(rawValue: row["role"]) ?? .rater, school: row["school"])
    }

    /// Adds a student, or confirms one already on the roster exactly as given.
    ///
    /// - Throws: `StoreError` when the id is taken by a student with different attributes.
    public func addStudent(_ student: Student, at time: Timestamp) throws -> RosterOutcome {
        try writer.write { db in
            if let existing = try Self.student(student.id, in: db) {
                if existing == student { return .unchanged }
                throw StoreError.alreadyOnRoster(existing)
            }
            try Self.insert(student, at: time, in: db)
            return .added
        }
    }

    /// Changes a student's grade or school, and adds or removes groups.
    public func updateStudent(
        _ id: String, grade: String??, school: String??, addGroups: [String], removeGroups: [String]
    ) throws -> (Student, RosterOutcome) {
        try writer.write { db in
            guard let before = try Self.student(id, in: db) else {
                throw StoreError.unknown("student", id, among: [])
            }
            var student = before
            if let grade { student.grade = grade }
            if let school { student.school = school }
            student.groups = Array(Set(student.groups).union(addGroups).subtracting(removeGroups)).sorted()
            if student == before { return (student, .unchanged) }
            try db.execute(
                sql: "UPDATE student SET grade = ?, school = ? WHERE id = ?", arguments: [student.grade, student.school, id])
            try db.execute(sql: "DELETE FROM student_group WHERE student = ?", arguments: [id])
            for group in student.groups {
                try db.execute(sql: "INSERT INTO student_group (student, name) VALUES (?, ?)", arguments: [id, group])
            }
            return (student, .updated)
        }
    }

    static func insert(_ student: Student, at time: Timestamp, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO student (id, grade, school, added_at) VALUES (?, ?, ?, ?)",
            arguments: [student.id, student.grade, student.school, time.description])
        for group in student.groups {
            try db.execute(sql: "INSERT INTO student_group (student, name) VALUES (?, ?)", arguments: [student.id, group])
        }
    }

    public func students(in range: StudentRange) throws -> [Student] {
        try writer.read { db in try Self.allStudents(in: db, range: range) }
    }

    public func studentBounds(every count: Int) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM student) WHERE n % ? = 0 ORDER BY id",
                arguments: [max(count, 1)])
        }
    }

    public func student(_ id: String) throws -> Student? {
        try writer.read { db in try Self.student(id, in: db) }
    }

    static func student(_ id: String, in db: Database) throws -> Student? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, grade, school FROM student WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let groups = try String.fetchAll(
            db, sql: "SELECT name FROM student_group WHERE student = ? ORDER BY name", arguments: [id])
        return Student(id: row[0], grade: row[1], school: row[2], groups: groups)
    }

    /// Ids starting with `prefix`, for tab completion; at most `limit`.
    public func ids(of roster: Roster, startingWith prefix: String, limit: Int = 200) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM \(roster.rawValue) WHERE id >= ? ORDER BY id LIMIT ?",
                arguments: [prefix, limit]
            ).prefix { $0.hasPrefix(prefix) }
        }
    }

    /// Whether each id is on the roster, one indexed look-up per distinct id, none when the
    /// roster is empty (a first statewide import).
    public func onRoster(students: [String], raters: [String]) throws -> (students: [Bool], raters: [Bool]) {
        try writer.read { db in
            (try Self.onRoster(students, table: "student", in: db), try Self.onRoster(raters, table: "rater", in: db))
        }
    }

    static func onRoster(_ ids: [String], table: String, in db: Database) throws -> [Bool] {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") == true else {
            return [Bool](repeating: false, count: ids.count)
        }
        let exists = try db.cachedStatement(sql: "SELECT 1 FROM \(table) WHERE id = ?")
        return try ids.map { try Int.fetchOne(exists, arguments: [$0]) != nil }
    }
}
