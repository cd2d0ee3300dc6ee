import GRDB

extension SQLiteStore {
    /// The schema, one append-only migration per change. Constraints live in SQLite itself, so
    /// a bug in a command can never store a read the rules forbid.
    /// At most one current read per rater, kind and session on a submission component. Kept
    /// apart because a bulk load into an empty store drops and rebuilds it.
    static let currentReadIndex = """
        CREATE UNIQUE INDEX read_current
            ON read(task, student, component, rater, kind, ifnull(session, ''))
            WHERE current = 1
        """

    /// A component's submission is complete once it has its planned reads. Kept apart because
    /// a bulk load into a store without reads drops it and completes submissions in one
    /// statement at the end (`completeSubmissions`) instead of once a read.
    static let completesSubmissionTrigger = """
        CREATE TRIGGER read_completes_submission AFTER INSERT ON read
        WHEN NEW.kind = 'read' AND NEW.replaces IS NULL
        BEGIN
            UPDATE submission SET complete = 1
            WHERE task = NEW.task AND component = NEW.component AND student = NEW.student AND complete = 0
              AND planned_reads <= (
                  SELECT count(*) FROM read r WHERE r.task = NEW.task AND r.student = NEW.student
                  AND r.component = NEW.component AND r.current = 1 AND r.kind = 'read');
        END
        """

    /// What `completesSubmissionTrigger` does for every read after id `before`, in one statement.
    static let completeSubmissions = """
        UPDATE submission SET complete = 1
        WHERE complete = 0
          AND EXISTS (
              SELECT 1 FROM read n WHERE n.id > ? AND n.kind = 'read' AND n.replaces IS NULL
              AND n.task = submission.task AND n.student = submission.student AND n.component = submission.component)
          AND planned_reads <= (
              SELECT count(*) FROM read r WHERE r.task = submission.task AND r.student = submission.student
              AND r.component = submission.component AND r.current = 1 AND r.kind = 'read')
        """

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("rosters, rubric versions and reads") { db in
            try db.execute(
                sql: """
                    CREATE TABLE rater (
                        id TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                        name TEXT,
                        role TEXT NOT NULL DEFAULT 'rater' CHECK (role IN ('rater', 'lead', 'adjudicator')),
                        added_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE student (
                        id TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                        grade TEXT,
                        school TEXT,
                        added_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE student_group (
                        student TEXT NOT NULL REFERENCES student(id),
                        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
                        PRIMARY KEY (student, name)
                    ) WITHOUT ROWID;
                    CREATE TABLE rubric_version (
                        rubric TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version > 0),
                        canonical TEXT NOT NULL,
                        source TEXT NOT NULL,
                        saved_at TEXT NOT NULL,
                        PRIMARY KEY (rubric, version)
                    ) WITHOUT ROWID;
                    CREATE TABLE read (
                        id INTEGER PRIMARY KEY,
                        student TEXT NOT NULL REFERENCES student(id),
                        task TEXT NOT NULL,
                        component TEXT NOT NULL,
                        rater TEXT NOT NULL REFERENCES rater(id),
                        kind TEXT NOT NULL CHECK (kind IN ('read', 'adjudication', 'backread', 'master', 'calibration')),
                        session TEXT,
                        rubric TEXT NOT NULL,
                        rubric_version INTEGER NOT NULL,
                        scores TEXT NOT NULL,
                        scored_at TEXT NOT NULL,
                        recorded_at TEXT NOT NULL,
                        note TEXT,
                        current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
                        replaces INTEGER REFERENCES read(id),
                        FOREIGN KEY (rubric, rubric_version) REFERENCES rubric_version(rubric, version),
                        CHECK ((kind = 'calibration') = (session IS NOT NULL))
                    );
                    """)
            try db.execute(sql: currentReadIndex)
        }
        migrator.registerMigration("condition codes") { db in
            // A read that could not be scored carries a code instead of criterion scores.
            try db.execute(sql: """
                ALTER TABLE read ADD COLUMN code TEXT
                    CHECK (code IS NULL OR code IN ('blank', 'off-topic', 'illegible', 'wrong-language'))
                """)
        }
        migrator.registerMigration("calibration sessions, anchors and qualifications") { db in
            try db.execute(
                sql: """
                    CREATE TABLE calibration_session (
                        name TEXT NOT NULL PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
                        task TEXT NOT NULL,
                        component TEXT NOT NULL,
                        rubric TEXT NOT NULL,
                        exact REAL NOT NULL CHECK (exact BETWEEN 0 AND 1),
                        within_one REAL NOT NULL CHECK (within_one BETWEEN 0 AND 1),
                        opened_at TEXT NOT NULL,
                        opened_by TEXT REFERENCES rater(id),
                        closed_at TEXT
                    ) WITHOUT ROWID;
                    CREATE TABLE session_anchor (
                        session TEXT NOT NULL REFERENCES calibration_session(name),
                        student TEXT NOT NULL REFERENCES student(id),
                        added_at TEXT NOT NULL,
                        PRIMARY KEY (session, student)
                    );
                    CREATE TABLE qualification (
                        rater TEXT NOT NULL REFERENCES rater(id),
                        session TEXT NOT NULL REFERENCES calibration_session(name),
                        rubric TEXT NOT NULL,
                        qualified INTEGER NOT NULL CHECK (qualified IN (0, 1)),
                        anchors INTEGER NOT NULL,
                        exact REAL,
                        within_one REAL,
                        bias REAL,
                        decided_at TEXT NOT NULL,
                        PRIMARY KEY (rater, session)
                    );
                    CREATE INDEX qualification_by_rubric ON qualification(rubric, rater, decided_at);
                    CREATE INDEX read_by_session ON read(session) WHERE session IS NOT NULL;
                    """)
        }
        migrator.registerMigration("scoring events: validity reads, rater schools, submissions, assignments, reinstatements") { db in
            // SQLite cannot widen a CHECK in place: the read table is rebuilt with 'validity' as
            // a kind, keeping every row, id and history link.
            try db.execute(
                sql: """
                    CREATE TABLE read_new (
                        id INTEGER PRIMARY KEY,
                        student TEXT NOT NULL REFERENCES student(id),
                        task TEXT NOT NULL,
                        component TEXT NOT NULL,
                        rater TEXT NOT NULL REFERENCES rater(id),
                        kind TEXT NOT NULL CHECK (kind IN ('read', 'adjudication', 'backread', 'master', 'calibration', 'validity')),
                        session TEXT,
                        rubric TEXT NOT NULL,
                        rubric_version INTEGER NOT NULL,
                        scores TEXT NOT NULL,
                        scored_at TEXT NOT NULL,
                        recorded_at TEXT NOT NULL,
                        note TEXT,
                        current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
                        replaces INTEGER REFERENCES read_new(id),
                        code TEXT CHECK (code IS NULL OR code IN ('blank', 'off-topic', 'illegible', 'wrong-language')),
                        FOREIGN KEY (rubric, rubric_version) REFERENCES rubric_version(rubric, version),
                        CHECK ((kind = 'calibration') = (session IS NOT NULL))
                    );
                    INSERT INTO read_new (id, student, task, component, rater, kind, session, rubric, rubric_version, scores,
                                          scored_at, recorded_at, note, current, replaces, code)
                        SELECT id, student, task, component, rater, kind, session, rubric, rubric_version, scores,
                               scored_at, recorded_at, note, current, replaces, code FROM read;
                    DROP TABLE read;
                    ALTER TABLE read_new RENAME TO read;
                    CREATE INDEX read_by_session ON read(session) WHERE session IS NOT NULL;
                    ALTER TABLE rater ADD COLUMN school TEXT CHECK (school IS NULL OR length(school) BETWEEN 1 AND 200);
                    CREATE TABLE submission (
                        task TEXT NOT NULL,
                        component TEXT NOT NULL,
                        student TEXT NOT NULL REFERENCES student(id),
                        stored_at TEXT NOT NULL,
                        text TEXT,
                        path TEXT,
                        size INTEGER CHECK (size IS NULL OR size >= 0),
                        sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
                        planned_reads INTEGER NOT NULL CHECK (planned_reads >= 1),
                        CHECK ((text IS NULL) <> (path IS NULL)),
                        CHECK ((path IS NULL) = (sha256 IS NULL) AND (path IS NULL) = (size IS NULL)),
                        PRIMARY KEY (task, component, student)
                    ) WITHOUT ROWID;
                    CREATE INDEX submission_by_age ON submission(stored_at, task, student, component);
                    CREATE TABLE assignment (
                        code TEXT NOT NULL PRIMARY KEY CHECK (length(code) = 9 AND substr(code, 1, 1) = '@'),
                        rater TEXT NOT NULL REFERENCES rater(id),
                        task TEXT NOT NULL,
                        component TEXT NOT NULL,
                        student TEXT NOT NULL REFERENCES student(id),
                        kind TEXT NOT NULL CHECK (kind IN ('live', 'validity', 'backread')),
                        read_id INTEGER REFERENCES read(id),
                        issued_at TEXT NOT NULL,
                        expires_at TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'scored', 'skipped')),
                        closed_at TEXT,
                        reason TEXT,
                        scored_read INTEGER REFERENCES read(id),
                        sequence INTEGER NOT NULL CHECK (sequence >= 1),
                        CHECK ((kind = 'backread') = (read_id IS NOT NULL)),
                        CHECK ((status = 'open') = (closed_at IS NULL)),
                        UNIQUE (rater, sequence)
                    ) WITHOUT ROWID;
                    CREATE INDEX assignment_by_work ON assignment(task, component, student, status);
                    CREATE INDEX assignment_by_rater ON assignment(rater, status);
                    CREATE TABLE reinstatement (
                        rater TEXT NOT NULL REFERENCES rater(id),
                        rubric TEXT NOT NULL,
                        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
                        by TEXT,
                        at TEXT NOT NULL,
                        PRIMARY KEY (rater, rubric, at)
                    ) WITHOUT ROWID;
                    """)
            try db.execute(sql: currentReadIndex)
        }
        migrator.registerMigration("queue indexes: work still short of its reads by age, master reads, validity reads") { db in
            // `next` walks one task component's work still short of its planned reads, oldest
            // first, and stops at the first it may give: neither all the work (100,000
            // submissions: 200 ms a call before) nor the work already read in full, which would
            // grow with every essay scored. `complete` is set, never cleared, when a component
            // has its planned reads (a correction replaces a read and changes no count).
            // Validity papers are found from the few master reads, and a rater's validity reads
            // (their lock-out standing, checked by every `next` and `score`) without a scan of
            // every read.
            try db.execute(
                sql: """
                    ALTER TABLE submission ADD COLUMN complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1));
                    UPDATE submission SET complete = 1 WHERE planned_reads <= (
                        SELECT count(*) FROM read r WHERE r.task = submission.task AND r.student = submission.student
                        AND r.component = submission.component AND r.current = 1 AND r.kind = 'read');
                    \(completesSubmissionTrigger);
                    CREATE INDEX submission_queue ON submission(task, component, stored_at, student) WHERE complete = 0;
                    CREATE INDEX read_masters ON read(task, component, student) WHERE kind = 'master' AND current = 1;
                    CREATE INDEX read_validity ON read(rater) WHERE kind = 'validity' AND current = 1;
                    """)
        }
        migrator.registerMigration("audit trail of student-level exports and reports") { db in
            // Appended to by every export and report of student-level data; never changed.
            try db.execute(
                sql: """
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
                        action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 200),
                        detail TEXT NOT NULL CHECK (length(detail) <= 2000),
                        students INTEGER NOT NULL CHECK (students >= 0)
                    );
                    CREATE TRIGGER audit_is_not_updated BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is insert-only'); END;
                    CREATE TRIGGER audit_is_not_deleted BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is insert-only'); END;
                    """)
        }
        return migrator
    }()
}
