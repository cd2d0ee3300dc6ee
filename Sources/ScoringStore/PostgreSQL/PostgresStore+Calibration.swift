import ScoringCore

extension PostgresStore {
    /// Opens a new session.
    ///
    /// - Throws: `StoreError` when a session of that name exists (open or closed).
    public func openSession(_ session: CalibrationSession) throws {
        try writing { connection in
            if let existing = try Self.session(session.name, on: connection) {
                throw StoreError.sessionExists(session.name, existing: existing)
            }
            try connection.query(
                """
                INSERT INTO calibration_session (name, task, component, rubric, exact, within_one, opened_at, opened_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                [
                    session.name, session.task, session.component, session.rubric, String(session.exact), String(session.withinOne),
                    session.openedAt.description, session.openedBy,
                ])
        }
    }

    public func session(_ name: String) throws -> CalibrationSession? {
        try reading { connection in try Self.session(name, on: connection) }
    }

    /// Every session, oldest first.
    public func sessions() throws -> [CalibrationSession] {
        try reading { connection in
            var anchors: [String: [String]] = [:]
            for row in try connection.query("SELECT session, student FROM session_anchor ORDER BY added_at, position").rows {
                anchors[row[0] ?? "", default: []].append(row[1] ?? "")
            }
            return try connection.query("SELECT \(Self.sessionColumns) FROM calibration_session ORDER BY opened_at, name").rows.map {
                Self.session(from: $0, anchors: anchors[$0[0] ?? ""] ?? [])
            }
        }
    }

    public func sessionNames() throws -> [String] {
        try readingOne { connection in
            try connection.query("SELECT name FROM calibration_session ORDER BY name").rows.compactMap { $0[0] }
        }
    }

    static let sessionColumns = "name, task, component, rubric, exact, within_one, opened_at, opened_by, closed_at"

    static func session(_ name: String, on connection: PostgresConnection) throws -> CalibrationSession? {
        guard let row = try connection.query("SELECT \(sessionColumns) FROM calibration_session WHERE name = $1", [name]).rows.first else {
            return nil
        }
        let anchors = try connection.query(
            "SELECT student FROM session_anchor WHERE session = $1 ORDER BY added_at, position", [name]
        ).rows.compactMap { $0[0] }
        return session(from: row, anchors: anchors)
    }

    static func session(from row: [String?], anchors: [String]) -> CalibrationSession {
        CalibrationSession(
            name: row[0] ?? "", task: row[1] ?? "", component: row[2] ?? "", rubric: row[3] ?? "",
            exact: Double(row[4] ?? "") ?? 0, withinOne: Double(row[5] ?? "") ?? 0,
            openedAt: Timestamp(iso8601: row[6] ?? "") ?? Timestamp(seconds: 0), openedBy: row[7],
            closedAt: row[8].flatMap { Timestamp(iso8601: $0) }, anchors: anchors)
    }

    /// Adds anchors to an open session; students already anchors are left as they are.
    ///
    /// - Returns: the students added.
    public func addAnchors(_ students: [String], to name: String, at time: Timestamp) throws -> [String] {
        try writing { connection in
            guard let session = try Self.session(name, on: connection) else { throw StoreError.unknownSession(name) }
            guard session.isOpen else { throw StoreError.sessionClosed(name) }
            var added: [String] = []
            for student in students where !session.anchors.contains(student) && !added.contains(student) {
                added.append(student)
            }
            if !added.isEmpty {
                // WITH ORDINALITY keeps the order given, which `position` then records.
                try connection.query(
                    """
                    INSERT INTO session_anchor (session, student, added_at)
                    SELECT $1, s.student, $2 FROM unnest($3::text[]) WITH ORDINALITY AS s(student, n) ORDER BY s.n
                    """, [name, time.description, PostgresConnection.arrayLiteral(added)])
            }
            return added
        }
    }

    /// Closes an open session and stores each rater's qualification, in one transaction.
    public func closeSession(_ name: String, qualifications: [Qualification], at time: Timestamp) throws {
        try writing { connection in
            guard let session = try Self.session(name, on: connection) else { throw StoreError.unknownSession(name) }
            guard session.isOpen else { throw StoreError.sessionAlreadyClosed(session) }
            for q in qualifications {
                try connection.query(
                    """
                    INSERT INTO qualification (rater, session, rubric, qualified, anchors, exact, within_one, bias, decided_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    [
                        q.rater, q.session, q.rubric, q.qualified ? "true" : "false", String(q.anchors), q.exact.map { String($0) },
                        q.withinOne.map { String($0) }, q.bias.map { String($0) }, q.decidedAt.description,
                    ])
            }
            try connection.query("UPDATE calibration_session SET closed_at = $1 WHERE name = $2", [time.description, name])
        }
    }

    /// The submission components that are anchors of open sessions.
    public func openAnchors() throws -> Set<AnchorKey> {
        try readingOne { connection in
            let rows = try connection.query(
                """
                SELECT s.task, s.component, a.student FROM session_anchor a
                JOIN calibration_session s ON s.name = a.session WHERE s.closed_at IS NULL
                """
            ).rows
            return Set(rows.map { AnchorKey(task: $0[0] ?? "", component: $0[1] ?? "", student: $0[2] ?? "") })
        }
    }

    /// Each rater's latest result per rubric (the most recent closed session they scored in),
    /// by rater, then rubric.
    public func latestQualifications(rater: String? = nil, rubric: String? = nil) throws -> [Qualification] {
        try readingOne { connection in
            var conditions: [String] = []
            var parameters: [String?] = []
            if let rater {
                parameters.append(rater)
                conditions.append("q.rater = $\(parameters.count)")
            }
            if let rubric {
                parameters.append(rubric)
                conditions.append("q.rubric = $\(parameters.count)")
            }
            let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try connection.query(
                """
                SELECT q.rater, q.session, q.rubric, q.qualified, q.anchors, q.exact, q.within_one, q.bias, q.decided_at
                FROM qualification q \(clause)
                ORDER BY q.rater, q.rubric, q.decided_at DESC, q.position DESC
                """, parameters
            ).rows
            var latest: [Qualification] = []
            for row in rows {
                let q = Qualification(
                    rater: row[0] ?? "", session: row[1] ?? "", rubric: row[2] ?? "", qualified: row[3] == "t",
                    anchors: Int(row[4] ?? "") ?? 0, exact: row[5].flatMap { Double($0) }, withinOne: row[6].flatMap { Double($0) },
                    bias: row[7].flatMap { Double($0) }, decidedAt: Timestamp(iso8601: row[8] ?? "") ?? Timestamp(seconds: 0))
                if let last = latest.last, last.rater == q.rater, last.rubric == q.rubric { continue }
                latest.append(q)
            }
            return latest
        }
    }
}
