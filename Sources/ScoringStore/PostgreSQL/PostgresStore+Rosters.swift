import ScoringCore

extension PostgresStore {
    /// Adds a rater, or confirms one that is already on the roster exactly as given.
    ///
    /// - Throws: `StoreError` when the id is taken by a rater with a different name or role.
    public func addRater(_ rater: Rater, at time: Timestamp) throws -> RosterOutcome {
        try writing { connection in try Self.add(rater, at: time, on: connection) }
    }

    static func add(_ rater: Rater, at time: Timestamp, on connection: PostgresConnection) throws -> RosterOutcome {
        if let existing = try Self.rater(rater.id, on: connection) {
            if existing == rater { return .unchanged }
            throw StoreError.alreadyOnRoster(existing)
        }
        try connection.query(
            "INSERT INTO rater (id, name, role, school, added_at) VALUES ($1, $2, $3, $4, $5)",
            [rater.id, rater.name, rater.role.rawValue, rater.school, time.description])
        return .added
    }

    /// Changes a rater's name, role or school. A rater with a login on the server moves to the
    /// group role of their new role in the same transaction, so the roster and the server agree.
    public func updateRater(_ id: String, name: String??, role: Rater.Role?, school: String??) throws -> (Rater, RosterOutcome) {
        try writing { connection in
            guard var rater = try Self.rater(id, on: connection) else {
                let ids = try connection.query("SELECT id FROM rater ORDER BY id").rows.compactMap { $0[0] }
                throw StoreError.unknown("rater", id, among: ids)
            }
            let before = rater
            if let name { rater.name = name }
            if let role { rater.role = role }
            if let school { rater.school = school }
            if rater == before { return (rater, .unchanged) }
            try connection.query(
                "UPDATE rater SET name = $1, role = $2, school = $3 WHERE id = $4", [rater.name, rater.role.rawValue, rater.school, id])
            if rater.role != before.role { _ = try Self.moveLogin(of: id, to: rater.role, on: connection) }
            return (rater, .updated)
        }
    }

    public func raters() throws -> [Rater] {
        try readingOne { connection in
            try connection.query("SELECT id, name, role, school FROM rater ORDER BY id").rows.map(Self.rater(from:))
        }
    }

    public func rater(_ id: String) throws -> Rater? {
        try readingOne { connection in try Self.rater(id, on: connection) }
    }

    static func rater(_ id: String, on connection: PostgresConnection) throws -> Rater? {
        try connection.query("SELECT id, name, role, school FROM rater WHERE id = $1", [id]).rows.first.map(rater(from:))
    }

    private static func rater(from row: [String?]) -> Rater {
        Rater(id: row[0] ?? "", name: row[1], role: Rater.Role(rawValue: row[2] ?? "") ?? .rater, school: row[3])
    }

    /// Adds a student, or confirms one already on the roster exactly as given.
    ///
    /// - Throws: `StoreError` when the id is taken by a student with different attributes.
    public func addStudent(_ student: Student, at time: Timestamp) throws -> RosterOutcome {
        try writing { connection in
            if let existing = try Self.student(student.id, on: connection) {
                if existing == student { return .unchanged }
                throw StoreError.alreadyOnRoster(existing)
            }
            try connection.query(
                "INSERT INTO student (id, grade, school, added_at) VALUES ($1, $2, $3, $4)",
                [student.id, student.grade, student.school, time.description])
            try Self.insertGroups(of: student, on: connection)
            return .added
        }
    }

    /// Changes a student's grade or school, and adds or removes groups.
    public func updateStudent(
        _ id: String, grade: String??, school: String??, addGroups: [String], removeGroups: [String]
    ) throws -> (Student, RosterOutcome) {
        try writing { connection in
            guard let before = try Self.student(id, on: connection) else {
                throw StoreError.unknown("student", id, among: [])
            }
            var student = before
            if let grade { student.grade = grade }
            if let school { student.school = school }
            student.groups = Array(Set(student.groups).union(addGroups).subtracting(removeGroups)).sorted()
            if student == before { return (student, .unchanged) }
            try connection.query(
                "UPDATE student SET grade = $1, school = $2 WHERE id = $3", [student.grade, student.school, id])
            try connection.query("DELETE FROM student_group WHERE student = $1", [id])
            try Self.insertGroups(of: student, on: connection)
            return (student, .updated)
        }
    }

    private static func insertGroups(of student: Student, on connection: PostgresConnection) throws {
        guard !student.groups.isEmpty else { return }
        try connection.query(
            "INSERT INTO student_group (student, name) SELECT $1, unnest($2::text[])",
            [student.id, PostgresConnection.arrayLiteral(student.groups)])
    }

    public func students(in range: StudentRange) throws -> [Student] {
        try reading { connection in try Self.allStudents(on: connection, range: range) }
    }

    public func studentBounds(every count: Int) throws -> [String] {
        try reading { connection in
            try connection.query(
                "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM student) AS numbered WHERE n % $1 = 0 ORDER BY id",
                [String(max(count, 1))]
            ).rows.compactMap { $0[0] }
        }
    }

    public func student(_ id: String) throws -> Student? {
        try reading { connection in try Self.student(id, on: connection) }
    }

    static func student(_ id: String, on connection: PostgresConnection) throws -> Student? {
        guard let row = try connection.query("SELECT id, grade, school FROM student WHERE id = $1", [id]).rows.first else {
            return nil
        }
        let groups = try connection.query("SELECT name FROM student_group WHERE student = $1 ORDER BY name", [id])
            .rows.compactMap { $0[0] }
        return Student(id: row[0] ?? "", grade: row[1], school: row[2], groups: groups)
    }

    static func allStudents(on connection: PostgresConnection, range: StudentRange = .all) throws -> [Student] {
        // COPY takes no parameters, so the bounds are quoted literals.
        var bounds: [String] = []
        if let after = range.after { bounds.append("> " + (try connection.quoteLiteral(after))) }
        if let through = range.through { bounds.append("<= " + (try connection.quoteLiteral(through))) }
        func within(_ column: String) -> String {
            bounds.isEmpty ? "" : " WHERE " + bounds.map { "\(column) \($0)" }.joined(separator: " AND ")
        }
        var groups: [String: [String]] = [:]
        var row = PostgresTextRow()
        try connection.copyOut(sql: "COPY (SELECT student, name FROM student_group\(within("student")) ORDER BY student, name) TO STDOUT") { data in
            row.load(data)
            let fields = row.strings
            groups[fields[0] ?? "", default: []].append(fields[1] ?? "")
        }
        var students: [Student] = []
        try connection.copyOut(sql: "COPY (SELECT id, grade, school FROM student\(within("id")) ORDER BY id) TO STDOUT") { data in
            row.load(data)
            let fields = row.strings
            let id = fields[0] ?? ""
            students.append(Student(id: id, grade: fields[1], school: fields[2], groups: groups[id] ?? []))
        }
        return students
    }

    /// Ids starting with `prefix`, for tab completion; at most `limit`.
    public func ids(of roster: Roster, startingWith prefix: String, limit: Int = 200) throws -> [String] {
        try reading { connection in
            try connection.query(
                "SELECT id FROM \(roster.rawValue) WHERE id >= $1 ORDER BY id LIMIT $2", [prefix, String(limit)]
            ).rows.compactMap { $0[0] }.prefix { $0.hasPrefix(prefix) }
        }
    }

    /// Whether each id is on the roster: one set-based look-up per roster.
    public func onRoster(students: [String], raters: [String]) throws -> (students: [Bool], raters: [Bool]) {
        try reading { connection in
            (try Self.onRoster(students, table: "student", on: connection), try Self.onRoster(raters, table: "rater", on: connection))
        }
    }

    static func onRoster(_ ids: [String], table: String, on connection: PostgresConnection) throws -> [Bool] {
        guard !ids.isEmpty else { return [] }
        // A first load into an empty roster need not send every id to learn that none is known.
        guard try connection.query("SELECT EXISTS (SELECT FROM \(table))").scalar == "t" else {
            return [Bool](repeating: false, count: ids.count)
        }
        let found = Set(
            try connection.query(
                "SELECT t.id FROM \(table) t JOIN unnest($1::text[]) AS i(id) ON t.id = i.id",
                [PostgresConnection.arrayLiteral(ids)]
            ).rows.compactMap { $0[0] })
        return ids.map { found.contains($0) }
    }

    /// Adds or updates the students of a roster file: each takes the file's value of every
    /// column the file has (an empty cell clears it), and keeps the rest. All or nothing, with
    /// set-based statements: a statewide roster is one COPY, not a statement per student.
    public func applyRoster(_ file: RosterFile, at time: Timestamp) throws -> StudentsImportSummary {
        let name = file.name, students = file.students, present = file.columns
        return try writing { connection in
            var existing: [String: Student] = [:]
            for student in try Self.allStudents(on: connection) { existing[student.id] = student }
            var summary = StudentsImportSummary(file: name, rows: students.count, added: 0, updated: 0, unchanged: 0)
            var added: [Student] = []
            var updated: [Student] = []
            for var student in students {
                if let before = existing[student.id] {
                    if !present.contains("grade") { student.grade = before.grade }
                    if !present.contains("school") { student.school = before.school }
                    if !present.contains("groups") { student.groups = before.groups }
                    if before == student {
                        summary.unchanged += 1
                    } else {
                        updated.append(student)
                        summary.updated += 1
                    }
                } else {
                    added.append(student)
                    summary.added += 1
                }
            }
            let stamp = time.description
            if !updated.isEmpty {
                try connection.execute(
                    "CREATE TEMP TABLE scorebench_student_update (id text COLLATE \"C\", grade text, school text) ON COMMIT DROP")
                try connection.copyIn(sql: "COPY scorebench_student_update FROM STDIN") { writer in
                    for student in updated { try writer.writeRow([student.id, student.grade, student.school]) }
                }
                try connection.execute(
                    """
                    UPDATE student s SET grade = u.grade, school = u.school FROM scorebench_student_update u WHERE s.id = u.id;
                    DELETE FROM student_group g USING scorebench_student_update u WHERE g.student = u.id
                    """)
            }
            if !added.isEmpty {
                try connection.copyIn(sql: "COPY student (id, grade, school, added_at) FROM STDIN") { writer in
                    for student in added { try writer.writeRow([student.id, student.grade, student.school, stamp]) }
                }
            }
            let grouped = (updated + added).filter { !$0.groups.isEmpty }
            if !grouped.isEmpty {
                try connection.copyIn(sql: "COPY student_group (student, name) FROM STDIN") { writer in
                    for student in grouped {
                        for group in student.groups { try writer.writeRow([student.id, group]) }
                    }
                }
            }
            return summary
        }
    }
}
