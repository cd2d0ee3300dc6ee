import GRDB
import ScoringCore

extension SQLiteStore {
    /// Opens a new session.
    ///
    /// - Throws: `StoreError` when a session of that name exists (open or closed).
    public func openSession(_ session: CalibrationSession) throws {
        try writer.write { db in
            if let existing = try Self.session(session.name, in: db) {
                throw StoreError.sessionExists(session.name, existing: existing)
            }
            try db.execute(
                sql: """
                    INSERT INTO calibration_session (name, task, component, rubric, exact, within_one, opened_at, opened_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.name, session.task, session.component, session.rubric, session.exact, session.withinOne,
                    session.openedAt.description, session.openedBy,
                ])
        }
    }

    public func session(_ name: String) throws -> CalibrationSession? {
        try writer.read { db in try Self.session(name, in: db) }
    }

    /// Every session, oldest first.
    public func sessions() throws -> [CalibrationSession] {
        try writer.read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM calibration_session ORDER BY opened_at, name")
            return try names.compactMap { try Self.session($0, in: db) }
        }
    }

    public func sessionNames() throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "SELECT name FROM calibration_session ORDER BY name") }
    }

    static func session(_ name: String, in db: Database) throws -> CalibrationSession? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT name, task, component, rubric, exact, within_one, opened_at, opened_by, closed_at
                    FROM calibration_session WHERE name = ?
                    """, arguments: [name])
        else { return nil }
        let anchors = try String.fetchAll(
            db, sql: "SELECT student FROM session_anchor WHERE session = ? ORDER BY added_at, rowid", arguments: [name])
        return CalibrationSession(
            name: row["name"], task: row["task"], component: row["component"], rubric: row["rubric"], exact: row["exact"],
            withinOne: row["within_one"], openedAt: Timestamp(iso8601: row["opened_at"] as String) ?? Timestamp(seconds: 0),
            openedBy: row["opened_by"], closedAt: (row["closed_at"] as String?).flatMap { Timestamp(iso8601: $0) },
            anchors: anchors)
    }

    /// Adds anchors to an open session; students already anchors are left as they are.
    ///
    /// - Returns: the students added.
    public func addAnchors(_ students: [String], to name: String, at time: Timestamp) throws -> [String] {
        try writer.write { db in
            guard let session = try Self.session(name, in: db) else { throw StoreError.unknownSession(name) }
            guard session.isOpen else { throw StoreError.sessionClosed(name) }
            var added: [String] = []
            for student in students where !session.anchors.contains(student) && !added.contains(student) {
                try db.execute(
                    sql: "INSERT INTO session_anchor (session, student, added_at) VALUES (?, ?, ?)",
                    arguments: [name, student, time.description])
                added.append(student)
            }
            return added
        }
    }

    /// Closes an open session and stores each rater's qualification, in one transaction.
    public func closeSession(_ name: String, qualifications: [Qualification], at time: Timestamp) throws {
        try writer.write { db in
            guard let session = try Self.session(name, in: db) else { throw StoreError.unknownSession(name) }
            guard session.isOpen else { throw StoreError.sessionAlreadyClosed(session) }
            for q in qualifications {
                try db.execute(
                    sql: """
                        INSERT INTO qualification (rater, session, rubric, qualified, anchors, exact, within_one, bias, decided_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        q.rater, q.session, q.rubric, q.qualified, q.anchors, q.exact, q.withinOne, q.bias, q.decidedAt.description,
                    ])
            }
            try db.execute(sql: "UPDATE calibration_session SET closed_at = ? WHERE name = ?", arguments: [time.description, name])
        }
    }

    /// The submission components that are anchors of open sessions.
    public func openAnchors() throws -> Set<AnchorKey> {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.task, s.component, a.student FROM session_anchor a
                    JOIN calibration_session s ON s.name = a.session WHERE s.closed_at IS NULL
                    """)
            return Set(rows.map { AnchorKey(task: $0["task"], component: $0["component"], student: $0["student"]) })
        }
    }

    /// Each rater's latest result per rubric (the most recent closed session they scored in),
    /// by rater, then rubric.
    public func latestQualifications(rater: String? = nil, rubric: String? = nil) throws -> [Qualification] {
        try writer.read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let rater {
                conditions.append("q.rater = ?")
                arguments += [rater]
            }
            if let rubric {
                conditions.append("q.rubric = ?")
                arguments += [rubric]
            }
            let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT q.rater, q.session, q.rubric, q.qualified, q.anchors, q.exact, q.within_one, q.bias, q.decided_at FROM qualification q \(clause)
                    ORDER BY q.rater, q.rubric, q.decided_at DESC, q.rowid DESC
                    """, arguments: arguments)
            var latest: [Qualification] = []
            for row in rows {
                let q = Qualification(
                    rater: row["rater"], session: row["session"], rubric: row["rubric"], qualified: row["qualified"],
                    anchors: row["anchors"], exact: row["exact"], withinOne: row["within_one"], bias: row["bias"],
                    decidedAt: Timestamp(iso8601: row["decided_at"] as String) ?? Timestamp(seconds: 0))
                if let last = latest.last, last.rater == q.rater, last.rubric == q.rubric { continue }
                latest.append(q)
            }
            return latest
        }
    }
}
