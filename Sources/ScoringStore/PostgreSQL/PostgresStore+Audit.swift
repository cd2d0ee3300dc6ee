import ScoringCore

extension PostgresStore {
    /// The audit trail (SPEC 15): every role may append to it, only coordinators read it, and
    /// no one — not even the tables' owner — changes or removes a line. The server, not the
    /// client, says which login wrote a line.
    static let auditMigration = Migration(identifier: "audit trail of student-level exports and reports") { _ in
        """
        CREATE TABLE audit (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at text COLLATE "C" NOT NULL,
            actor text COLLATE "C" NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 200),
            login text COLLATE "C" NOT NULL DEFAULT session_user,
            action text COLLATE "C" NOT NULL CHECK (char_length(action) BETWEEN 1 AND 200),
            detail text COLLATE "C" NOT NULL CHECK (char_length(detail) <= 2000),
            students integer NOT NULL CHECK (students >= 0)
        );
        CREATE FUNCTION scorebench_audit_login() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.login := session_user;
            RETURN NEW;
        END $$;
        CREATE TRIGGER audit_login BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION scorebench_audit_login();
        CREATE TRIGGER audit_is_kept BEFORE UPDATE OR DELETE OR TRUNCATE ON audit
            FOR EACH STATEMENT EXECUTE FUNCTION scorebench_refuse_change();
        REVOKE ALL ON audit FROM PUBLIC;
        GRANT INSERT (at, actor, action, detail, students) ON audit TO scorebench_rater;
        GRANT SELECT ON audit TO scorebench_coordinator;
        """
    }

    public func appendAudit(_ entry: AuditEntry) throws {
        try writing { connection in
            try connection.query(
                "INSERT INTO audit (at, actor, action, detail, students) VALUES ($1, $2, $3, $4, $5)",
                [entry.at.description, entry.actor, entry.action, entry.detail, String(entry.students)])
        }
    }

    public func auditEntries() throws -> [AuditEntry] {
        try readingOne { connection in
            try connection.query("SELECT at, actor, login, action, detail, students FROM audit ORDER BY id").rows.map { row in
                AuditEntry(
                    at: Timestamp(iso8601: row[0] ?? "") ?? Timestamp(seconds: 0), actor: row[1] ?? "", login: row[2], action: row[3] ?? "",
                    detail: row[4] ?? "", students: Int(row[5] ?? "") ?? 0)
            }
        }
    }
}
