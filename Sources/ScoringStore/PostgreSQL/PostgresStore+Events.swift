import ScoringCore

/// Scoring events on the server (SPEC 11), with the same outcomes, messages and order as
/// `SQLiteStore+Events.swift`.
///
/// What a rater's login may not see or do is enforced by the server (`PostgresStore+EventSchema`):
/// the queue is read and changed through SECURITY DEFINER functions. A hand-out (`next`) takes
/// the queue's advisory lock first, in its own transaction, so what it reads (the rater's open
/// assignment, the work still short of its reads, the codes taken) cannot change under it
/// before it writes; `next` from two hundred shells hands out each last read once. Scoring and
/// skipping an open assignment need no turn (see `recordAssignment`).
extension PostgresStore {
    // MARK: Submissions

    /// Stores work, all or nothing: the stored rows of the batch's keys are fetched in one
    /// query and the new ones inserted in another (100,000 submissions in two statements).
    /// Work scored before it was stored (reads imported first) may have its reads already.
    public func addSubmissions(_ submissions: [Submission]) throws -> (added: Int, unchanged: Int) {
        try writing { connection in
            let keys = submissions.map { [$0.task, $0.component, $0.student] }
            var stored: [[String]: Submission] = [:]
            for row in try connection.query(
                """
                SELECT \(Self.submissionColumns) FROM unnest($1::text[], $2::text[], $3::text[]) AS k (task, component, student)
                JOIN submission s ON s.task = k.task AND s.component = k.component AND s.student = k.student
                """, [Self.array(keys.map { $0[0] }), Self.array(keys.map { $0[1] }), Self.array(keys.map { $0[2] })]
            ).rows {
                let submission = Self.submission(from: row)
                stored[[submission.task, submission.component, submission.student]] = submission
            }
            var fresh: [Submission] = []
            var unchanged = 0
            for submission in submissions {
                let key = [submission.task, submission.component, submission.student]
                if let existing = stored[key] {
                    guard existing.content == submission.content else {
                        throw StoreError(
                            "\(submission.student)'s work for \(submission.partName) is already stored"
                                + " (\(existing.storedAt)) with other content; stored work is never replaced")
                    }
                    unchanged += 1
                    continue
                }
                stored[key] = submission
                fresh.append(submission)
            }
            try Self.insert(fresh, on: connection)
            return (fresh.count, unchanged)
        }
    }

    /// Stores new work in one statement. Work scored before it was stored (reads imported
    /// first) may have its planned reads already: it is stored complete.
    static func insert(_ submissions: [Submission], on connection: PostgresConnection) throws {
        guard !submissions.isEmpty else { return }
        func column(_ value: (Submission) -> String?) -> String? { Self.array(submissions.map(value)) }
        try connection.query(
            """
            INSERT INTO submission (task, component, student, stored_at, text, path, size, sha256, planned_reads, complete)
            SELECT u.*, u.planned_reads <= (
                SELECT count(*) FROM current_read r WHERE r.task = u.task AND r.component = u.component
                AND r.student = u.student AND r.kind = 'read')
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                        $8::text[], $9::integer[]) AS u (task, component, student, stored_at, text, path, size, sha256, planned_reads)
            """,
            [
                column(\.task), column(\.component), column(\.student), column { $0.storedAt.description },
                column { if case .text(let body) = $0.content { body } else { nil } },
                column { if case .file(let path, _, _) = $0.content { path } else { nil } },
                column { if case .file(_, let size, _) = $0.content { String(size) } else { nil } },
                column { if case .file(_, _, let digest) = $0.content { digest } else { nil } },
                column { String($0.plannedReads) },
            ])
    }

    private static func array(_ values: [String?]) -> String { PostgresConnection.arrayLiteral(values) }

    static let submissionColumns = "s.task, s.component, s.student, s.stored_at, s.text, s.path, s.size, s.sha256, s.planned_reads"

    public func submissions(task: String?) throws -> [Submission] {
        try readingOne { connection in
            try connection.query(
                """
                SELECT \(Self.submissionColumns) FROM submission s \(task == nil ? "" : "WHERE s.task = $1")
                ORDER BY s.stored_at, s.task, s.student, s.component
                """, task.map { [$0] } ?? []
            ).rows.map(Self.submission(from:))
        }
    }

    public func submission(task: String, component: String, student: String) throws -> Submission? {
        try readingOne { connection in try Self.submission(task: task, component: component, student: student, on: connection) }
    }

    static func submission(task: String, component: String, student: String, on connection: PostgresConnection) throws -> Submission? {
        try connection.query(
            "SELECT \(submissionColumns) FROM submission s WHERE s.task = $1 AND s.component = $2 AND s.student = $3",
            [task, component, student]
        ).rows.first.map(submission(from:))
    }

    static func submission(from row: [String?]) -> Submission {
        let content: Submission.Content
        if let text = row[4] {
            content = .text(text)
        } else {
            content = .file(path: row[5] ?? "", size: Int64(row[6] ?? "") ?? 0, sha256: row[7] ?? "")
        }
        return Submission(
            task: row[0] ?? "", component: row[1] ?? "", student: row[2] ?? "",
            storedAt: Timestamp(iso8601: row[3] ?? "") ?? Timestamp(seconds: 0), content: content,
            plannedReads: Int(row[8] ?? "") ?? 1)
    }

    public func eventWork() throws -> Set<[String]> {
        try readingOne { connection in
            Set(try connection.query("SELECT task, student FROM scorebench_event_work()").rows.map { [$0[0] ?? "", $0[1] ?? ""] })
        }
    }

    // MARK: Assignments

    public func assign(_ request: AssignmentRequest) throws -> Assignment? {
        try queueing { connection in
            if let open = try Self.openAssignment(of: request.rater, at: request.now, on: connection) { return open }
            let parts = request.parts
            guard !parts.isEmpty else { return nil }
            guard
                let live = try connection.query(
                    "SELECT * FROM scorebench_live_work($1, $2::text[], $3::text[], $4, NULL)",
                    [
                        request.rater, PostgresConnection.arrayLiteral(parts.map(\.task)),
                        PostgresConnection.arrayLiteral(parts.map(\.component)), request.now.description,
                    ]
                ).rows.first.map(Self.submission(from:))
            else { return nil }
            let sequence = try Self.nextSequence(of: request.rater, on: connection)
            var work = live
            var kind = Assignment.Kind.live
            if request.validity(live.task, sequence) {
                let components = parts.filter { $0.task == live.task }.map(\.component)
                let papers = try connection.query(
                    "SELECT * FROM scorebench_validity_papers($1, $2, $3::text[])",
                    [request.rater, live.task, PostgresConnection.arrayLiteral(components)]
                ).rows.map(Self.submission(from:))
                if let paper = papers.min(by: { (request.paperOrder($0), $0.student) < (request.paperOrder($1), $1.student) }) {
                    work = paper
                    kind = .validity
                }
            }
            return try Self.handOut(
                work: (work.task, work.component, work.student), to: request.rater, kind: kind, readID: nil, sequence: sequence,
                code: request.code, now: request.now, lease: request.lease[work.task] ?? 1800, on: connection)
        }
    }

    public func assignBackread(_ request: BackreadRequest) throws -> Assignment? {
        try queueing { connection in
            if let open = try Self.openAssignment(of: request.lead, at: request.now, on: connection) { return open }
            guard !request.parts.isEmpty else { return nil }
            // A lead sees every read, so the candidates are selected as the lead; the hand-out
            // checks them again as the tables' owner.
            let candidates = try connection.query(
                """
                SELECT r.id, r.task, r.component, r.student FROM current_read r
                WHERE (r.task, r.component) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                  AND r.kind = 'read' AND r.rater <> $3 AND ($4::text IS NULL OR r.rater = $4)
                  AND NOT EXISTS (SELECT FROM assignment a WHERE a.read_id = r.id
                                  AND (a.status = 'scored' OR (a.status = 'open' AND a.expires_at > $5)))
                ORDER BY r.scored_at, r.id
                """,
                [
                    PostgresConnection.arrayLiteral(request.parts.map(\.task)),
                    PostgresConnection.arrayLiteral(request.parts.map(\.component)), request.lead, request.rater,
                    request.now.description,
                ]
            ).rows
            for row in candidates {
                guard let id = Int64(row[0] ?? ""), let task = row[1] else { continue }
                guard request.offered(task, id) else { continue }
                let sequence = try Self.nextSequence(of: request.lead, on: connection)
                return try Self.handOut(
                    work: (task, row[2] ?? "", row[3] ?? ""), to: request.lead, kind: .backread, readID: id, sequence: sequence,
                    code: request.code, now: request.now, lease: request.lease[task] ?? 1800, on: connection)
            }
            return nil
        }
    }

    /// Runs `body` in a writing transaction that holds the queue's lock: a hand-out.
    ///
    /// Its commit does not wait for the server's disk (`synchronous_commit = off`, for this
    /// transaction only), so the lock that makes every `next` take turns is held for the
    /// hand-out's own work, not for a flush. What a crash of the server could lose is an
    /// assignment not yet scored, never a read: its code is then unknown, and the work goes
    /// back to the queue. Reads are committed with the server's default.
    private func queueing<T: Sendable>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try writing { connection in
            try connection.execute("SET LOCAL synchronous_commit = off; SELECT scorebench_lock_queue()")
            return try body(connection)
        }
    }

    private static func openAssignment(of rater: String, at now: Timestamp, on connection: PostgresConnection) throws -> Assignment? {
        try connection.query(
            """
            SELECT \(assignmentColumns) FROM assignment
            WHERE rater = $1 AND status = 'open' AND expires_at > $2 ORDER BY issued_at DESC LIMIT 1
            """, [rater, now.description]
        ).rows.first.map(assignment(from:))
    }

    private static func nextSequence(of rater: String, on connection: PostgresConnection) throws -> Int {
        (Int(try connection.query("SELECT count(*) FROM assignment WHERE rater = $1", [rater]).scalar ?? "") ?? 0) + 1
    }

    /// Hands out the work under the first of the codes `code` draws that is not taken.
    private static func handOut(
        work: (task: String, component: String, student: String), to rater: String, kind: Assignment.Kind, readID: Int64?,
        sequence: Int, code: (String, Int, Int) -> String, now: Timestamp, lease: Int, on connection: PostgresConnection
    ) throws -> Assignment {
        var attempt = 0
        var chosen = code(work.task, sequence, attempt)
        while try connection.query("SELECT scorebench_code_taken($1)", [chosen]).scalar == "t" {
            attempt += 1
            chosen = code(work.task, sequence, attempt)
        }
        let assignment = Assignment(
            code: chosen, rater: rater, task: work.task, component: work.component, student: work.student, kind: kind, readID: readID,
            issuedAt: now, expiresAt: Timestamp(seconds: now.seconds + Int64(lease)), sequence: sequence)
        try connection.query(
            "SELECT scorebench_hand_out($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            [
                assignment.code, rater, work.task, work.component, work.student, kind.rawValue, readID.map { String($0) },
                now.description, assignment.expiresAt.description, String(sequence),
            ])
        return assignment
    }

    private static let assignmentColumns = """
        code, rater, task, component, student, kind, read_id, issued_at, expires_at, status, closed_at, reason, scored_read, sequence
        """

    public func assignment(_ code: String) throws -> Assignment? {
        try readingOne { connection in try Self.assignment(code, on: connection) }
    }

    private static func assignment(_ code: String, on connection: PostgresConnection) throws -> Assignment? {
        try connection.query("SELECT \(assignmentColumns) FROM assignment WHERE code = $1", [code]).rows.first.map(assignment(from:))
    }

    public func assignments(task: String?) throws -> [Assignment] {
        try readingOne { connection in
            try connection.query(
                """
                SELECT \(Self.assignmentColumns) FROM assignment \(task == nil ? "" : "WHERE task = $1")
                ORDER BY issued_at, rater, sequence
                """, task.map { [$0] } ?? []
            ).rows.map(Self.assignment(from:))
        }
    }

    private static func assignment(from row: [String?]) -> Assignment {
        Assignment(
            code: row[0] ?? "", rater: row[1] ?? "", task: row[2] ?? "", component: row[3] ?? "", student: row[4] ?? "",
            kind: Assignment.Kind(rawValue: row[5] ?? "") ?? .live, readID: row[6].flatMap { Int64($0) },
            issuedAt: Timestamp(iso8601: row[7] ?? "") ?? Timestamp(seconds: 0),
            expiresAt: Timestamp(iso8601: row[8] ?? "") ?? Timestamp(seconds: 0),
            status: Assignment.Status(rawValue: row[9] ?? "") ?? .open,
            closedAt: row[10].flatMap { Timestamp(iso8601: $0) }, reason: row[11],
            scoredRead: row[12].flatMap { Int64($0) }, sequence: Int(row[13] ?? "") ?? 1)
    }

    public func skipAssignment(_ code: String, reason: String, at time: Timestamp) throws -> Assignment {
        try writing { connection in
            guard var assignment = try Self.assignment(code, on: connection) else { throw StoreError("unknown response code \(code)") }
            guard assignment.status == .open else {
                throw StoreError("\(code) was already \(assignment.status.rawValue)\(assignment.closedAt.map { " (\($0))" } ?? ""); nothing to skip")
            }
            try connection.query(
                "SELECT scorebench_close_assignment($1, 'skipped', $2, $3, NULL)", [code, time.description, reason])
            assignment.status = .skipped
            assignment.closedAt = time
            assignment.reason = reason
            return assignment
        }
    }

    /// Records the read of an assignment. Only a score whose lease ran out waits for the queue's
    /// lock (the read it adds was no longer counted as promised); an open assignment becomes its
    /// read in one transaction, which changes no count `next` relies on.
    public func recordAssignment(_ code: String, read: Read, rubrics: [String: Rubric], at time: Timestamp) throws -> RecordOutcome {
        try writing { connection in
            guard let assignment = try Self.assignment(code, on: connection) else { throw StoreError("unknown response code \(code)") }
            if assignment.status == .skipped {
                throw StoreError("\(code) was skipped\(assignment.reason.map { " (\($0))" } ?? ""); it can no longer be scored")
            }
            if assignment.status == .open, !assignment.isOpen(at: time), assignment.kind == .live {
                try connection.query("SELECT scorebench_lock_queue()")
                let lacking = try connection.query(
                    "SELECT scorebench_reads_lacking($1, $2, $3)", [assignment.task, assignment.component, assignment.student]
                ).scalar
                if lacking == "0" {
                    throw StoreError(
                        "\(code)'s lease ran out at \(assignment.expiresAt) and the work has all its reads since; nothing was recorded. Ask 'next' for more work")
                }
            }
            let outcome = try Self.record([read], rubrics: rubrics, adding: RosterAdditions(), at: time, on: connection)[0]
            if case .unchanged = outcome, assignment.status == .scored { return outcome }
            let readID = try connection.query(
                """
                SELECT r.id FROM current_read r WHERE r.task = $1 AND r.student = $2 AND r.component = $3 AND r.rater = $4
                AND r.kind = $5 AND r.session IS NULL
                """, [read.task, read.student, read.component, read.rater, read.kind.rawValue]
            ).scalar
            try connection.query(
                "SELECT scorebench_close_assignment($1, 'scored', $2, NULL, $3)", [code, time.description, readID])
            return outcome
        }
    }

    // MARK: Validity and reinstatement

    public func validityReads(rater: String?) throws -> [ValidityRead] {
        try readingOne { connection in
            try connection.query("SELECT * FROM scorebench_validity_reads($1)", [rater]).rows.map { Self.validityRead(from: $0[...]) }
        }
    }

    /// One statement where the protocol's default takes three: every `next` and `score` of an
    /// event asks it.
    public func validityBasis(rater: String, rubric: String) throws -> (reads: [ValidityRead], since: Timestamp?) {
        try readingOne { connection in
            let rows = try connection.query(
                """
                SELECT s.since, v.* FROM (SELECT greatest(
                    (SELECT max(at) FROM reinstatement WHERE rater = $1 AND rubric = $2),
                    (SELECT CASE WHEN q.qualified THEN q.decided_at END FROM qualification q WHERE q.rater = $1 AND q.rubric = $2
                     ORDER BY q.decided_at DESC, q.position DESC LIMIT 1)) AS since) s
                LEFT JOIN scorebench_validity_reads($1) v ON v.rubric = $2
                """, [rater, rubric]
            ).rows
            let since = rows.first?[0].flatMap { Timestamp(iso8601: $0) }
            return (rows.filter { $0[1] != nil }.map { Self.validityRead(from: $0.dropFirst()) }, since)
        }
    }

    /// A row of `scorebench_validity_reads`: rater, task, component, student, rubric, scored
    /// at, scores, the master's scores.
    private static func validityRead(from row: ArraySlice<String?>) -> ValidityRead {
        let field = { (index: Int) in row[row.startIndex + index] ?? "" }
        let scores = ScoreEncoding.decode(field(6)) ?? []
        let master = Dictionary(
            (ScoreEncoding.decode(field(7)) ?? []).map { ($0.criterion, $0.score) }, uniquingKeysWith: { first, _ in first })
        return ValidityRead(
            rater: field(0), task: field(1), component: field(2), student: field(3), rubric: field(4),
            scoredAt: Timestamp(iso8601: field(5)) ?? Timestamp(seconds: 0),
            pairs: scores.compactMap { score in
                master[score.criterion].map { ValidityRead.CriterionPair(criterion: score.criterion, score: score.score, master: $0) }
            })
    }

    public func reinstate(_ reinstatement: Reinstatement) throws {
        try writing { connection in
            try connection.query(
                "INSERT INTO reinstatement (rater, rubric, reason, by, at) VALUES ($1, $2, $3, $4, $5)",
                [reinstatement.rater, reinstatement.rubric, reinstatement.reason, reinstatement.by, reinstatement.at.description])
        }
    }

    public func reinstatements(rater: String?) throws -> [Reinstatement] {
        try readingOne { connection in
            try connection.query(
                "SELECT rater, rubric, reason, by, at FROM reinstatement \(rater == nil ? "" : "WHERE rater = $1") ORDER BY at, rater, rubric",
                rater.map { [$0] } ?? []
            ).rows.map { row in
                Reinstatement(
                    rater: row[0] ?? "", rubric: row[1] ?? "", reason: row[2] ?? "", by: row[3],
                    at: Timestamp(iso8601: row[4] ?? "") ?? Timestamp(seconds: 0))
            }
        }
    }
}
