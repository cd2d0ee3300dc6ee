import Testing
import ScoringCore
@testable import ScoringStore

/// The audit trail (SPEC 15) on both engines: appended in order, never changed or removed.
@Suite(.scratchSchemas) struct AuditTests {
    static let entries = [
        AuditEntry(at: Fixtures.time, actor: "coordinator", action: "export decisions", detail: "decisions.csv (task essay-task)", students: 19),
        AuditEntry(at: Timestamp(seconds: Fixtures.time.seconds + 60), actor: "r-lee", action: "report agreement", detail: "essay-task", students: 0),
    ]

    @Test(arguments: Engine.available) func entriesAreListedOldestFirstAsWritten(engine: Engine) throws {
        let store = try engine.emptyStore()
        #expect(try store.auditEntries().isEmpty)
        for entry in Self.entries { try store.appendAudit(entry) }
        let listed = try store.auditEntries()
        #expect(listed.map { AuditEntry(at: $0.at, actor: $0.actor, action: $0.action, detail: $0.detail, students: $0.students) } == Self.entries)
        // The server names the login that wrote each line; SQLite has none.
        #expect(listed.allSatisfy { engine == .sqlite ? $0.login == nil : $0.login?.isEmpty == false })
    }

    @Test(arguments: Engine.available) func aBadEntryIsRefusedAndNothingIsWritten(engine: Engine) throws {
        let store = try engine.emptyStore()
        #expect(throws: (any Error).self) {
            try store.appendAudit(AuditEntry(at: Fixtures.time, actor: "", action: "export scores", detail: "", students: 1))
        }
        #expect(throws: (any Error).self) {
            try store.appendAudit(AuditEntry(at: Fixtures.time, actor: "coordinator", action: "export scores", detail: "", students: -1))
        }
        #expect(try store.auditEntries().isEmpty)
    }

    @Test func sqliteRefusesToChangeOrRemoveALine() throws {
        let store = try SQLiteStore.inMemory()
        try store.appendAudit(Self.entries[0])
        for sql in ["UPDATE audit SET students = 0", "DELETE FROM audit"] {
            #expect(throws: (any Error).self) { try store.writer.write { try $0.execute(sql: sql) } }
        }
        #expect(try store.auditEntries().map(\.students) == [19])
    }
}
