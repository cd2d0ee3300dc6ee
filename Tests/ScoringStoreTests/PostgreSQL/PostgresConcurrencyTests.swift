import Foundation
import Testing
import ScoringCore
@testable import ScoringStore

/// Many shells at once on one server (SPEC 12): nothing acknowledged is lost, a read's history
/// never forks, and an import that is killed leaves nothing.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresConcurrencyTests {
    /// A store of its own on `schema`, for another thread.
    static func store(schema: String, applicationName: String = "scorebench") throws -> PostgresStore {
        let connection = try PostgresConnection(
            TestServer.requiredConnectionString(),
            settings: [("options", "-c search_path=\(schema)"), ("application_name", applicationName)])
        return try PostgresStore(connection: connection, location: "test")
    }

    @Test func concurrentCorrectionsOfOneSlotMakeOneChainAndKeepEveryRead() async throws {
        let scratch = try ScratchSchema()
        let store = try scratch.initializedStore()
        _ = try store.addStudent(Student(id: "s-1"), at: Fixtures.time)
        _ = try store.addRater(Rater(id: "r-1"), at: Fixtures.time)
        let schema = scratch.name
        let writers = 4, each = 8
        let outcomes = try await withThrowingTaskGroup(of: [(String, RecordOutcome)].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    try await onOwnThread {
                        let store = try Self.store(schema: schema)
                        let bank = Fixtures.bank()
                        return try (0..<each).map { index in
                            let note = "writer \(writer), correction \(index)"
                            let read = Fixtures.essayRead(3, 2, 1 + (writer + index) % 4, note: note)
                            return (note, try store.record([read], rubrics: bank.rubrics, at: Fixtures.time)[0])
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(outcomes.count == writers * each)
        #expect(outcomes.filter { $0.1 == .recorded }.count == 1)
        let history = try store.readHistory(ReadFilter(task: "essay-task", student: "s-1"))
        #expect(history.map(\.id) == (1...Int64(writers * each)).map { Optional($0) })
        #expect(history.first?.replaces == nil)
        for index in history.indices.dropFirst() {
            #expect(history[index].replaces == history[index - 1].id, "read \(index + 1) forks the history")
        }
        #expect(history.filter(\.isCurrent).map(\.id) == [history.last?.id])
        #expect(Set(history.compactMap(\.note)) == Set(outcomes.map(\.0)))
    }

    @Test func aWriterThatBypassedTheLockTurnsTheOtherIntoACorrection() async throws {
        let scratch = try ScratchSchema()
        let store = try scratch.initializedStore()
        _ = try store.addStudent(Student(id: "s-1"), at: Fixtures.time)
        _ = try store.addRater(Rater(id: "r-1"), at: Fixtures.time)
        _ = try store.record([Fixtures.essayRead(student: "s-1", rater: "r-1", kind: .backread, 1, 1, 1)], rubrics: Fixtures.bank().rubrics, at: Fixtures.time)
        // A psql session inserts the slot's first read without the id lock, and has not committed.
        let sneaky = try scratch.connect()
        try sneaky.execute(
            """
            BEGIN;
            INSERT INTO read (id, student, task, component, rater, kind, rubric, rubric_version, scores, scored_at, recorded_at, note)
            VALUES (100, 's-1', 'essay-task', 'main', 'r-1', 'read', 'essay', 1, 'claim=1;evidence=1;style=1',
                '2026-10-05T13:00:00Z', '2026-10-05T13:00:00Z', 'by hand')
            """)
        let schema = scratch.name
        let application = TestServer.uniqueName("scorebench_racer")
        let racing = Task {
            try await onOwnThread {
                let store = try Self.store(schema: schema, applicationName: application)
                return try store.record([Fixtures.essayRead(3, 3, 3)], rubrics: Fixtures.bank().rubrics, at: Fixtures.time)
            }
        }
        // The store's insert waits on the unique slot index for the uncommitted read.
        try await waitForLockWait(of: application, on: scratch.admin)
        try sneaky.execute("COMMIT")
        let outcomes = try await racing.value
        guard case .corrected(let previous) = outcomes.first else {
            Issue.record("expected a correction of the read inserted by hand, got \(outcomes)")
            return
        }
        #expect(previous.note == "by hand")
        let history = try store.readHistory(ReadFilter(kinds: [.read]))
        #expect(history.map(\.id) == [100, 101])
        #expect(history.map(\.isCurrent) == [false, true])
    }

    /// Killed once every read is in `read`, uncommitted: by the owner, whose load copies
    /// straight into `read`, and by a lead, whose load copies into a temporary table first.
    @Test(arguments: [true, false]) func aKilledImportLeavesNothing(byTheOwner: Bool) async throws {
        let scratch = try ScratchSchema()
        let store = try scratch.initializedStore()
        _ = try store.addRater(Rater(id: "r-a"), at: Fixtures.time)
        var csv = "student,task,rater,criterion,score\n"
        for student in 0..<600 {
            for rater in ["r-a", "r-b"] {
                for criterion in ["claim", "evidence", "style"] { csv += "s-\(student),essay-task,\(rater),\(criterion),\(1 + student % 4)\n" }
            }
        }
        let file = try TemporaryFile("scores.csv", contents: csv)
        var settings: [(keyword: String, value: String)] = []
        if !byTheOwner {
            let lead = TestServer.uniqueName("rt_lead")
            scratch.adopt(role: lead)
            _ = try store.addRaterWithLogin(Rater(id: lead, role: .lead), password: "lead-pw", at: Fixtures.time)
            _ = try store.addRater(Rater(id: "r-b"), at: Fixtures.time)
            settings = [("host", scratch.tcpHost.host), ("port", scratch.tcpHost.port), ("user", lead), ("password", "lead-pw")]
        }
        // A pause once the load's reads are all in, for the kill.
        try scratch.admin.execute(
            """
            SET search_path = \(scratch.name);
            CREATE FUNCTION pause() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(900); RETURN NULL; END $$;
            CREATE TRIGGER read_pause AFTER INSERT ON read FOR EACH STATEMENT EXECUTE FUNCTION pause();
            RESET search_path
            """)
        let application = TestServer.uniqueName("scorebench_import")
        let connectionString = try TestServer.requiredConnectionString()
        let schema = scratch.name, path = file.path, login = settings
        let importing = Task {
            try await onOwnThread {
                let connection = try PostgresConnection(
                    connectionString,
                    settings: [("options", "-c search_path=\(schema)"), ("application_name", application)] + login)
                let store = try PostgresStore(connection: connection, location: "test")
                _ = try store.importScores(path: path, bank: Fixtures.bank(), addMissing: true, at: Fixtures.time)
            }
        }
        let query = try await waitFor(application, on: scratch.admin, waitEvent: "PgSleep")
        #expect(query.hasPrefix(byTheOwner ? "COPY read" : "INSERT INTO read"), "paused at \(query)")
        if !byTheOwner {
            // Uncommitted: nobody else sees them. (The owner's load locks `read` itself.)
            #expect(try scratch.admin.query("SELECT count(*) FROM \(schema).read").scalar == "0")
        }
        try scratch.admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [application])
        let error = await #expect(throws: PostgresError.self) { try await importing.value }
        #expect(error?.kind == .connectionFailed)
        try scratch.admin.execute("DROP TRIGGER read_pause ON \(schema).read")
        #expect(try store.currentReads().isEmpty)
        #expect(try store.students().isEmpty)
        #expect(try store.rubricSnapshots().isEmpty)
        #expect(try scratch.admin.query("SELECT relforcerowsecurity FROM pg_class WHERE oid = '\(schema).read'::regclass").scalar == "t")
        // Every index the owner's bulk load drops and rebuilds is back.
        #expect(
            try scratch.admin.query("SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'read' ORDER BY 1", [schema])
                .rows.compactMap { $0[0] } == ["read_by_session", "read_key", "read_masters", "read_pkey", "read_replaced_once", "read_validity"])
        // And the same load, not killed, leaves the store as it should be.
        let summary = try store.importScores(path: path, bank: Fixtures.bank(), addMissing: true, at: Fixtures.time)
        #expect(summary.recorded == 1200)
    }

    /// Waits until the session named `application` waits for a lock; returns its statement.
    @discardableResult
    private func waitForLockWait(of application: String, on admin: PostgresConnection) async throws -> String {
        try await waitFor(application, on: admin, waitEventType: "Lock")
    }

    /// Waits until the session named `application` waits as said; returns its statement.
    private func waitFor(
        _ application: String, on admin: PostgresConnection, waitEventType: String? = nil, waitEvent: String? = nil
    ) async throws -> String {
        // Generous: on a busy machine a test that blocks its thread can keep this one from running for a minute.
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            if let query = try admin.query(
                """
                SELECT query FROM pg_stat_activity WHERE application_name = $1
                    AND ($2::text IS NULL OR wait_event_type = $2) AND ($3::text IS NULL OR wait_event = $3)
                """, [application, waitEventType, waitEvent]
            ).scalar {
                return query.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(application) never waited for \(waitEventType ?? waitEvent ?? "anything")")
        return ""
    }
}
