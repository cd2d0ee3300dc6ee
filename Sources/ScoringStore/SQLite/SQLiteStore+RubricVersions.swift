import GRDB
import ScoringCore

extension SQLiteStore {
    /// The canonical form of every rubric version that recorded reads use.
    public func rubricSnapshots() throws -> [RubricVersionKey: String] {
        try writer.read { try Self.rubricSnapshots(in: $0) }
    }

    static func rubricSnapshots(in db: Database) throws -> [RubricVersionKey: String] {
        var snapshots: [RubricVersionKey: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT rubric, version, canonical FROM rubric_version")
        while let row = try rows.next() {
            snapshots[RubricVersionKey(rubric: row[0], version: row[1])] = row[2]
        }
        return snapshots
    }

    /// The saved copy of a rubric version: the file's text as it was when first used.
    public func rubricSource(_ rubric: String, version: Int) throws -> String? {
        try writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT source FROM rubric_version WHERE rubric = ? AND version = ?", arguments: [rubric, version])
        }
    }

    /// The versions of a rubric that recorded reads use, ascending.
    public func rubricVersions(_ rubric: String) throws -> [Int] {
        try writer.read { db in
            try Int.fetchAll(db, sql: "SELECT version FROM rubric_version WHERE rubric = ? ORDER BY version", arguments: [rubric])
        }
    }

    /// Saves a copy of `rubric` the first time a read uses its version; refuses a rubric whose
    /// version was already saved with different content, since that would rewrite what earlier
    /// scores meant.
    static func saveVersion(of rubric: Rubric, at time: Timestamp, in db: Database) throws {
        let canonical = rubric.canonicalForm
        if let saved = try String.fetchOne(
            db, sql: "SELECT canonical FROM rubric_version WHERE rubric = ? AND version = ?",
            arguments: [rubric.id, rubric.version])
        {
            if saved != canonical {
                throw StoreError.rubricChanged(rubric)
            }
            return
        }
        try db.execute(
            sql: "INSERT INTO rubric_version (rubric, version, canonical, source, saved_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [rubric.id, rubric.version, canonical, rubric.source, time.description])
    }
}
