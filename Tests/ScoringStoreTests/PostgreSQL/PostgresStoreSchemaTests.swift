import Foundation
import Testing
import ScoringCore
@testable import ScoringStore

/// `server init`, and what a store makes of the schema it finds.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresStoreSchemaTests {
    @Test func initializingTwiceChangesNothingTheSecondTime() throws {
        let scratch = try ScratchSchema()
        let store = try scratch.store()
        let first = try store.initialize()
        #expect(first.outcome == .created)
        #expect(first.schema == scratch.name)
        #expect(first.migrationsApplied == PostgresStore.migrations.map(\.identifier))
        #expect(first.schemaVersion == PostgresStore.migrations.count)
        #expect(!first.changedNothing)

        let second = try store.initialize()
        #expect(second.outcome == .unchanged)
        #expect(second.changedNothing)
        #expect(second.migrationsApplied.isEmpty && second.rolesCreated.isEmpty && second.membershipsGranted.isEmpty)
        #expect(try scratch.store().initialize().changedNothing)
        #expect(
            try scratch.admin.query("SELECT count(*) FROM \(scratch.name).schema_migration").scalar
                == String(PostgresStore.migrations.count))
    }

    @Test func theGroupRolesMayNeitherLogInNorBypassRowLevelSecurity() throws {
        let scratch = try ScratchSchema()
        _ = try scratch.initializedStore()
        let rows = try scratch.admin.query(
            """
            SELECT rolname, rolsuper, rolbypassrls, rolcanlogin, rolcreaterole FROM pg_roles
            WHERE rolname IN ('scorebench_rater', 'scorebench_lead', 'scorebench_coordinator') ORDER BY rolname
            """
        ).rows
        #expect(rows == [
            ["scorebench_coordinator", "f", "f", "f", "t"], ["scorebench_lead", "f", "f", "f", "f"],
            ["scorebench_rater", "f", "f", "f", "f"],
        ])
        let forced = try scratch.admin.query(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = '\(scratch.name).read'::regclass"
        ).rows
        #expect(forced == [["t", "t"]])
    }

    @Test func everyTextColumnComparesBytesAsSQLiteDoes() throws {
        let scratch = try ScratchSchema()
        _ = try scratch.initializedStore()
        let columns = try scratch.admin.query(
            """
            SELECT table_name, column_name, collation_name FROM information_schema.columns
            WHERE table_schema = $1 AND data_type = 'text' ORDER BY table_name, column_name
            """, [scratch.name]
        ).rows
        #expect(columns.count > 30)
        #expect(columns.filter { $0[2] != "C" } == [])
    }

    @Test func aSchemaWithoutScoreBenchOpensButEveryMethodSaysHowToCreateIt() throws {
        let scratch = try ScratchSchema()
        let store = try scratch.store()
        let message = "the server has no ScoreBench schema yet; a coordinator runs: scorebench --db URI -c \"server init\""
        #expect(store.file == nil)
        #expect(store.location == TestServer.connectionString)
        for attempt in [
            { _ = try store.raters() }, { _ = try store.currentReads() }, { _ = try store.addStudent(Student(id: "s-1"), at: Fixtures.time) },
            { _ = try store.sessions() },
        ] as [() throws -> Void] {
            let error = #expect(throws: StoreError.self) { try attempt() }
            #expect(error?.message == message)
        }
        _ = try store.initialize()
        #expect(try store.addStudent(Student(id: "s-1"), at: Fixtures.time) == .added)
    }

    @Test func aLoginWithoutAccessToTheSchemaIsToldSo() throws {
        let scratch = try ScratchSchema()
        _ = try scratch.initializedStore()
        let stranger = try scratch.role("LOGIN PASSWORD 'stranger-pw'")
        try scratch.admin.execute("GRANT USAGE ON SCHEMA \(scratch.name) TO \(stranger)")
        let error = #expect(throws: StoreError.self) {
            try PostgresStore(connection: scratch.connect(as: stranger, password: "stranger-pw"), location: "stranger")
        }
        #expect(
            error?.message
                == "cannot open the ScoreBench store in schema \"\(scratch.name)\" of database \"\(scratch.database)\": login \"\(stranger)\" has no access to it (permission denied for table schema_migration); a coordinator gives raters logins with 'rater add ID --login'")
    }

    @Test func aSchemaFromANewerScoreBenchIsRefused() throws {
        let scratch = try ScratchSchema()
        _ = try scratch.initializedStore()
        try scratch.admin.execute("INSERT INTO \(scratch.name).schema_migration (identifier) VALUES ('submissions from the future')")
        let expected =
            "cannot open the ScoreBench store in schema \"\(scratch.name)\" of database \"\(scratch.database)\": it was written by a newer ScoreBench (schema change 'submissions from the future'); upgrade scorebench to use it; nothing was changed"
        let opening = #expect(throws: StoreError.self) { try scratch.store() }
        #expect(opening?.message == expected)
    }

    @Test func anOlderSchemaIsMigratedByInit() throws {
        let scratch = try ScratchSchema()
        _ = try scratch.initializedStore()
        let last = PostgresStore.migrations.last!.identifier
        // Undo the last change by hand, as if an older scorebench had made the schema.
        try scratch.admin.execute(
            """
            SET search_path = \(scratch.name);
            DROP TABLE audit;
            DROP FUNCTION scorebench_audit_login();
            DELETE FROM schema_migration WHERE identifier = \(try scratch.admin.quoteLiteral(last));
            RESET search_path
            """)
        let store = try scratch.store()
        let error = #expect(throws: StoreError.self) { try store.raters() }
        #expect(
            error?.message
                == "the server's ScoreBench schema is older than this scorebench (it lacks schema change '\(last)'); a coordinator runs: scorebench --db URI -c \"server init\"")
        let migrated = try store.initialize()
        #expect(migrated.outcome == .migrated)
        #expect(migrated.migrationsApplied == [last])
        #expect(try store.raters() == [])
    }

    @Test func initNeedsALoginThatMayCreateRolesAndChangesNothingWithout() throws {
        let scratch = try ScratchSchema()
        // May create tables in the schema, but not roles: it cannot make itself a coordinator.
        let login = try scratch.role("LOGIN PASSWORD 'init-test'")
        try scratch.admin.execute("GRANT CREATE, USAGE ON SCHEMA \(scratch.name) TO \(login)")
        let store = try PostgresStore(connection: scratch.connect(as: login, password: "init-test"), location: "test")
        let error = #expect(throws: StoreError.self) { try store.initialize() }
        #expect(error?.message.hasPrefix("server init needs a login that may create roles (superuser or CREATEROLE): ") == true)
        #expect(try scratch.admin.query("SELECT count(*) FROM pg_tables WHERE schemaname = '\(scratch.name)'").scalar == "0")
    }

    @Test func aNewLoginsPasswordIsSentHashedAndWorks() throws {
        let scratch = try ScratchSchema()
        let store = try scratch.initializedStore()
        let id = TestServer.uniqueName("rt")
        scratch.adopt(role: id)
        let password = PostgresStore.generatePassword()
        #expect(password.count == 20)
        #expect(password.allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) })
        #expect(PostgresStore.generatePassword() != password)
        #expect(try store.addRaterWithLogin(Rater(id: id), password: password, at: Fixtures.time) == .added)
        let stored = try scratch.admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [id]).scalar ?? ""
        #expect(stored.hasPrefix("SCRAM-SHA-256$"))

        let rater = try PostgresStore(connection: scratch.connect(as: id, password: password), location: "rater")
        #expect(try rater.currentLogin() == id)
        #expect(try rater.isCoordinatorLogin() == false)
        #expect(try store.isCoordinatorLogin() == true)
        #expect(try rater.raters() == [Rater(id: id)])

        // The same id again: no second role, and no second roster entry either.
        let again = #expect(throws: StoreError.self) {
            try store.addRaterWithLogin(Rater(id: id, name: "Again"), password: nil, at: Fixtures.time)
        }
        #expect(again?.message == "rater '\(id)' is already on the roster (role rater); use 'rater update' to change it")
        let taken = TestServer.uniqueName("rt")
        scratch.adopt(role: taken)
        try scratch.admin.execute("CREATE ROLE \(taken)")
        let clash = #expect(throws: StoreError.self) {
            try store.addRaterWithLogin(Rater(id: taken), password: nil, at: Fixtures.time)
        }
        #expect(clash?.message == "the server already has a role '\(taken)'; a rater's login is named by their id")
        #expect(try store.rater(taken) == nil)
    }

    @Test func aRatersLoginFollowsTheirRole() throws {
        let scratch = try ScratchSchema()
        let store = try scratch.initializedStore()
        let id = TestServer.uniqueName("rt")
        scratch.adopt(role: id)
        _ = try store.addRaterWithLogin(Rater(id: id), password: nil, at: Fixtures.time)
        func groups() throws -> [String] {
            try scratch.admin.query(
                """
                SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1 ORDER BY 1
                """, [id]
            ).rows.compactMap { $0[0] }
        }
        #expect(try groups() == ["scorebench_rater"])
        _ = try store.updateRater(id, name: nil, role: .lead, school: nil)
        #expect(try groups() == ["scorebench_lead"])
        _ = try store.updateRater(id, name: nil, role: .adjudicator, school: nil)
        #expect(try groups() == ["scorebench_rater"])
        #expect(try store.moveLogin(of: id, to: .rater) == false)
        #expect(try store.moveLogin(of: "nobody-\(id)", to: .lead) == false)
    }

    @Test func aCoordinatorLoginCreatesLoginsByActingAsItsGroup() throws {
        let scratch = try ScratchSchema()
        let admin = try scratch.initializedStore()
        let coordinator = TestServer.uniqueName("rt")
        scratch.adopt(role: coordinator)
        try scratch.admin.execute("CREATE ROLE \(coordinator) LOGIN PASSWORD 'coordinator-pw' IN ROLE scorebench_coordinator")
        _ = try admin.addRater(Rater(id: coordinator, role: .lead), at: Fixtures.time)
        let store = try PostgresStore(connection: scratch.connect(as: coordinator, password: "coordinator-pw"), location: "coordinator")
        #expect(try store.isCoordinatorLogin())
        let lead = TestServer.uniqueName("rt")
        scratch.adopt(role: lead)
        #expect(try store.addRaterWithLogin(Rater(id: lead, role: .lead), password: "lead-pw", at: Fixtures.time) == .added)
        let leadStore = try PostgresStore(connection: scratch.connect(as: lead, password: "lead-pw"), location: "lead")
        #expect(try leadStore.raters().map(\.id).sorted() == [coordinator, lead].sorted())
        // Demoted by the coordinator: the login leaves the leads' group and sees as a rater.
        _ = try store.updateRater(lead, name: nil, role: .rater, school: nil)
        #expect(
            try scratch.admin.query(
                "SELECT pg_has_role($1, 'scorebench_lead', 'MEMBER'), pg_has_role($1, 'scorebench_rater', 'MEMBER')", [lead]
            ).rows == [["f", "t"]])
        // A lead is no coordinator: no logins of theirs.
        let refused = #expect(throws: StoreError.self) {
            try leadStore.createLogin(rater: Rater(id: "never-\(lead)"), password: nil)
        }
        #expect(refused?.message == "this login may not create logins: only a coordinator (a member of scorebench_coordinator) may")
    }
}
