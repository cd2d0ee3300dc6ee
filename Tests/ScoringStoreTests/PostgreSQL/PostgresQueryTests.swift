import Testing
@testable import ScoringStore

/// Statements with parameters, scripts, prepared statements, errors and quoting, on a real server.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresQueryTests {
    static let awkwardTexts: [String?] = [
        nil, "", "plain", "O'Brien said \"no\"", "back\\slash", "tab\there", "two\nlines", "carriage\rreturn",
        "Ünïcödé — 評価 🎓", "e\u{301}", "$1", "'; DROP TABLE reads; --", "   spaces   ",
    ]

    @Test func parametersRoundTripWithNullUnicodeAndQuotes() throws {
        let scratch = try ScratchSchema()
        let connection = try scratch.connect()
        try connection.execute("CREATE TABLE notes (id int PRIMARY KEY, note text)")
        for (id, text) in Self.awkwardTexts.enumerated() {
            let inserted = try connection.query("INSERT INTO notes (id, note) VALUES ($1, $2)", ["\(id)", text])
            #expect(inserted.affectedRows == 1)
            #expect(inserted.command == "INSERT 0 1")
        }
        let result = try connection.query("SELECT id, note FROM notes ORDER BY id")
        #expect(result.columns == ["id", "note"])
        #expect(result.rows.map { $0[1] } == Self.awkwardTexts)
        #expect(result.affectedRows == Self.awkwardTexts.count)
        #expect(result.value("note", in: result.rows[3]) == "O'Brien said \"no\"")
        let echoed = try connection.query("SELECT $1::text, $2::text IS NULL, length($3)", ["🎓", nil, "e\u{301}"])
        #expect(echoed.rows == [["🎓", "t", "2"]])
    }

    @Test func aNulCharacterIsRefusedRatherThanCutShort() throws {
        let connection = try TestServer.admin()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT $1::text", ["before\0after"]) }
        #expect(error?.sqlState == "22021")
        #expect(throws: PostgresError.self) { try connection.quoteLiteral("a\0b") }
    }

    @Test func resultsCountWhatCommandsDid() throws {
        let scratch = try ScratchSchema()
        let connection = try scratch.connect()
        let created = try connection.query("CREATE TABLE t (id int)")
        #expect(created.affectedRows == nil)
        #expect(created.command == "CREATE TABLE")
        #expect(try connection.query("INSERT INTO t SELECT generate_series(1, 5)").affectedRows == 5)
        #expect(try connection.query("UPDATE t SET id = id + 1 WHERE id > 2").affectedRows == 3)
        #expect(try connection.query("DELETE FROM t WHERE id = 1").affectedRows == 1)
        let empty = try connection.query("SELECT id FROM t WHERE id > 100")
        #expect(empty.columns == ["id"])
        #expect(empty.rows.isEmpty)
        #expect(empty.scalar == nil)
    }

    @Test func aScriptRunsAllOrNothing() throws {
        let scratch = try ScratchSchema()
        let connection = try scratch.connect()
        try connection.execute("""
            CREATE TABLE raters (id text PRIMARY KEY);
            INSERT INTO raters VALUES ('r-1');
            INSERT INTO raters VALUES ('r-2');
            """)
        let error = #expect(throws: PostgresError.self) {
            try connection.execute("INSERT INTO raters VALUES ('r-3'); INSERT INTO raters VALUES ('r-1')")
        }
        #expect(error?.kind == .uniqueViolation)
        #expect(try connection.query("SELECT count(*) FROM raters").scalar == "2")
    }

    @Test func constraintViolationsAreClassified() throws {
        let scratch = try ScratchSchema()
        let connection = try scratch.connect()
        try connection.execute("""
            CREATE TABLE raters (id text PRIMARY KEY, name text NOT NULL);
            CREATE TABLE reads (
                id int PRIMARY KEY,
                rater text NOT NULL REFERENCES raters (id),
                score int NOT NULL CONSTRAINT score_on_scale CHECK (score BETWEEN 1 AND 4));
            INSERT INTO raters VALUES ('r-1', 'Lin');
            INSERT INTO reads VALUES (1, 'r-1', 3);
            """)
        func failure(_ sql: String) -> PostgresError? {
            #expect(throws: PostgresError.self) { try connection.execute(sql) }
        }
        let duplicate = failure("INSERT INTO raters VALUES ('r-1', 'Lin again')")
        #expect(duplicate?.kind == .uniqueViolation)
        #expect(duplicate?.sqlState == "23505")
        #expect(duplicate?.constraint == "raters_pkey")
        #expect(duplicate?.detail == "Key (id)=(r-1) already exists.")
        #expect(duplicate?.description == "duplicate key value violates unique constraint \"raters_pkey\"")
        #expect(failure("INSERT INTO reads VALUES (2, 'r-9', 3)")?.kind == .foreignKeyViolation)
        let offScale = failure("INSERT INTO reads VALUES (2, 'r-1', 7)")
        #expect(offScale?.kind == .checkViolation)
        #expect(offScale?.constraint == "score_on_scale")
        #expect(failure("INSERT INTO raters VALUES ('r-2', NULL)")?.kind == .notNullViolation)
        let syntax = failure("SELEKT 1")
        #expect(syntax?.kind == .other)
        #expect(syntax?.sqlState == "42601")
    }

    @Test func aMissingPrivilegeIsClassified() throws {
        let scratch = try ScratchSchema()
        let connection = try scratch.connect()
        let role = try scratch.role()
        // Usage of the schema, so that the table is found and its own privilege checked.
        try connection.execute("CREATE TABLE reads (id int); GRANT USAGE ON SCHEMA \(scratch.name) TO \(role); SET ROLE \(role)")
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM reads") }
        #expect(error?.kind == .insufficientPrivilege)
        #expect(error?.description == "permission denied for table reads")
        #expect(try connection.currentUser() == role)
    }

    @Test func preparedStatementsRunManyTimes() throws {
        let scratch = try ScratchSchema()
        let connection = try scratch.connect()
        try connection.execute("CREATE TABLE reads (id int PRIMARY KEY, rater text, score int)")
        let insert = try connection.prepare("INSERT INTO reads (id, rater, score) VALUES ($1, $2, $3)")
        #expect(insert.parameterCount == 3)
        try connection.execute("BEGIN")
        for id in 1...1000 {
            try insert.execute(["\(id)", id % 7 == 0 ? nil : "r-\(id % 5)", "\(id % 4 + 1)"])
        }
        try connection.execute("COMMIT")
        let count = try connection.prepare("SELECT count(*) FROM reads WHERE score = $1")
        #expect(try count.execute(["4"]).scalar == "250")
        #expect(try count.execute(["1"]).scalar == "250")
        #expect(try connection.query("SELECT count(*) FROM reads WHERE rater IS NULL").scalar == "142")

        let wrongCount = #expect(throws: PostgresError.self) { try insert.execute(["1"]) }
        #expect(wrongCount?.message == "the prepared statement takes 3 parameters, not 1")
        let duplicate = #expect(throws: PostgresError.self) { try insert.execute(["1", "r-1", "2"]) }
        #expect(duplicate?.kind == .uniqueViolation)

        try count.deallocate()
        #expect(throws: PostgresError.self) { try count.execute(["4"]) }
        #expect(throws: PostgresError.self) { try connection.prepare("SELECT * FROM no_such_table") }
        #expect(try insert.execute(["1001", "r-1", "2"]).affectedRows == 1)
    }

    @Test func quotingMakesAnyNameAndTextSafeInDDL() throws {
        let scratch = try ScratchSchema()
        let connection = try scratch.connect()
        #expect(try connection.quoteIdentifier("r-chen") == "\"r-chen\"")
        #expect(try connection.quoteIdentifier("we\"ird") == "\"we\"\"ird\"")
        #expect(try connection.quoteLiteral("O'Brien") == "'O''Brien'")
        #expect(try connection.quoteLiteral("back\\slash") == " E'back\\\\slash'")

        let name = "r-o'neil \"the\" \(UInt16.random(in: 0...UInt16.max))"
        let password = "it's a \\ secret"
        try connection.execute(
            "CREATE ROLE \(connection.quoteIdentifier(name)) LOGIN PASSWORD \(connection.quoteLiteral(password))")
        defer { try? connection.execute("DROP ROLE IF EXISTS \(connection.quoteIdentifier(name))") }
        #expect(try connection.query("SELECT count(*) FROM pg_roles WHERE rolname = $1", [name]).scalar == "1")
        let login = try scratch.connect([("host", scratch.tcpHost.host), ("user", name), ("password", password)])
        #expect(try login.currentUser() == name)
    }

    @Test func noticesAreCollectedNotPrinted() throws {
        let connection = try TestServer.admin()
        try connection.execute("DROP TABLE IF EXISTS scorebench_no_such_table")
        try connection.execute("DO $$ BEGIN RAISE NOTICE 'one'; RAISE WARNING 'two'; END $$")
        #expect(connection.takeNotices() == ["table \"scorebench_no_such_table\" does not exist, skipping", "one", "two"])
        #expect(connection.takeNotices().isEmpty)
    }
}
