import GRDB
import ScoringCore

extension SQLiteStore: RecordsWhileParsing {
    /// A first load (the store has never held a read) writes its reads while its file is
    /// parsed, the way a big load into a store with few reads goes (`record`): foreign keys
    /// off (the import checks its students, raters and rubric versions itself), the unique
    /// index of current reads built once at the end, submissions completed in one statement.
    func recordingWhileParsing(
        rubrics: [String: Rubric], at time: Timestamp, addingMissing: Bool, _ body: (any ImportWriter) throws -> Void
    ) throws -> Bool {
        try writer.writeWithoutTransaction { db in
            guard try Int64.fetchOne(db, sql: "SELECT max(id) FROM read") == nil else { return false }
            if Self.anySavedVersionDiffers(try Self.rubricSnapshots(in: db), from: rubrics) { return false }
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction {
                try Self.beginBulkLoad(in: db)
                try body(try Self.ImportWriting(db, rubrics: rubrics, at: time))
                try Self.endBulkLoad(after: 0, in: db)
                return .commit
            }
            return true
        }
    }

    private final class ImportWriting: ImportWriter {
        let db: Database
        let rubrics: [String: Rubric]
        let time: Timestamp
        // Touched by this object alone, one read at a time (see `BulkStatement.bound`).
        @exclusivity(unchecked) var inserter: ReadInserter
        var saved: Set<RubricVersionKey> = []
        var position = 0

        init(_ db: Database, rubrics: [String: Rubric], at time: Timestamp) throws {
            self.db = db
            self.rubrics = rubrics
            self.time = time
            inserter = try ReadInserter(db, recordedAt: time)
        }

        func record(_ reads: [Read]) throws {
            for read in reads {
                if position & 0xFFF == 0 { try Interruption.check() }
                position += 1
                // Most reads share the version of the read before them: only a change is looked up.
                if read.rubricVersion != last?.version || read.rubric != last?.rubric {
                    try save(RubricVersionKey(rubric: read.rubric, version: read.rubricVersion))
                    last = (read.rubric, read.rubricVersion)
                }
                try inserter.insert(read, replacing: nil)
            }
        }

        private var last: (rubric: String, version: Int)?

        /// Saves the rubric version `key` names, unless this load saved it already.
        private func save(_ key: RubricVersionKey) throws {
            guard !saved.contains(key) else { return }
            guard let rubric = rubrics[key.rubric], rubric.version == key.version else { throw StoreError.rubricNotLoaded(key) }
            try SQLiteStore.saveVersion(of: rubric, at: time, in: db)
            saved.insert(key)
        }

        func onRoster(students: [String], raters: [String]) throws -> (students: [Bool], raters: [Bool]) {
            (try SQLiteStore.onRoster(students, table: "student", in: db), try SQLiteStore.onRoster(raters, table: "rater", in: db))
        }

        func add(_ additions: RosterAdditions) throws {
            try SQLiteStore.add(additions, at: time, in: db)
        }
    }
}
