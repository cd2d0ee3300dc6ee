import GRDB
import ScoringCore

extension SQLiteStore {
    // MARK: Submissions

    public func addSubmissions(_ submissions: [Submission]) throws -> (added: Int, unchanged: Int) {
        try immediate { db in
            var added = 0, unchanged = 0
            for submission in submissions {
                if let stored = try Self.submission(task: submission.task, component: submission.component, student: submission.student, in: db) {
                    guard stored.content == submission.content else {
                        throw StoreError(
                            "\(submission.student)'s work for \(submission.partName) is already stored"
                                + " (\(stored.storedAt)) with other content; stored work is never replaced")
                    }
                    unchanged += 1
                    continue
                }
                try Self.insert(submission, in: db)
                added += 1
            }
            return (added, unchanged)
        }
    }

    /// Stores new work. Work scored before it was stored (reads imported first) may have its
    /// planned reads already: it is stored complete.
    static func insert(_ submission: Submission, in db: Database) throws {
        var text: String?, path: String?, size: Int64?, sha256: String?
        switch submission.content {
        case .text(let body): text = body
        case .file(let file, let bytes, let digest): (path, size, sha256) = (file, bytes, digest)
        }
        try db.execute(
            sql: """
                INSERT INTO submission (task, component, student, stored_at, text, path, size, sha256, planned_reads, complete)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9 <= (
                    SELECT count(*) FROM read r WHERE r.task = ?1 AND r.component = ?2 AND r.student = ?3
                    AND r.current = 1 AND r.kind = 'read'))
                """,
            arguments: [
                submission.task, submission.component, submission.student, submission.storedAt.description, text, path, size,
                sha256, submission.plannedReads,
            ])
    }

    public func submissions(task: String?) throws -> [Submission] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM submission \(task == nil ? "" : "WHERE task = ?") ORDER BY stored_at, task, student, component",
                arguments: task.map { [$0] } ?? []
            ).map(Self.submission(from:))
        }
    }

    public func submission(task: String, component: String, student: String) throws -> Submission? {
        try writer.read { db in try Self.submission(task: task, component: component, student: student, in: db) }
    }

    public func eventWork() throws -> Set<[String]> {
        try writer.read { db in
            Set(try Row.fetchAll(db, sql: "SELECT DISTINCT task, student FROM submission").map { [$0[0], $0[1]] as [String] })
        }
    }

    static func submission(task: String, component: String, student: String, in db: Database) throws -> Submission? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM submission WHERE task = ? AND component = ? AND student = ?", arguments: [task, component, student]
        ).map(submission(from:))
    }

    static func submission(from row: Row) -> Submission {
        let content: Submission.Content
        if let text: String = row["text"] {
            content = .text(text)
        } else {
            content = .file(path: row["path"], size: row["size"], sha256: row["sha256"])
        }
        return Submission(
            task: row["task"], component: row["component"], student: row["student"],
            storedAt: Timestamp(iso8601: row["stored_at"] as String) ?? Timestamp(seconds: 0), content: content,
            plannedReads: row["planned_reads"])
    }

    // MARK: Assignments

    public func assign(_ request: AssignmentRequest) throws -> Assignment? {
        try immediate { db in
            let now = request.now.description
            if let open = try Row.fetchOne(
                db, sql: "SELECT * FROM assignment WHERE rater = ? AND status = 'open' AND expires_at > ? ORDER BY issued_at DESC LIMIT 1",
                arguments: [request.rater, now]
            ) {
                return Self.assignment(from: open)
            }
            guard let live = try Self.liveWork(request, in: db) else { return nil }
            let sequence = try Self.nextSequence(of: request.rater, in: db)
            var work = live
            var kind = Assignment.Kind.live
            if request.validity(live.task, sequence) {
                let papers = try Self.validityPapers(request, task: live.task, in: db)
                if let paper = papers.min(by: { (request.paperOrder($0), $0.student) < (request.paperOrder($1), $1.student) }) {
                    work = paper
                    kind = .validity
                }
            }
            return try Self.handOut(
                work: (work.task, work.component, work.student), to: request.rater, kind: kind, readID: nil, sequence: sequence,
                code: request.code, now: request.now, lease: request.lease[work.task] ?? 1800, in: db)
        }
    }

    /// The oldest stored work of `request.parts` the rater may be given: not read or skipped by
    /// them, not an anchor, not of their school's students, and short of its planned reads
    /// counting the reads given and the assignments still open.
    ///
    /// One query per task component, each walking `submission_queue` oldest first and stopping
    /// at the first it may give; the oldest of those (ties by task, student, component) wins.
    private static func liveWork(_ request: AssignmentRequest, in db: Database) throws -> Submission? {
        var oldest: Submission?
        for part in request.parts {
            guard
                let found = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.* FROM submission s JOIN student st ON st.id = s.student
                        WHERE s.task = ? AND s.component = ? AND s.complete = 0
                          AND (? IS NULL OR st.school IS NULL OR st.school <> ?)
                          AND NOT EXISTS (SELECT 1 FROM read r WHERE r.task = s.task AND r.student = s.student AND r.component = s.component
                                          AND r.current = 1 AND (r.kind = 'master' OR r.rater = ?))
                          AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.task = s.task AND a.component = s.component
                                          AND a.student = s.student AND a.rater = ? AND a.status = 'skipped')
                          AND (SELECT count(*) FROM read r WHERE r.task = s.task AND r.student = s.student AND r.component = s.component
                                          AND r.current = 1 AND r.kind = 'read')
                            + (SELECT count(*) FROM assignment a WHERE a.task = s.task AND a.component = s.component AND a.student = s.student
                                          AND a.kind = 'live' AND a.status = 'open' AND a.expires_at > ?) < s.planned_reads
                        ORDER BY s.stored_at, s.student
                        LIMIT 1
                        """,
                    arguments: [
                        part.task, part.component, request.school, request.school, request.rater, request.rater, request.now.description,
                    ]
                ).map(submission(from:))
            else { continue }
            if let current = oldest,
                (current.storedAt, current.task, current.student, current.component)
                    <= (found.storedAt, found.task, found.student, found.component)
            {
                continue
            }
            oldest = found
        }
        return oldest
    }

    /// The anchors of `task` the rater may be given as validity papers: stored work with a
    /// master read, in no calibration session, not read by them, not of their school.
    private static func validityPapers(_ request: AssignmentRequest, task: String, in db: Database) throws -> [Submission] {
        let components = request.parts.filter { $0.task == task }.map(\.component)
        guard !components.isEmpty else { return [] }
        var arguments: StatementArguments = [task]
        for component in components { arguments += [component] }
        arguments += [request.school, request.school, request.rater]
        return try Row.fetchAll(
            db,
            sql: """
                SELECT DISTINCT s.* FROM read m
                JOIN submission s ON s.task = m.task AND s.component = m.component AND s.student = m.student
                JOIN student st ON st.id = s.student
                WHERE m.kind = 'master' AND m.current = 1
                  AND m.task = ? AND m.component IN (\(components.map { _ in "?" }.joined(separator: ", ")))
                  AND (? IS NULL OR st.school IS NULL OR st.school <> ?)
                  AND NOT EXISTS (SELECT 1 FROM session_anchor sa JOIN calibration_session cs ON cs.name = sa.session
                                  WHERE cs.task = s.task AND cs.component = s.component AND sa.student = s.student)
                  AND NOT EXISTS (SELECT 1 FROM read r WHERE r.task = s.task AND r.student = s.student AND r.component = s.component
                                  AND r.current = 1 AND r.rater = ?)
                """,
            arguments: arguments
        ).map(submission(from:))
    }

    private static func nextSequence(of rater: String, in db: Database) throws -> Int {
        (try Int.fetchOne(db, sql: "SELECT count(*) FROM assignment WHERE rater = ?", arguments: [rater]) ?? 0) + 1
    }

    /// Inserts an assignment under the first of the codes `code` draws that is not taken.
    private static func handOut(
        work: (task: String, component: String, student: String), to rater: String, kind: Assignment.Kind, readID: Int64?,
        sequence: Int, code: (String, Int, Int) -> String, now: Timestamp, lease: Int, in db: Database
    ) throws -> Assignment {
        var attempt = 0
        var chosen = code(work.task, sequence, attempt)
        while try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM assignment WHERE code = ?)", arguments: [chosen]) == true {
            attempt += 1
            chosen = code(work.task, sequence, attempt)
        }
        let assignment = Assignment(
            code: chosen, rater: rater, task: work.task, component: work.component, student: work.student, kind: kind, readID: readID,
            issuedAt: now, expiresAt: Timestamp(seconds: now.seconds + Int64(lease)), sequence: sequence)
        try db.execute(
            sql: """
                INSERT INTO assignment (code, rater, task, component, student, kind, read_id, issued_at, expires_at, sequence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                assignment.code, rater, work.task, work.component, work.student, kind.rawValue, readID, now.description,
                assignment.expiresAt.description, sequence,
            ])
        return assignment
    }

    public func assignBackread(_ request: BackreadRequest) throws -> Assignment? {
        try immediate { db in
            let now = request.now.description
            if let open = try Row.fetchOne(
                db, sql: "SELECT * FROM assignment WHERE rater = ? AND status = 'open' AND expires_at > ? ORDER BY issued_at DESC LIMIT 1",
                arguments: [request.lead, now]
            ) {
                return Self.assignment(from: open)
            }
            guard !request.parts.isEmpty else { return nil }
            let parts = request.parts.map { _ in "(r.task = ? AND r.component = ?)" }.joined(separator: " OR ")
            var arguments = StatementArguments()
            for part in request.parts { arguments += [part.task, part.component] }
            arguments += [request.lead, request.rater, request.rater, now]
            let candidates = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.id, r.task, r.component, r.student FROM read r
                    WHERE (\(parts)) AND r.current = 1 AND r.kind = 'read' AND r.rater <> ? AND (? IS NULL OR r.rater = ?)
                      AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.read_id = r.id
                                      AND (a.status = 'scored' OR (a.status = 'open' AND a.expires_at > ?)))
                    ORDER BY r.scored_at, r.id
                    """,
                arguments: arguments)
            while let row = try candidates.next() {
                let id: Int64 = row["id"], task: String = row["task"]
                guard request.offered(task, id) else { continue }
                let sequence = try Self.nextSequence(of: request.lead, in: db)
                return try Self.handOut(
                    work: (task, row["component"], row["student"]), to: request.lead, kind: .backread, readID: id, sequence: sequence,
                    code: request.code, now: request.now, lease: request.lease[task] ?? 1800, in: db)
            }
            return nil
        }
    }

    public func assignment(_ code: String) throws -> Assignment? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM assignment WHERE code = ?", arguments: [code]).map(Self.assignment(from:))
        }
    }

    public func assignments(task: String?) throws -> [Assignment] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM assignment \(task == nil ? "" : "WHERE task = ?") ORDER BY issued_at, rater, sequence",
                arguments: task.map { [$0] } ?? []
            ).map(Self.assignment(from:))
        }
    }

    static func assignment(from row: Row) -> Assignment {
        Assignment(
            code: row["code"], rater: row["rater"], task: row["task"], component: row["component"], student: row["student"],
            kind: Assignment.Kind(rawValue: row["kind"]) ?? .live, readID: row["read_id"],
            issuedAt: Timestamp(iso8601: row["issued_at"] as String) ?? Timestamp(seconds: 0),
            expiresAt: Timestamp(iso8601: row["expires_at"] as String) ?? Timestamp(seconds: 0),
            status: Assignment.Status(rawValue: row["status"]) ?? .open,
            closedAt: (row["closed_at"] as String?).flatMap { Timestamp(iso8601: $0) }, reason: row["reason"],
            scoredRead: row["scored_read"], sequence: row["sequence"])
    }

    public func skipAssignment(_ code: String, reason: String, at time: Timestamp) throws -> Assignment {
        try immediate { db in
            guard var assignment = try Row.fetchOne(db, sql: "SELECT * FROM assignment WHERE code = ?", arguments: [code]).map(Self.assignment(from:)) else {
                throw StoreError("unknown response code \(code)")
            }
            guard assignment.status == .open else {
                throw StoreError("\(code) was already \(assignment.status.rawValue)\(assignment.closedAt.map { " (\($0))" } ?? ""); nothing to skip")
            }
            try db.execute(
                sql: "UPDATE assignment SET status = 'skipped', closed_at = ?, reason = ? WHERE code = ?",
                arguments: [time.description, reason, code])
            assignment.status = .skipped
            assignment.closedAt = time
            assignment.reason = reason
            return assignment
        }
    }

    public func recordAssignment(_ code: String, read: Read, rubrics: [String: Rubric], at time: Timestamp) throws -> RecordOutcome {
        try immediate { db in
            guard let assignment = try Row.fetchOne(db, sql: "SELECT * FROM assignment WHERE code = ?", arguments: [code]).map(Self.assignment(from:)) else {
                throw StoreError("unknown response code \(code)")
            }
            if assignment.status == .skipped {
                throw StoreError("\(code) was skipped\(assignment.reason.map { " (\($0))" } ?? ""); it can no longer be scored")
            }
            if assignment.status == .open, !assignment.isOpen(at: time), assignment.kind == .live {
                let planned = try Int.fetchOne(
                    db, sql: "SELECT planned_reads FROM submission WHERE task = ? AND component = ? AND student = ?",
                    arguments: [assignment.task, assignment.component, assignment.student]) ?? 1
                let reads = try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM read WHERE task = ? AND component = ? AND student = ? AND current = 1 AND kind = 'read'
                        """,
                    arguments: [assignment.task, assignment.component, assignment.student]) ?? 0
                if reads >= planned {
                    throw StoreError(
                        "\(code)'s lease ran out at \(assignment.expiresAt) and the work has all its reads since; nothing was recorded. Ask 'next' for more work")
                }
            }
            let outcome = try record([read], rubrics: rubrics, adding: RosterAdditions(), at: time, in: db)[0]
            if case .unchanged = outcome, assignment.status == .scored { return outcome }
            let readID = try Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM read WHERE task = ? AND student = ? AND component = ? AND rater = ? AND kind = ?
                    AND session IS NULL AND current = 1
                    """,
                arguments: [read.task, read.student, read.component, read.rater, read.kind.rawValue])
            try db.execute(
                sql: "UPDATE assignment SET status = 'scored', closed_at = ?, scored_read = ? WHERE code = ?",
                arguments: [time.description, readID, code])
            return outcome
        }
    }

    // MARK: Validity and reinstatement

    public func validityReads(rater: String?) throws -> [ValidityRead] {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT v.rater, v.task, v.component, v.student, v.rubric, v.scored_at, v.scores, m.scores AS master
                    FROM read v JOIN read m ON m.task = v.task AND m.component = v.component AND m.student = v.student
                                           AND m.kind = 'master' AND m.current = 1
                    WHERE v.kind = 'validity' AND v.current = 1 \(rater == nil ? "" : "AND v.rater = ?")
                    ORDER BY v.rater, v.scored_at, v.id, m.scored_at DESC, m.id DESC
                    """,
                arguments: rater.map { [$0] } ?? [])
            var reads: [ValidityRead] = []
            var seen: Set<String> = []
            for row in rows {
                let rater: String = row["rater"], task: String = row["task"], component: String = row["component"], student: String = row["student"]
                // The latest master of an anchor is the one a read is checked against.
                guard seen.insert("\(rater)\u{1}\(task)\u{1}\(component)\u{1}\(student)").inserted else { continue }
                let scores = ScoreEncoding.decode(row["scores"]) ?? []
                let master = Dictionary(uniqueKeysWithValues: (ScoreEncoding.decode(row["master"]) ?? []).map { ($0.criterion, $0.score) })
                reads.append(ValidityRead(
                    rater: rater, task: task, component: component, student: student, rubric: row["rubric"],
                    scoredAt: Timestamp(iso8601: row["scored_at"] as String) ?? Timestamp(seconds: 0),
                    pairs: scores.compactMap { score in
                        master[score.criterion].map { ValidityRead.CriterionPair(criterion: score.criterion, score: score.score, master: $0) }
                    }))
            }
            return reads
        }
    }

    public func reinstate(_ reinstatement: Reinstatement) throws {
        try immediate { db in
            try db.execute(
                sql: "INSERT INTO reinstatement (rater, rubric, reason, by, at) VALUES (?, ?, ?, ?, ?)",
                arguments: [reinstatement.rater, reinstatement.rubric, reinstatement.reason, reinstatement.by, reinstatement.at.description])
        }
    }

    public func reinstatements(rater: String?) throws -> [Reinstatement] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM reinstatement \(rater == nil ? "" : "WHERE rater = ?") ORDER BY at, rater, rubric",
                arguments: rater.map { [$0] } ?? []
            ).map { row in
                Reinstatement(
                    rater: row["rater"], rubric: row["rubric"], reason: row["reason"], by: row["by"],
                    at: Timestamp(iso8601: row["at"] as String) ?? Timestamp(seconds: 0))
            }
        }
    }

    /// Runs `body` in an immediate transaction: it takes the write lock before it reads, so
    /// what it reads cannot change under it in another shell before it writes.
    func immediate<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }
}
