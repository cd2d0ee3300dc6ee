import Foundation
import Testing
import ScoringCore
@testable import ScoringStore

/// What the server itself enforces for a rater's login, whatever the client (SPEC 12): each
/// check connects as psql would, with the rater's password, and runs plain SQL.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresRowLevelSecurityTests {
    /// A calibration session with two anchors (s-1, s-2) and live work (s-3), scored by raters
    /// with logins: a lead, two raters and an adjudicator.
    final class Event {
        let scratch: ScratchSchema
        let store: PostgresStore
        let lead = TestServer.uniqueName("rt_lead")
        let alice = TestServer.uniqueName("rt_alice")
        let bob = TestServer.uniqueName("rt_bob")
        let adjudicator = TestServer.uniqueName("rt_adj")
        let password = PostgresStore.generatePassword()
        let bank = Fixtures.bank()

        init() throws {
            scratch = try ScratchSchema()
            store = try scratch.initializedStore()
            for (id, role) in [(lead, Rater.Role.lead), (alice, .rater), (bob, .rater), (adjudicator, .adjudicator)] {
                scratch.adopt(role: id)
                _ = try store.addRaterWithLogin(Rater(id: id, role: role), password: password, at: Fixtures.time)
            }
            for id in ["s-1", "s-2", "s-3"] { _ = try store.addStudent(Student(id: id), at: Fixtures.time) }
            try store.openSession(
                CalibrationSession(
                    name: "cal-1", task: "essay-task", component: "main", rubric: "essay", exact: 0.7, withinOne: 0.95,
                    openedAt: Fixtures.time))
            _ = try store.addAnchors(["s-1", "s-2"], to: "cal-1", at: Fixtures.time)
            var calibration = [Fixtures.essayRead(student: "s-1", rater: alice, kind: .calibration, 3, 3, 3, note: "alice on s-1")]
            calibration.append(Fixtures.essayRead(student: "s-1", rater: bob, kind: .calibration, 2, 2, 2, note: "bob on s-1"))
            for index in calibration.indices { calibration[index].session = "cal-1" }
            _ = try store.record(
                [
                    Fixtures.essayRead(student: "s-1", rater: lead, kind: .master, 3, 2, 3, note: "master of s-1"),
                    Fixtures.essayRead(student: "s-2", rater: lead, kind: .master, 4, 4, 4, note: "master of s-2"),
                ] + calibration + [Fixtures.essayRead(student: "s-3", rater: bob, 2, 3, 2, note: "bob on s-3")],
                rubrics: bank.rubrics, at: Fixtures.time)
        }

        func connect(as login: String) throws -> sending PostgresConnection {
            try scratch.connect(as: login, password: password)
        }

        /// `rater, student, kind, note` of every read `login` can select, by id.
        func visibleReads(as login: String, from table: String = "read") throws -> [[String?]] {
            try connect(as: login).query("SELECT rater, student, kind, note FROM \(table) ORDER BY id").rows
        }

        /// An INSERT of a read by `rater`, as a rater would type it into psql.
        func insertRead(rater: String, kind: String, student: String = "s-3", session: String? = nil, replaces: String? = nil) -> String {
            """
            INSERT INTO read (id, student, task, component, rater, kind, session, rubric, rubric_version, scores, scored_at,
                recorded_at, replaces)
            VALUES (scorebench_next_read_id(), '\(student)', 'essay-task', 'main', '\(rater)', '\(kind)',
                \(session.map { "'\($0)'" } ?? "NULL"), 'essay', 1, 'claim=1;evidence=1;style=1', '2026-10-06T09:00:00Z',
                '2026-10-06T09:00:00Z', \(replaces ?? "NULL"))
            """
        }
    }

    @Test func aRaterSeesNeitherMastersNorOthersReadsOfAnOpenSessionsAnchors() throws {
        let event = try Event()
        // Bob's read of s-3 is one of the two it needs: undecided, so hidden too (SPEC 11).
        let ownAndLive: [[String?]] = [[event.alice, "s-1", "calibration", "alice on s-1"]]
        #expect(try event.visibleReads(as: event.alice) == ownAndLive)
        #expect(try event.visibleReads(as: event.alice, from: "current_read") == ownAndLive)
        let alice = try event.connect(as: event.alice)
        #expect(try alice.query("SELECT count(*) FROM read WHERE kind = 'master' OR note LIKE 'bob on s-1%'").scalar == "0")
        #expect(try alice.query("SELECT count(*) FROM read WHERE rater = $1 AND student = 's-1'", [event.bob]).scalar == "0")
        // Bob sees his own calibration read, not Alice's.
        #expect(try event.visibleReads(as: event.bob).map { $0[3] } == ["bob on s-1", "bob on s-3"])
        // The lead who gave the master reads, and the store's own listings through a rater's login.
        let asAlice = try PostgresStore(connection: event.connect(as: event.alice), location: "alice")
        #expect(try asAlice.currentReads().map(\.note) == ["alice on s-1"])
        #expect(try asAlice.taskReads(task: "essay-task", kinds: Set(ReadKind.allCases)).count == 1)
    }

    @Test func aLeadSeesEveryReadWhileTheSessionIsOpen() throws {
        let event = try Event()
        #expect(try event.visibleReads(as: event.lead).count == 5)
        #expect(try event.visibleReads(as: event.adjudicator).count == 1)
    }

    @Test func closingTheSessionRevealsEverything() throws {
        let event = try Event()
        try event.store.closeSession("cal-1", qualifications: [], at: Fixtures.time)
        let everything = ["master of s-1", "master of s-2", "alice on s-1", "bob on s-1", "bob on s-3"]
        #expect(try event.visibleReads(as: event.adjudicator).map { $0[3] } == everything)
        // A rater still does not see Bob's undecided operational read.
        #expect(try event.visibleReads(as: event.alice).map { $0[3] } == everything.filter { $0 != "bob on s-3" })
    }

    @Test func aRaterCanNeitherUpdateNorDeleteAnyRowOfAnyTable() throws {
        let event = try Event()
        let alice = try event.connect(as: event.alice)
        let tables = [
            ("schema_migration", "identifier"), ("rater", "name"), ("student", "grade"), ("student_group", "name"),
            ("rubric_version", "source"), ("read", "note"), ("calibration_session", "closed_at"), ("session_anchor", "added_at"),
            ("qualification", "bias"),
        ]
        for (table, column) in tables {
            for statement in ["UPDATE \(table) SET \(column) = \(column)", "DELETE FROM \(table)", "TRUNCATE \(table)"] {
                do {
                    let result = try alice.query(statement)
                    #expect(result.affectedRows == 0, "\(statement) changed \(result.affectedRows ?? -1) rows")
                } catch {
                    #expect(error.kind == .insufficientPrivilege, "\(statement): \(error)")
                }
            }
        }
        // Alice's own read is no exception.
        do {
            let result = try alice.query("UPDATE read SET note = 'changed' WHERE rater = current_user")
            Issue.record("updated \(result.affectedRows ?? 0) of her own reads")
        } catch {
            #expect(error.kind == .insufficientPrivilege)
        }
        #expect(try event.visibleReads(as: event.lead).count == 5)
    }

    @Test func theAuditTrailIsInsertOnlyForEveryRoleAndNamesTheLogin() throws {
        let event = try Event()
        let alice = try event.connect(as: event.alice)
        // A rater appends through the store, and by hand, but cannot say which login wrote it.
        try PostgresStore(connection: try event.connect(as: event.alice), location: event.alice)
            .appendAudit(AuditEntry(at: Fixtures.time, actor: event.alice, action: "report agreement", detail: "a.html", students: 3))
        _ = try alice.query("INSERT INTO audit (at, actor, action, detail, students) VALUES ('2026-10-06T09:00:00Z', 'x', 'y', '', 0)")
        do {
            _ = try alice.query("INSERT INTO audit (at, actor, login, action, detail, students) VALUES ('t', 'x', 'someone', 'y', '', 0)")
            Issue.record("a rater set the login of an audit line")
        } catch {
            #expect(error.kind == .insufficientPrivilege)
        }
        // Nor read it, change it or remove it.
        for statement in ["SELECT * FROM audit", "UPDATE audit SET students = 0", "DELETE FROM audit", "TRUNCATE audit"] {
            do {
                _ = try alice.query(statement)
                Issue.record("a rater ran \(statement)")
            } catch {
                #expect(error.kind == .insufficientPrivilege, "\(statement): \(error)")
            }
        }
        // The owner reads it, and cannot change or remove a line either.
        let owner = try event.scratch.connect()
        for statement in ["UPDATE audit SET students = 0", "DELETE FROM audit", "TRUNCATE audit"] {
            #expect(throws: PostgresError.self, "\(statement)") { _ = try owner.query(statement) }
        }
        let lines = try event.store.auditEntries()
        #expect(lines.map(\.login) == [event.alice, event.alice])
        #expect(lines.map(\.students) == [3, 0])
    }

    @Test func aRaterMayInsertOnlyReadsOfTheirOwn() throws {
        let event = try Event()
        let alice = try event.connect(as: event.alice)
        for (rater, kind) in [(event.bob, "read"), (event.alice, "master"), (event.alice, "backread"), (event.alice, "adjudication")] {
            let error = #expect(throws: PostgresError.self, "\(kind) by \(rater)") { try alice.query(event.insertRead(rater: rater, kind: kind)) }
            #expect(error?.kind == .insufficientPrivilege, "\(kind) by \(rater)")
        }
        // Correcting another rater's read by naming it as replaced is no way round it.
        let bobsRead = try event.connect(as: event.lead).query("SELECT id FROM read WHERE rater = $1 AND student = 's-3'", [event.bob]).scalar!
        let fork = #expect(throws: PostgresError.self) { try alice.query(event.insertRead(rater: event.alice, kind: "read", replaces: bobsRead)) }
        #expect(fork?.kind == .foreignKeyViolation)

        try alice.query(event.insertRead(rater: event.alice, kind: "read"))
        try alice.query(event.insertRead(rater: event.alice, kind: "calibration", student: "s-2", session: "cal-1"))
        let adjudicator = try event.connect(as: event.adjudicator)
        try adjudicator.query(event.insertRead(rater: event.adjudicator, kind: "adjudication"))
        let ids = try event.connect(as: event.lead).query("SELECT id FROM read ORDER BY id").rows.compactMap { $0[0] }
        #expect(ids == ["1", "2", "3", "4", "5", "6", "7", "8"])
        #expect(try event.store.currentReads(ReadFilter(rater: event.alice)).map(\.student) == ["s-1", "s-2", "s-3"])
    }

    @Test func aRaterRecordsThroughTheStoreAsThemselvesOnly() throws {
        let event = try Event()
        let asAlice = try PostgresStore(connection: event.connect(as: event.alice), location: "alice")
        let later = Timestamp(seconds: Fixtures.time.seconds + 60)
        let outcomes = try asAlice.record(
            [Fixtures.essayRead(student: "s-3", rater: event.alice, 4, 4, 4, at: later)], rubrics: event.bank.rubrics, at: later)
        #expect(outcomes == [.recorded])
        #expect(throws: PostgresError.self) {
            try asAlice.record([Fixtures.essayRead(student: "s-2", rater: event.bob, 4, 4, 4)], rubrics: event.bank.rubrics, at: later)
        }
        // A correction of her calibration read, though she cannot see the master.
        var correction = Fixtures.essayRead(student: "s-1", rater: event.alice, kind: .calibration, 4, 3, 3, at: later)
        correction.session = "cal-1"
        let corrected = try asAlice.record([correction], rubrics: event.bank.rubrics, at: later)
        guard case .corrected(let previous) = corrected.first else {
            Issue.record("expected a correction, got \(corrected)")
            return
        }
        #expect(previous.note == "alice on s-1")
    }
}
