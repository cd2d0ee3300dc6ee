import GRDB
import ScoringCore

extension SQLiteStore {
    public func appendAudit(_ entry: AuditEntry) throws {
        try immediate { db in
            try db.execute(
                sql: "INSERT INTO audit (at, actor, action, detail, students) VALUES (?, ?, ?, ?, ?)",
                arguments: [entry.at.description, entry.actor, entry.action, entry.detail, entry.students])
        }
    }

    public func auditEntries() throws -> [AuditEntry] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT at, actor, action, detail, students FROM audit ORDER BY id").map { row in
                AuditEntry(
                    at: Timestamp(iso8601: row["at"] as String) ?? Timestamp(seconds: 0), actor: row["actor"], action: row["action"],
                    detail: row["detail"], students: row["students"])
            }
        }
    }
}
