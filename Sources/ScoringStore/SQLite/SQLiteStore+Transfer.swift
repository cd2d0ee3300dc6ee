import Foundation
import GRDB
import ScoringCore

extension SQLiteStore {
    // MARK: Opening a file to move

    /// Opens a store file only to read it (`import store`): it is never created, never
    /// migrated in place, never written to. Release the store once read: closing it removes
    /// the files SQLite keeps beside a store in WAL mode while it is open.
    ///
    /// A store written by an older ScoreBench is brought up to date in a copy in memory.
    ///
    /// - Throws: `StoreError` for a missing file, a folder, a file that is not SQLite or not a
    ///   ScoreBench store, or one written by a newer ScoreBench.
    public static func openForReading(path: String) throws -> SQLiteStore {
        _ = settings
        guard !path.isEmpty else { throw StoreError("give the store file to import") }
        let shown = Quoting.visible(path, limit: 1000)
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StoreError("cannot read \(shown): \(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))")
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw StoreError("cannot read \(shown): it is a folder, not a ScoreBench store")
        default: throw StoreError("cannot read \(shown): it is not a regular file, so not a ScoreBench store")
        }
        guard access(path, R_OK) == 0 else { throw StoreError("cannot read \(shown): \(String(cString: strerror(errno)))") }
        guard status.st_size > 0 else { throw StoreError("cannot import \(shown): it is empty, not a ScoreBench store") }
        var configuration = Configuration()
        // Only read either way; but a read-only connection to a store in WAL mode (as every
        // shell leaves it) cannot remove the `-wal` and `-shm` files it makes beside it, so a
        // file ScoreBench may write is opened as a writer, which removes them when it closes.
        configuration.readonly = access(path, W_OK) != 0
        // Another shell may be writing it: wait for it, as the store itself does.
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        let queue: DatabaseQueue
        let probe: (tables: [String], applied: [String])
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            probe = try queue.read { db in
                let tables = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")
                let applied = tables.contains("grdb_migrations")
                    ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
                return (tables, applied)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError("cannot import \(shown): it is not a SQLite database, so not a ScoreBench store")
        } catch let error as DatabaseError {
            throw StoreError("cannot read \(shown): \(error.message ?? "\(error)")")
        }
        let known = migrator.migrations
        guard let first = known.first, probe.applied.contains(first) else {
            try? queue.close()
            let shownTables = probe.tables.prefix(5).joined(separator: ", ") + (probe.tables.count > 5 ? ", …" : "")
            throw StoreError(
                "cannot import \(shown): it is a SQLite database but not a ScoreBench store"
                    + (probe.tables.isEmpty ? " (it holds no tables)" : " (it holds \(Format.count(probe.tables.count, "table")): \(shownTables))"))
        }
        if let unknown = probe.applied.first(where: { !known.contains($0) }) {
            try? queue.close()
            throw StoreError(
                "cannot import \(shown): it was written by a newer ScoreBench (schema change '\(unknown)'); upgrade scorebench to import it")
        }
        if known.allSatisfy(probe.applied.contains) {
            return try SQLiteStore(queue, path: path, migrating: false)
        }
        var memoryConfiguration = Configuration()
        memoryConfiguration.foreignKeysEnabled = true
        let memory = try DatabaseQueue(configuration: memoryConfiguration)
        try queue.backup(to: memory)
        try queue.close()
        return try SQLiteStore(memory, path: path)
    }

    /// Writes `contents` as a new store into the empty file at `path` (`export store`), in one
    /// transaction, with every read's id kept. The file is left in rollback-journal mode and
    /// closed, so it is one self-contained file with no `-wal` or `-shm` beside it, synced to
    /// disk at the commit.
    public static func write(_ contents: StoreContents, intoEmptyFile path: String, at time: Timestamp) throws -> StoreMergeSummary {
        _ = settings
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // The pages of any new store (`SQLiteStore.pageSize`), fixed by its first write.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA page_size = \(pageSize)") }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        do {
            let summary = try SQLiteStore(queue, path: path).merge(contents, loadedRubrics: [:], at: time)
            try queue.close()
            return summary
        } catch {
            try? queue.close()
            throw error
        }
    }

    // MARK: Contents

    public func contents() throws -> StoreContents {
        try writer.read { db in try Self.contents(in: db) }
    }

    static func contents(in db: Database) throws -> StoreContents {
        var contents = StoreContents()
        contents.raters = try Row.fetchAll(db, sql: "SELECT id, name, role, school FROM rater ORDER BY id").map(rater(from:))
        contents.students = try allStudents(in: db)
        contents.rubricVersions = try rubricVersions(in: db)
        contents.submissions = try Row.fetchAll(db, sql: "SELECT * FROM submission ORDER BY stored_at, task, student, component")
            .map(submission(from:))
        (contents.sessions, contents.anchors, contents.qualifications) = try calibration(in: db)
        contents.reinstatements = try allReinstatements(in: db)
        let rows = try Row.fetchCursor(db, sql: "SELECT \(readColumns) FROM read ORDER BY id")
        while let row = try rows.next() { contents.reads.append(read(from: row)) }
        return contents
    }

    private static func rubricVersions(in db: Database) throws -> [RubricVersion] {
        try Row.fetchAll(db, sql: "SELECT rubric, version, canonical, source, saved_at FROM rubric_version ORDER BY rubric, version").map {
            RubricVersion(
                rubric: $0[0], version: $0[1], canonical: $0[2], source: $0[3],
                savedAt: Timestamp(iso8601: $0[4] as String) ?? Timestamp(seconds: 0))
        }
    }

    private static func calibration(in db: Database) throws -> ([CalibrationSession], [SessionAnchor], [Qualification]) {
        let names = try String.fetchAll(db, sql: "SELECT name FROM calibration_session ORDER BY opened_at, name")
        let sessions = try names.compactMap { try session($0, in: db) }
        var anchors: [SessionAnchor] = []
        for session in sessions {
            anchors += try Row.fetchAll(
                db, sql: "SELECT student, added_at FROM session_anchor WHERE session = ? ORDER BY added_at, rowid", arguments: [session.name]
            ).map { SessionAnchor(session: session.name, student: $0[0], addedAt: Timestamp(iso8601: $0[1] as String) ?? Timestamp(seconds: 0)) }
        }
        let qualifications = try Row.fetchAll(
            db,
            sql: """
                SELECT rater, session, rubric, qualified, anchors, exact, within_one, bias, decided_at
                FROM qualification ORDER BY decided_at, rowid
                """
        ).map { row in
            Qualification(
                rater: row["rater"], session: row["session"], rubric: row["rubric"], qualified: row["qualified"],
                anchors: row["anchors"], exact: row["exact"], withinOne: row["within_one"], bias: row["bias"],
                decidedAt: Timestamp(iso8601: row["decided_at"] as String) ?? Timestamp(seconds: 0))
        }
        return (sessions, anchors, qualifications)
    }

    private static func allReinstatements(in db: Database) throws -> [Reinstatement] {
        try Row.fetchAll(db, sql: "SELECT rater, rubric, reason, by, at FROM reinstatement ORDER BY at, rater, rubric").map { row in
            Reinstatement(
                rater: row["rater"], rubric: row["rubric"], reason: row["reason"], by: row["by"],
                at: Timestamp(iso8601: row["at"] as String) ?? Timestamp(seconds: 0))
        }
    }

    // MARK: Merging

    /// Merges another store's contents into this one in one immediate transaction.
    public func merge(_ contents: StoreContents, loadedRubrics: [RubricVersionKey: String], at time: Timestamp) throws -> StoreMergeSummary {
        try immediate { db in
            let next = (try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM read") ?? 0) + 1
            let target = try Self.mergeTarget(for: contents, holdingReads: next > 1, in: db)
            let plan = try StoreMergePlan.make(
                source: contents, target: target, nextReadID: next, loadedRubrics: loadedRubrics, at: time)
            try Self.apply(plan, at: time, in: db)
            return plan.summary
        }
    }

    /// What this store holds that `contents` could collide with (see `StoreMergePlan.make`).
    private static func mergeTarget(for contents: StoreContents, holdingReads: Bool, in db: Database) throws -> StoreContents {
        var target = StoreContents()
        target.raters = try Row.fetchAll(db, sql: "SELECT id, name, role, school FROM rater ORDER BY id").map(rater(from:))
        target.students = try allStudents(in: db)
        target.rubricVersions = try rubricVersions(in: db)
        target.submissions = try contents.submissions.compactMap {
            try submission(task: $0.task, component: $0.component, student: $0.student, in: db)
        }
        (target.sessions, target.anchors, target.qualifications) = try calibration(in: db)
        target.reinstatements = try allReinstatements(in: db)
        guard holdingReads else { return target }
        // Each slot's history: its current read (through the index of current reads), then the
        // reads it replaced, one after another.
        let current = try db.cachedStatement(
            sql: """
                SELECT \(readColumns) FROM read
                WHERE task = ? AND student = ? AND component = ? AND rater = ? AND kind = ? AND ifnull(session, '') = ? AND current = 1
                """)
        let byID = try db.cachedStatement(sql: "SELECT \(readColumns) FROM read WHERE id = ?")
        var seen: Set<ReadKey> = []
        for (index, read) in contents.reads.enumerated() where seen.insert(read.key).inserted {
            if index & 0xFFF == 0 { try Interruption.check() }
            var next = try Row.fetchOne(
                current, arguments: [read.task, read.student, read.component, read.rater, read.kind.rawValue, read.session ?? ""]
            ).map(Self.read(from:))
            while let found = next {
                target.reads.append(found)
                next = try found.replaces.flatMap { try Row.fetchOne(byID, arguments: [$0]) }.map(Self.read(from:))
            }
        }
        return target
    }

    private static func apply(_ plan: StoreMergePlan, at time: Timestamp, in db: Database) throws {
        let stamp = time.description
        for rater in plan.raters {
            try db.execute(
                sql: "INSERT INTO rater (id, name, role, school, added_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [rater.id, rater.name, rater.role.rawValue, rater.school, stamp])
        }
        // A statewide roster is a hundred thousand students: each statement is prepared once.
        let addStudent = try db.cachedStatement(sql: "INSERT INTO student (id, grade, school, added_at) VALUES (?, ?, ?, ?)")
        let addGroup = try db.cachedStatement(sql: "INSERT INTO student_group (student, name) VALUES (?, ?)")
        for student in plan.students {
            try addStudent.execute(arguments: [student.id, student.grade, student.school, stamp])
            for group in student.groups { try addGroup.execute(arguments: [student.id, group]) }
        }
        for version in plan.rubricVersions {
            try db.execute(
                sql: "INSERT INTO rubric_version (rubric, version, canonical, source, saved_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [version.rubric, version.version, version.canonical, version.source, version.savedAt.description])
        }
        for submission in plan.submissions { try insert(submission, in: db) }
        for session in plan.sessions {
            try db.execute(
                sql: """
                    INSERT INTO calibration_session (name, task, component, rubric, exact, within_one, opened_at, opened_by, closed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.name, session.task, session.component, session.rubric, session.exact, session.withinOne,
                    session.openedAt.description, session.openedBy, session.closedAt?.description,
                ])
        }
        for anchor in plan.anchors {
            try db.execute(
                sql: "INSERT INTO session_anchor (session, student, added_at) VALUES (?, ?, ?)",
                arguments: [anchor.session, anchor.student, anchor.addedAt.description])
        }
        for closing in plan.closings {
            try db.execute(
                sql: "UPDATE calibration_session SET closed_at = ? WHERE name = ?", arguments: [closing.at.description, closing.session])
        }
        for q in plan.qualifications {
            try db.execute(
                sql: """
                    INSERT INTO qualification (rater, session, rubric, qualified, anchors, exact, within_one, bias, decided_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [q.rater, q.session, q.rubric, q.qualified, q.anchors, q.exact, q.withinOne, q.bias, q.decidedAt.description])
        }
        for r in plan.reinstatements {
            try db.execute(
                sql: "INSERT INTO reinstatement (rater, rubric, reason, by, at) VALUES (?, ?, ?, ?, ?)",
                arguments: [r.rater, r.rubric, r.reason, r.by, r.at.description])
        }
        let retire = try db.cachedStatement(sql: "UPDATE read SET current = 0 WHERE id = ?")
        var inserter = try ReadInserter(db, recordedAt: time)
        for (position, read) in plan.reads.enumerated() {
            if position & 0xFFF == 0 { try Interruption.check() }
            if let replaced = read.replaces { try retire.execute(arguments: [replaced]) }
            try inserter.insert(read, id: read.id, replacing: read.replaces, recordedAt: read.recordedAt)
        }
    }
}
