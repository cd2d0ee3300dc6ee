import ScoringCore

/// What `server init` did (`PostgresStore.initialize()`).
public struct ServerInitialization: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        /// The schema was created.
        case created
        /// An older schema was brought up to date.
        case migrated
        /// The schema was up to date.
        case unchanged
    }

    /// What happened to the schema.
    public var outcome: Outcome
    /// The PostgreSQL schema that holds the tables, and its database.
    public var schema: String
    public var database: String
    /// The group roles created (they are cluster-wide: a second database finds them there).
    public var rolesCreated: [String]
    /// Role memberships granted, as `ROLE to MEMBER`.
    public var membershipsGranted: [String]
    /// The schema changes applied, oldest first.
    public var migrationsApplied: [String]
    /// How many schema changes the schema has now, and the latest.
    public var schemaVersion: Int
    public var latestMigration: String

    /// Whether running it changed nothing at all.
    public var changedNothing: Bool { migrationsApplied.isEmpty && rolesCreated.isEmpty && membershipsGranted.isEmpty }
}

/// The schema, roles and row-level security.
///
/// **Reads are append-only.** Nobody updates a read: a correction is a new row whose `replaces`
/// names the read it corrects, and the current read of a slot (task, student, component, rater,
/// kind, session) is the one no other row replaces. `replaces` is unique, so a read is replaced
/// at most once and two corrections cannot fork a history; `read_key`, unique over the slot and
/// `coalesce(replaces, 0)`, lets a slot have one first read only (its other rows differ in
/// `replaces`). That one index is also the slot look-up's index: a second, partial index for
/// the first-read rule alone would cost every insert another index entry for no added guarantee.
///
/// **Read ids are SQLite's**, max(id) + 1, so that a store moved between engines keeps them.
/// `scorebench_next_read_id()` takes a transaction-scoped advisory lock, so writers of reads
/// take turns and a rolled-back transaction leaves no gap (a sequence would); it is SECURITY
/// DEFINER because row-level security hides rows from a rater's max(id).
///
/// **References are checked per statement.** `read`'s references to the rosters, rubric
/// versions and the read it replaces are checked once per INSERT statement, set-based over its
/// transition table, instead of by foreign keys: PostgreSQL checks a foreign key with a query per
/// row, which more than tripled the time of a statewide load's INSERT (200,000 reads, measured),
/// where one hash join per reference takes a tenth of a second. What a foreign
/// key also guards (the referenced row going away) is refused by triggers: ScoreBench never
/// deletes a student, rater, rubric version or read, and no role may.
extension PostgresStore {
    /// One append-only schema change.
    struct Migration: Sendable {
        let identifier: String
        let sql: @Sendable (SchemaNames) -> String
    }

    /// The schema the tables live in, quoted for the places its name is written into SQL.
    struct SchemaNames: Sendable {
        /// As an identifier (`"fall-event"`), for `search_path` and GRANT.
        let identifier: String
        /// As a literal, for the advisory lock's key.
        let literal: String
    }

    static let groupRoles = ["scorebench_rater", "scorebench_lead", "scorebench_coordinator"]

    /// The group role of a rater's login.
    static func group(for role: Rater.Role) -> String {
        role == .lead ? "scorebench_lead" : "scorebench_rater"
    }

    /// One first read per slot, and the slot look-up's index; kept apart because a bulk load
    /// into a store holding few reads drops and rebuilds it.
    static let readKeyIndex = """
        CREATE UNIQUE INDEX read_key ON read (task, student, component, rater, kind, coalesce(session, ''), coalesce(replaces, 0))
        """

    /// The schema, one append-only change after another; identifiers are never reused.
    static let migrations: [Migration] = [
        Migration(identifier: "rosters, rubric versions and append-only reads") { schema in
            """
            CREATE TABLE rater (
                id text COLLATE "C" NOT NULL PRIMARY KEY CHECK (char_length(id) BETWEEN 1 AND 64),
                name text COLLATE "C",
                role text COLLATE "C" NOT NULL DEFAULT 'rater' CHECK (role IN ('rater', 'lead', 'adjudicator')),
                added_at text COLLATE "C" NOT NULL
            );
            CREATE TABLE student (
                id text COLLATE "C" NOT NULL PRIMARY KEY CHECK (char_length(id) BETWEEN 1 AND 64),
                grade text COLLATE "C",
                school text COLLATE "C",
                added_at text COLLATE "C" NOT NULL
            );
            CREATE TABLE student_group (
                student text COLLATE "C" NOT NULL REFERENCES student(id),
                name text COLLATE "C" NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
                PRIMARY KEY (student, name)
            );
            CREATE TABLE rubric_version (
                rubric text COLLATE "C" NOT NULL,
                version integer NOT NULL CHECK (version > 0),
                canonical text COLLATE "C" NOT NULL,
                source text COLLATE "C" NOT NULL,
                saved_at text COLLATE "C" NOT NULL,
                PRIMARY KEY (rubric, version)
            );
            CREATE TABLE read (
                id bigint NOT NULL PRIMARY KEY CHECK (id > 0),
                student text COLLATE "C" NOT NULL,
                task text COLLATE "C" NOT NULL,
                component text COLLATE "C" NOT NULL,
                rater text COLLATE "C" NOT NULL,
                kind text COLLATE "C" NOT NULL CHECK (kind IN ('read', 'adjudication', 'backread', 'master', 'calibration')),
                session text COLLATE "C",
                rubric text COLLATE "C" NOT NULL,
                rubric_version integer NOT NULL,
                scores text COLLATE "C" NOT NULL,
                scored_at text COLLATE "C" NOT NULL,
                recorded_at text COLLATE "C" NOT NULL,
                note text COLLATE "C",
                replaces bigint CHECK (replaces < id),
                code text COLLATE "C" CHECK (code IS NULL OR code IN ('blank', 'off-topic', 'illegible', 'wrong-language')),
                CHECK ((kind = 'calibration') = (session IS NOT NULL))
            );
            \(readKeyIndex);
            CREATE UNIQUE INDEX read_replaced_once ON read (replaces) WHERE replaces IS NOT NULL;

            CREATE VIEW current_read WITH (security_invoker = true) AS
                SELECT r.* FROM read r WHERE NOT EXISTS (SELECT FROM read n WHERE n.replaces = r.id);

            CREATE FUNCTION scorebench_next_read_id() RETURNS bigint
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = \(schema.identifier), pg_temp AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtextextended('scorebench read ids in ' || \(schema.literal), 0));
                RETURN (SELECT coalesce(max(id), 0) + 1 FROM read);
            END $$;
            REVOKE ALL ON FUNCTION scorebench_next_read_id() FROM PUBLIC;

            -- Each check is planned when it runs (EXECUTE), for the statement's own number of
            -- rows: a plan cached from one-read statements would probe an index per row of a
            -- 200,000-read load instead of hashing.
            CREATE FUNCTION scorebench_check_new_reads() RETURNS trigger
            LANGUAGE plpgsql SET search_path = \(schema.identifier), pg_temp AS $$
            DECLARE
                bad text;
            BEGIN
                EXECUTE 'SELECT n.student FROM new_read n
                    WHERE NOT EXISTS (SELECT FROM student s WHERE s.id = n.student)' INTO bad;
                IF bad IS NOT NULL THEN
                    RAISE foreign_key_violation USING
                        MESSAGE = 'insert or update on table "read" violates foreign key constraint "read_student_fkey"',
                        DETAIL = format('Key (student)=(%s) is not present in table "student".', bad),
                        CONSTRAINT = 'read_student_fkey';
                END IF;
                EXECUTE 'SELECT n.rater FROM new_read n
                    WHERE NOT EXISTS (SELECT FROM rater r WHERE r.id = n.rater)' INTO bad;
                IF bad IS NOT NULL THEN
                    RAISE foreign_key_violation USING
                        MESSAGE = 'insert or update on table "read" violates foreign key constraint "read_rater_fkey"',
                        DETAIL = format('Key (rater)=(%s) is not present in table "rater".', bad),
                        CONSTRAINT = 'read_rater_fkey';
                END IF;
                EXECUTE 'SELECT format(''%s, %s'', n.rubric, n.rubric_version) FROM new_read n
                    WHERE NOT EXISTS (SELECT FROM rubric_version v WHERE v.rubric = n.rubric AND v.version = n.rubric_version)'
                    INTO bad;
                IF bad IS NOT NULL THEN
                    RAISE foreign_key_violation USING
                        MESSAGE = 'insert or update on table "read" violates foreign key constraint "read_rubric_version_fkey"',
                        DETAIL = format('Key (rubric, rubric_version)=(%s) is not present in table "rubric_version".', bad),
                        CONSTRAINT = 'read_rubric_version_fkey';
                END IF;
                -- A correction replaces a read of its own slot, and no other. Most loads correct
                -- nothing: they skip the join with every read.
                IF EXISTS (SELECT FROM new_read WHERE replaces IS NOT NULL) THEN
                    EXECUTE 'SELECT format(''read %s replaces %s'', n.id, n.replaces)
                        FROM (SELECT * FROM new_read WHERE replaces IS NOT NULL) n LEFT JOIN read p ON p.id = n.replaces
                        WHERE p.id IS NULL
                            OR (p.task, p.student, p.component, p.rater, p.kind, coalesce(p.session, ''''))
                                IS DISTINCT FROM (n.task, n.student, n.component, n.rater, n.kind, coalesce(n.session, ''''))'
                        INTO bad;
                    IF bad IS NOT NULL THEN
                        RAISE foreign_key_violation USING
                            MESSAGE = 'insert or update on table "read" violates foreign key constraint "read_replaces_fkey"',
                            DETAIL = format('%s, which is not a read of the same slot.', bad),
                            CONSTRAINT = 'read_replaces_fkey';
                    END IF;
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER read_references AFTER INSERT ON read
                REFERENCING NEW TABLE AS new_read FOR EACH STATEMENT EXECUTE FUNCTION scorebench_check_new_reads();

            CREATE FUNCTION scorebench_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE restrict_violation USING MESSAGE = format(
                    '%s on table "%s" is refused: ScoreBench never changes or removes what scores rest on (a read is corrected by a new read)',
                    TG_OP, TG_TABLE_NAME);
            END $$;
            CREATE TRIGGER read_is_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON read
                FOR EACH STATEMENT EXECUTE FUNCTION scorebench_refuse_change();
            CREATE TRIGGER rubric_version_is_kept BEFORE UPDATE OR DELETE OR TRUNCATE ON rubric_version
                FOR EACH STATEMENT EXECUTE FUNCTION scorebench_refuse_change();
            CREATE TRIGGER student_is_kept BEFORE UPDATE OF id OR DELETE OR TRUNCATE ON student
                FOR EACH STATEMENT EXECUTE FUNCTION scorebench_refuse_change();
            CREATE TRIGGER rater_is_kept BEFORE UPDATE OF id OR DELETE OR TRUNCATE ON rater
                FOR EACH STATEMENT EXECUTE FUNCTION scorebench_refuse_change();
            """
        },
        Migration(identifier: "calibration sessions, anchors and qualifications") { _ in
            // `position` orders anchors and qualifications as they were added, as SQLite's rowid does.
            """
            CREATE TABLE calibration_session (
                name text COLLATE "C" NOT NULL PRIMARY KEY CHECK (char_length(name) BETWEEN 1 AND 64),
                task text COLLATE "C" NOT NULL,
                component text COLLATE "C" NOT NULL,
                rubric text COLLATE "C" NOT NULL,
                exact double precision NOT NULL CHECK (exact BETWEEN 0 AND 1),
                within_one double precision NOT NULL CHECK (within_one BETWEEN 0 AND 1),
                opened_at text COLLATE "C" NOT NULL,
                opened_by text COLLATE "C" REFERENCES rater(id),
                closed_at text COLLATE "C"
            );
            CREATE TABLE session_anchor (
                session text COLLATE "C" NOT NULL REFERENCES calibration_session(name),
                student text COLLATE "C" NOT NULL REFERENCES student(id),
                added_at text COLLATE "C" NOT NULL,
                position bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
                PRIMARY KEY (session, student)
            );
            CREATE TABLE qualification (
                rater text COLLATE "C" NOT NULL REFERENCES rater(id),
                session text COLLATE "C" NOT NULL REFERENCES calibration_session(name),
                rubric text COLLATE "C" NOT NULL,
                qualified boolean NOT NULL,
                anchors integer NOT NULL,
                exact double precision,
                within_one double precision,
                bias double precision,
                decided_at text COLLATE "C" NOT NULL,
                position bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
                PRIMARY KEY (rater, session)
            );
            CREATE INDEX qualification_by_rubric ON qualification (rubric, rater, decided_at);
            CREATE INDEX read_by_session ON read (session) WHERE session IS NOT NULL;
            """
        },
        Migration(identifier: "privileges of the group roles and row-level security on reads") { schema in
            // Raters read every table (row-level security filters `read`) and add their own
            // reads and the rubric versions those use; leads also keep the student roster and
            // run calibration; coordinators also keep the rater roster. Nobody may UPDATE or
            // DELETE a read. Group removal is a DELETE on `student_group`, which holds no scores.
            //
            // The SELECT policy's first test is an InitPlan (evaluated once per query, not per row)
            // and its anchor test a hashed subplan, so a lead's or a rater's scan of a million
            // reads costs one pass.
            """
            GRANT USAGE ON SCHEMA \(schema.identifier) TO scorebench_rater;
            GRANT SELECT ON schema_migration, rater, student, student_group, rubric_version, read, current_read,
                calibration_session, session_anchor, qualification TO scorebench_rater;
            GRANT INSERT ON read, rubric_version TO scorebench_rater;
            GRANT EXECUTE ON FUNCTION scorebench_next_read_id() TO scorebench_rater;
            GRANT INSERT, UPDATE (grade, school) ON student TO scorebench_lead;
            GRANT INSERT, DELETE ON student_group TO scorebench_lead;
            GRANT INSERT, UPDATE (closed_at) ON calibration_session TO scorebench_lead;
            GRANT INSERT ON session_anchor, qualification TO scorebench_lead;
            GRANT INSERT, UPDATE (name, role) ON rater TO scorebench_coordinator;

            ALTER TABLE read ENABLE ROW LEVEL SECURITY;
            ALTER TABLE read FORCE ROW LEVEL SECURITY;
            CREATE POLICY read_visible ON read FOR SELECT USING (
                (SELECT pg_has_role('scorebench_lead', 'MEMBER'))
                OR (rater = current_user AND kind <> 'master')
                OR NOT EXISTS (
                    SELECT FROM session_anchor a JOIN calibration_session s ON s.name = a.session
                    WHERE s.closed_at IS NULL AND s.task = read.task AND s.component = read.component
                      AND a.student = read.student));
            CREATE POLICY read_insert_by_lead ON read FOR INSERT TO scorebench_lead WITH CHECK (true);
            CREATE POLICY read_insert_own ON read FOR INSERT TO scorebench_rater WITH CHECK (
                rater = current_user AND (kind IN ('read', 'calibration')
                    OR (kind = 'adjudication' AND (SELECT r.role FROM rater r WHERE r.id = current_user) = 'adjudicator')));
            """
        },
        eventsMigration,
        auditMigration,
    ]

    // MARK: Opening

    /// What the session's schema holds.
    ///
    /// - Throws: `StoreError` when it holds a schema change this ScoreBench does not know.
    static func schemaStatus(on connection: PostgresConnection) throws -> SchemaStatus {
        let row = try connection.query(
            """
            SELECT current_schema(), current_schema() IS NOT NULL
                AND to_regclass(quote_ident(current_schema()) || '.schema_migration') IS NOT NULL
            """
        ).rows[0]
        guard let schema = row[0], row[1] == "t" else { return .missing }
        let applied: [String]
        do {
            applied = try appliedMigrations(schema: schema, on: connection)
        } catch let error as PostgresError where error.kind == .insufficientPrivilege {
            throw StoreError(
                "cannot open the ScoreBench store in schema \"\(schema)\" of database \"\(connection.database)\": login \"\(connection.user)\" has no access to it (\(error.description)); a coordinator gives raters logins with 'rater add ID --login'")
        }
        try refuseNewer(applied, schema: schema, database: connection.database)
        if let lacking = migrations.first(where: { !applied.contains($0.identifier) }) {
            return .older(lacking: lacking.identifier)
        }
        return .current
    }

    private static func appliedMigrations(schema: String, on connection: PostgresConnection) throws -> [String] {
        try connection.query("SELECT identifier FROM \(connection.quoteIdentifier(schema)).schema_migration ORDER BY applied_at")
            .rows.compactMap { $0[0] }
    }

    private static func refuseNewer(_ applied: [String], schema: String, database: String) throws {
        let known = Set(migrations.map(\.identifier))
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw StoreError(
                "cannot open the ScoreBench store in schema \"\(schema)\" of database \"\(database)\": it was written by a newer ScoreBench (schema change '\(unknown)'); upgrade scorebench to use it; nothing was changed")
        }
    }

    // MARK: server init

    /// Creates or migrates the schema in the session's current schema (the first of its
    /// `search_path` that exists), creates the group roles if missing, and makes the login a
    /// coordinator; all in one transaction, so a failure leaves nothing. Running it again changes
    /// nothing and says so.
    ///
    /// The tables belong to the login that runs it, which must be able to create roles
    /// (superuser, or CREATEROLE) and tables in the schema. Because `read` forces row-level
    /// security on its owner too, a login that is no superuser is granted
    /// `scorebench_coordinator`, which sees every read.
    ///
    /// - Throws: `StoreError` for a server older than PostgreSQL 15 (views that check the
    ///   caller's privileges came with 15), a login that may not create roles or tables, a
    ///   schema holding other tables of the same names, or a newer ScoreBench's schema.
    public func initialize() throws -> ServerInitialization {
        try withSession { connection, status in
            let result = try connection.transaction(.readCommitted) { connection in
                try Self.initialize(on: connection)
            }
            // Statements prepared against the old schema are planned afresh.
            if !result.migrationsApplied.isEmpty { connection.forgetCachedStatements() }
            status = .current
            return result
        }
    }

    private static func initialize(on connection: PostgresConnection) throws -> ServerInitialization {
        guard connection.serverVersion >= 150_000 else {
            throw StoreError("server init needs PostgreSQL 15 or newer; the server runs \(connection.serverVersionString)")
        }
        // Two coordinators running init at once take turns; the second finds nothing to do.
        try connection.query("SELECT pg_advisory_xact_lock(hashtextextended('scorebench server init', 0))")
        let session = try connection.query(
            "SELECT current_schema(), current_user, rolsuper, current_setting('search_path') FROM pg_roles WHERE rolname = current_user"
        ).rows[0]
        let login = session[1] ?? ""
        guard let schema = session[0] else {
            throw StoreError(
                "server init found no schema to create ScoreBench's tables in: none of the search_path (\(session[3] ?? "")) exists; create one, or name one with options=-csearch_path=NAME")
        }
        let names = SchemaNames(identifier: try connection.quoteIdentifier(schema), literal: try connection.quoteLiteral(schema))

        let rolesCreated = try createGroupRoles(on: connection)
        var memberships = try grantGroupMemberships(on: connection)
        if session[2] != "t",
            try connection.query("SELECT pg_has_role('scorebench_coordinator', 'MEMBER')").scalar != "t"
        {
            do {
                try connection.execute("GRANT scorebench_coordinator TO \(connection.quoteIdentifier(login))")
            } catch {
                guard error.kind == .insufficientPrivilege else { throw error }
                throw StoreError("server init needs a login that may create roles (superuser or CREATEROLE): \(error.description)")
            }
            memberships.append("scorebench_coordinator to \(login)")
        }

        let hasHistory = try connection.query(
            "SELECT to_regclass($1) IS NOT NULL", [names.identifier + ".schema_migration"]
        ).scalar == "t"
        var applied: [String] = []
        if hasHistory {
            applied = try appliedMigrations(schema: schema, on: connection)
            try refuseNewer(applied, schema: schema, database: connection.database)
        } else {
            try refuseForeignTables(in: schema, on: connection)
            try asOwner(schema: schema) {
                try connection.execute(
                    """
                    CREATE TABLE schema_migration (
                        identifier text COLLATE "C" NOT NULL PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
                    )
                    """)
            }
        }
        var appliedNow: [String] = []
        for migration in migrations where !applied.contains(migration.identifier) {
            try asOwner(schema: schema) { try connection.execute(migration.sql(names)) }
            try connection.query("INSERT INTO schema_migration (identifier) VALUES ($1)", [migration.identifier])
            appliedNow.append(migration.identifier)
        }
        return ServerInitialization(
            outcome: appliedNow.isEmpty ? .unchanged : applied.isEmpty ? .created : .migrated,
            schema: schema, database: connection.database, rolesCreated: rolesCreated, membershipsGranted: memberships,
            migrationsApplied: appliedNow, schemaVersion: migrations.count, latestMigration: migrations.last!.identifier)
    }

    /// Creates the group roles that are missing; returns those created.
    ///
    /// None may log in, and none is superuser or BYPASSRLS. Each is a member of the one before:
    /// a lead has every privilege of a rater, a coordinator every privilege of a lead.
    /// `scorebench_coordinator` has CREATEROLE so that a coordinator can create raters' logins
    /// (`rater add --login`) by acting as it; role attributes are not inherited, so only that
    /// group, not each coordinator's own login, needs it. On PostgreSQL 15 CREATEROLE may
    /// grant membership in any role but a superuser, so membership of `scorebench_coordinator`
    /// is for the people trusted to run the event.
    private static func createGroupRoles(on connection: PostgresConnection) throws -> [String] {
        let existing = try connection.query(
            "SELECT rolname, rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ANY($1::text[])",
            [PostgresConnection.arrayLiteral(groupRoles)]
        ).rows
        for row in existing where row[1] == "t" || row[2] == "t" || row[3] == "t" {
            let name = row[0] ?? ""
            throw StoreError(
                "role \(name) exists but may log in, is a superuser or bypasses row-level security; ScoreBench's group roles must not: ALTER ROLE \(name) NOLOGIN NOSUPERUSER NOBYPASSRLS, then run server init again")
        }
        let present = Set(existing.compactMap { $0[0] })
        let attributes = "NOLOGIN NOSUPERUSER NOCREATEDB NOREPLICATION NOBYPASSRLS INHERIT"
        var created: [String] = []
        for role in groupRoles where !present.contains(role) {
            let createRole = role == "scorebench_coordinator" ? "CREATEROLE" : "NOCREATEROLE"
            do {
                // Group roles are shared by every database of the server: another init may be
                // creating the same one right now, in which case it is simply there.
                try connection.execute(
                    """
                    DO $$ BEGIN
                        CREATE ROLE \(role) \(attributes) \(createRole);
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                    END $$
                    """)
            } catch {
                guard error.kind == .insufficientPrivilege else { throw error }
                throw StoreError("server init needs a login that may create roles (superuser or CREATEROLE): \(error.description)")
            }
            created.append(role)
        }
        return created
    }

    /// Grants the memberships between the group roles that are missing; returns them.
    private static func grantGroupMemberships(on connection: PostgresConnection) throws -> [String] {
        // (role, member, with admin option): a coordinator puts logins into the rater and lead
        // groups, which PostgreSQL 16 and later allow only with the admin option.
        let wanted = [
            ("scorebench_rater", "scorebench_lead", false),
            ("scorebench_lead", "scorebench_coordinator", true),
            ("scorebench_rater", "scorebench_coordinator", true),
        ]
        let rows = try connection.query(
            """
            SELECT r.rolname, m.rolname, a.admin_option FROM pg_auth_members a
            JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
            WHERE r.rolname = ANY($1::text[]) AND m.rolname = ANY($1::text[])
            """, [PostgresConnection.arrayLiteral(groupRoles)]
        ).rows
        var granted: [String] = []
        for (role, member, admin) in wanted {
            let present = rows.contains { $0[0] == role && $0[1] == member && (!admin || $0[2] == "t") }
            if present { continue }
            try connection.execute("GRANT \(role) TO \(member)\(admin ? " WITH ADMIN OPTION" : "")")
            granted.append("\(role) to \(member)")
        }
        return granted
    }

    private static let tableNames = [
        "schema_migration", "rater", "student", "student_group", "rubric_version", "read", "current_read",
        "calibration_session", "session_anchor", "qualification", "submission", "assignment", "reinstatement", "audit",
    ]

    /// Refuses a schema that already holds tables of ScoreBench's names without its history.
    private static func refuseForeignTables(in schema: String, on connection: PostgresConnection) throws {
        let clashes = try connection.query(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) ORDER BY c.relname
            """, [schema, PostgresConnection.arrayLiteral(tableNames)]
        ).rows.compactMap { $0[0] }
        if !clashes.isEmpty {
            throw StoreError(
                "schema \"\(schema)\" already holds \(clashes.joined(separator: ", ")) but no ScoreBench schema; run server init in another schema (options=-csearch_path=NAME); nothing was changed")
        }
    }

    /// Runs DDL, explaining a login that may not create tables in the schema or alter them.
    private static func asOwner(schema: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as PostgresError where error.kind == .insufficientPrivilege {
            throw StoreError(
                "server init cannot create or change ScoreBench's tables in schema \"\(schema)\": \(error.description); run it as the login that owns them, or one with CREATE on the schema")
        }
    }
}
