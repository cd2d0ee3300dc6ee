import ScoringCore

extension PostgresStore {
    // MARK: Contents

    /// Everything the server holds, in one REPEATABLE READ transaction: one moment of an event
    /// others may be scoring.
    public func contents() throws -> StoreContents {
        try reading { connection in
            var contents = StoreContents()
            contents.raters = try Self.allRaters(on: connection)
            contents.students = try Self.allStudents(on: connection)
            contents.rubricVersions = try Self.rubricVersions(on: connection)
            contents.submissions = try connection.query(
                "SELECT \(Self.submissionColumns) FROM submission s ORDER BY s.stored_at, s.task, s.student, s.component"
            ).rows.map(Self.submission(from:))
            (contents.sessions, contents.anchors, contents.qualifications) = try Self.calibration(on: connection)
            contents.reinstatements = try Self.allReinstatements(on: connection)
            var row = PostgresTextRow()
            var count = 0
            try connection.copyOut(
                sql: "COPY (SELECT \(Self.readColumns(current: Self.isCurrent)) FROM read r ORDER BY r.id) TO STDOUT"
            ) { data in
                count += 1
                if count & 0xFFF == 0 { try Interruption.check() }
                row.load(data)
                contents.reads.append(Self.read(from: row.strings))
            }
            return contents
        }
    }

    private static func allRaters(on connection: PostgresConnection) throws -> [Rater] {
        try connection.query("SELECT id, name, role, school FROM rater ORDER BY id").rows.map {
            Rater(id: $0[0] ?? "", name: $0[1], role: Rater.Role(rawValue: $0[2] ?? "") ?? .rater, school: $0[3])
        }
    }

    private static func rubricVersions(on connection: PostgresConnection) throws -> [RubricVersion] {
        try connection.query("SELECT rubric, version, canonical, source, saved_at FROM rubric_version ORDER BY rubric, version").rows.map {
            RubricVersion(
                rubric: $0[0] ?? "", version: Int($0[1] ?? "") ?? 0, canonical: $0[2] ?? "", source: $0[3] ?? "",
                savedAt: Timestamp(iso8601: $0[4] ?? "") ?? Timestamp(seconds: 0))
        }
    }

    private static func calibration(on connection: PostgresConnection) throws -> ([CalibrationSession], [SessionAnchor], [Qualification]) {
        var anchors: [String: [SessionAnchor]] = [:]
        for row in try connection.query("SELECT session, student, added_at FROM session_anchor ORDER BY added_at, position").rows {
            let anchor = SessionAnchor(
                session: row[0] ?? "", student: row[1] ?? "", addedAt: Timestamp(iso8601: row[2] ?? "") ?? Timestamp(seconds: 0))
            anchors[anchor.session, default: []].append(anchor)
        }
        let sessions = try connection.query("SELECT \(sessionColumns) FROM calibration_session ORDER BY opened_at, name").rows.map {
            session(from: $0, anchors: (anchors[$0[0] ?? ""] ?? []).map(\.student))
        }
        let qualifications = try connection.query(
            """
            SELECT rater, session, rubric, qualified, anchors, exact, within_one, bias, decided_at
            FROM qualification ORDER BY decided_at, position
            """
        ).rows.map { row in
            Qualification(
                rater: row[0] ?? "", session: row[1] ?? "", rubric: row[2] ?? "", qualified: row[3] == "t",
                anchors: Int(row[4] ?? "") ?? 0, exact: row[5].flatMap { Double($0) }, withinOne: row[6].flatMap { Double($0) },
                bias: row[7].flatMap { Double($0) }, decidedAt: Timestamp(iso8601: row[8] ?? "") ?? Timestamp(seconds: 0))
        }
        return (sessions, sessions.flatMap { anchors[$0.name] ?? [] }, qualifications)
    }

    private static func allReinstatements(on connection: PostgresConnection) throws -> [Reinstatement] {
        try connection.query("SELECT rater, rubric, reason, by, at FROM reinstatement ORDER BY at, rater, rubric").rows.map {
            Reinstatement(
                rater: $0[0] ?? "", rubric: $0[1] ?? "", reason: $0[2] ?? "", by: $0[3],
                at: Timestamp(iso8601: $0[4] ?? "") ?? Timestamp(seconds: 0))
        }
    }

    // MARK: Merging

    /// Merges another store's contents into the server in one transaction, holding the read-id
    /// lock from the start: no other writer records reads until it commits, so the slots it
    /// compares with stay as they are.
    public func merge(_ contents: StoreContents, loadedRubrics: [RubricVersionKey: String], at time: Timestamp) throws -> StoreMergeSummary {
        try writing { connection in
            guard let next = try connection.query("SELECT scorebench_next_read_id()").scalar.flatMap({ Int64($0) }) else {
                throw PostgresError(kind: .other, message: "scorebench_next_read_id() returned no id")
            }
            let target = try Self.mergeTarget(for: contents, holdingReads: next > 1, on: connection)
            let plan = try StoreMergePlan.make(
                source: contents, target: target, nextReadID: next, loadedRubrics: loadedRubrics, at: time)
            try Self.apply(plan, at: time, on: connection)
            return plan.summary
        }
    }

    /// What the server holds that `contents` could collide with (see `StoreMergePlan.make`):
    /// the students, submissions and read slots looked up by the contents' keys, set-based.
    private static func mergeTarget(
        for contents: StoreContents, holdingReads: Bool, on connection: PostgresConnection
    ) throws -> StoreContents {
        var target = StoreContents()
        target.raters = try allRaters(on: connection)
        if !contents.students.isEmpty {
            let ids = PostgresConnection.arrayLiteral(contents.students.map(\.id))
            var groups: [String: [String]] = [:]
            for row in try connection.query(
                "SELECT g.student, g.name FROM student_group g JOIN unnest($1::text[]) AS i(id) ON g.student = i.id ORDER BY g.student, g.name",
                [ids]
            ).rows {
                groups[row[0] ?? "", default: []].append(row[1] ?? "")
            }
            target.students = try connection.query(
                "SELECT s.id, s.grade, s.school FROM student s JOIN unnest($1::text[]) AS i(id) ON s.id = i.id", [ids]
            ).rows.map { Student(id: $0[0] ?? "", grade: $0[1], school: $0[2], groups: groups[$0[0] ?? ""] ?? []) }
        }
        target.rubricVersions = try rubricVersions(on: connection)
        if !contents.submissions.isEmpty {
            let submissions = contents.submissions
            target.submissions = try connection.query(
                """
                SELECT \(submissionColumns)
                FROM submission s JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(task, component, student)
                    ON s.task = k.task AND s.component = k.component AND s.student = k.student
                """,
                [
                    PostgresConnection.arrayLiteral(submissions.map(\.task)), PostgresConnection.arrayLiteral(submissions.map(\.component)),
                    PostgresConnection.arrayLiteral(submissions.map(\.student)),
                ]
            ).rows.map(submission(from:))
        }
        (target.sessions, target.anchors, target.qualifications) = try calibration(on: connection)
        target.reinstatements = try allReinstatements(on: connection)
        guard holdingReads, !contents.reads.isEmpty else { return target }
        // Every version of every read in the contents' slots, through the slot index.
        var seen: Set<ReadKey> = []
        let slots = contents.reads.filter { seen.insert($0.key).inserted }
        let lists: [[String?]] = [
            slots.map(\.task), slots.map(\.student), slots.map(\.component), slots.map(\.rater), slots.map(\.kind.rawValue),
            slots.map { $0.session ?? "" },
        ]
        target.reads = try connection.query(
            """
            SELECT \(readColumns(current: isCurrent))
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                AS k(task, student, component, rater, kind, session_key)
            JOIN read r ON r.task = k.task AND r.student = k.student AND r.component = k.component
                AND r.rater = k.rater AND r.kind = k.kind AND coalesce(r.session, '') = k.session_key
            ORDER BY r.id
            """, lists.map { PostgresConnection.arrayLiteral($0) }
        ).rows.map { read(from: $0) }
        return target
    }

    private static func apply(_ plan: StoreMergePlan, at time: Timestamp, on connection: PostgresConnection) throws {
        let stamp = time.description
        if !plan.raters.isEmpty {
            let raters = plan.raters
            try connection.query(
                """
                INSERT INTO rater (id, name, role, school, added_at)
                SELECT id, name, role, school, $5
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r(id, name, role, school)
                """,
                [
                    PostgresConnection.arrayLiteral(raters.map(\.id)), PostgresConnection.arrayLiteral(raters.map(\.name)),
                    PostgresConnection.arrayLiteral(raters.map(\.role.rawValue)), PostgresConnection.arrayLiteral(raters.map(\.school)), stamp,
                ])
        }
        if !plan.students.isEmpty {
            // The rosters have no row-level security: COPY loads them directly.
            try connection.copyIn(sql: "COPY student (id, grade, school, added_at) FROM STDIN") { writer in
                for student in plan.students { try writer.writeRow([student.id, student.grade, student.school, stamp]) }
            }
            let grouped = plan.students.filter { !$0.groups.isEmpty }
            if !grouped.isEmpty {
                try connection.copyIn(sql: "COPY student_group (student, name) FROM STDIN") { writer in
                    for student in grouped {
                        for group in student.groups { try writer.writeRow([student.id, group]) }
                    }
                }
            }
        }
        for version in plan.rubricVersions {
            try connection.query(
                "INSERT INTO rubric_version (rubric, version, canonical, source, saved_at) VALUES ($1, $2, $3, $4, $5)",
                [version.rubric, String(version.version), version.canonical, version.source, version.savedAt.description])
        }
        try insert(plan.submissions, on: connection)
        for session in plan.sessions {
            try connection.query(
                "INSERT INTO calibration_session (\(sessionColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                [
                    session.name, session.task, session.component, session.rubric, String(session.exact), String(session.withinOne),
                    session.openedAt.description, session.openedBy, session.closedAt?.description,
                ])
        }
        // One statement per anchor, in order: `position` records the order added.
        for anchor in plan.anchors {
            try connection.query(
                "INSERT INTO session_anchor (session, student, added_at) VALUES ($1, $2, $3)",
                [anchor.session, anchor.student, anchor.addedAt.description])
        }
        for closing in plan.closings {
            try connection.query("UPDATE calibration_session SET closed_at = $1 WHERE name = $2", [closing.at.description, closing.session])
        }
        for q in plan.qualifications {
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
        for r in plan.reinstatements {
            try connection.query(
                "INSERT INTO reinstatement (rater, rubric, reason, by, at) VALUES ($1, $2, $3, $4, $5)",
                [r.rater, r.rubric, r.reason, r.by, r.at.description])
        }
        try insertReads(plan.reads, recordedAt: stamp, on: connection)
    }

    /// Inserts reads with their ids and the reads they replace, through COPY into a temporary
    /// table and one INSERT … SELECT, which row-level security checks row by row and the
    /// statement trigger checks set-based (PostgreSQL refuses COPY into a table whose policies
    /// apply to the login). A replaced read stays as it is: the new row's `replaces` is what
    /// makes it history.
    private static func insertReads(_ reads: [Read], recordedAt stamp: String, on connection: PostgresConnection) throws {
        guard !reads.isEmpty else { return }
        let columns = """
            id, student, task, component, rater, kind, session, rubric, rubric_version, scores, scored_at, recorded_at, \
            note, replaces, code
            """
        try connection.execute(
            """
            CREATE TEMP TABLE scorebench_moved_read (
                id bigint, student text, task text, component text, rater text, kind text, session text, rubric text,
                rubric_version integer, scores text, scored_at text, recorded_at text, note text, replaces bigint, code text
            ) ON COMMIT DROP
            """)
        try connection.copyIn(sql: "COPY scorebench_moved_read FROM STDIN") { writer in
            for (position, read) in reads.enumerated() {
                if position & 0xFFF == 0 { try Interruption.check() }
                try writer.writeRow([
                    read.id.map { String($0) }, read.student, read.task, read.component, read.rater, read.kind.rawValue, read.session,
                    read.rubric, String(read.rubricVersion), ScoreEncoding.encode(read.scores), read.scoredAt.description,
                    read.recordedAt?.description ?? stamp, read.note, read.replaces.map { String($0) }, read.code?.rawValue,
                ])
            }
        }
        try Interruption.check()
        try connection.execute("INSERT INTO read (\(columns)) SELECT \(columns) FROM scorebench_moved_read ORDER BY id")
    }
}
