import GRDB
import ScoringCore

extension SQLiteStore {
    /// Records reads in one transaction: each is new, a correction, or unchanged.
    ///
    /// The first read given under a rubric version saves a copy of that version; a version whose
    /// saved copy differs from the rubric given is refused (bump `version`).
    ///
    /// The students and raters must be on the rosters (or in `additions`): the schema's foreign
    /// keys refuse anything else, so callers check first to give a helpful message.
    ///
    /// - Parameters:
    ///   - reads: validated reads, no two with the same `key`; their `rubric` and
    ///     `rubricVersion` name the rubrics given.
    ///   - rubrics: the rubrics the reads were validated against, by id.
    ///   - additions: students and raters to add to the rosters first.
    ///   - time: when the reads are recorded.
    /// - Returns: one outcome per read, in order.
    /// - Throws: `StoreError` when a rubric version conflicts, or a `DatabaseError`; nothing is
    ///   recorded then.
    public func record(
        _ reads: [Read], rubrics: [String: Rubric], adding additions: RosterAdditions = RosterAdditions(),
        at time: Timestamp
    ) throws -> [RecordOutcome] {
        // A statewide load checks its students, raters and rubric versions itself (in the
        // parser and just below, and ScoreBench never deletes them); SQLite's per-row foreign
        // key look-ups would add a third to its time. Small writes keep every check.
        let bulk = reads.count >= 10_000
        return try writer.writeWithoutTransaction { db in
            if bulk { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
            defer { if bulk { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
            var outcomes: [RecordOutcome] = []
            try db.inTransaction {
                outcomes = try record(reads, rubrics: rubrics, adding: additions, at: time, in: db)
                return .commit
            }
            return outcomes
        }
    }

    /// Records reads handed out in batches, as `record` does, in one transaction: only one
    /// batch of reads is held at a time.
    public func record(
        _ batches: ReadBatches, rubrics: [String: Rubric], adding additions: RosterAdditions = RosterAdditions(),
        at time: Timestamp
    ) throws -> RecordCounts {
        let bulk = batches.count >= 10_000
        return try writer.writeWithoutTransaction { db in
            if bulk { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
            defer { if bulk { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
            var counts = RecordCounts()
            try db.inTransaction {
                try record(batches, rubrics: rubrics, adding: additions, at: time, in: db) { counts.add($0) }
                return .commit
            }
            return counts
        }
    }

    func record(
        _ reads: [Read], rubrics: [String: Rubric], adding additions: RosterAdditions, at time: Timestamp, in db: Database
    ) throws -> [RecordOutcome] {
        var outcomes: [RecordOutcome] = []
        outcomes.reserveCapacity(reads.count)
        var given = false
        let batches = ReadBatches(
            count: reads.count, tasks: Set(reads.map(\.task)),
            rubricVersions: Set(reads.map { RubricVersionKey(rubric: $0.rubric, version: $0.rubricVersion) })
        ) {
            defer { given = true }
            return given ? [] : reads
        }
        try record(batches, rubrics: rubrics, adding: additions, at: time, in: db) { outcomes.append($0) }
        return outcomes
    }

    /// Records every batch, telling `outcome` what became of each read in turn.
    func record(
        _ batches: ReadBatches, rubrics: [String: Rubric], adding additions: RosterAdditions, at time: Timestamp, in db: Database,
        outcome report: (RecordOutcome) -> Void
    ) throws {
        do {
            try Self.add(additions, at: time, in: db)

            for key in batches.rubricVersions {
                guard let rubric = rubrics[key.rubric], rubric.version == key.version else {
                    throw StoreError.rubricNotLoaded(key)
                }
                try Self.saveVersion(of: rubric, at: time, in: db)
            }

            // A task nobody has scored yet cannot hold a read to correct: skip the look-ups,
            // which dominate a first statewide import.
            var tasksWithReads: [String: Bool] = [:]
            for task in batches.tasks {
                tasksWithReads[task] = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM read WHERE task = ?)", arguments: [task]) ?? false
            }
            // A big load into a store holding few reads builds the unique index once at the end,
            // from sorted keys, instead of inserting into it read by read; and completes the
            // submissions its reads complete in one statement, instead of a trigger's a read
            // (a fifth of the load's time). Both are put back in the same transaction.
            let lastID = try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM read") ?? 0
            let rebuildIndex = batches.count >= 10_000 && !tasksWithReads.values.contains(true) && lastID < Int64(batches.count)
            if rebuildIndex { try Self.beginBulkLoad(in: db) }
            let lookUp = try db.cachedStatement(
                sql: """
                    SELECT \(Self.readColumns) FROM read
                    WHERE task = ? AND student = ? AND component = ? AND rater = ? AND kind = ?
                      AND ifnull(session, '') = ? AND current = 1
                    """)
            let retire = try db.cachedStatement(sql: "UPDATE read SET current = 0 WHERE id = ?")
            var inserter = try ReadInserter(db, recordedAt: time)
            var position = 0
            while true {
                let reads = try batches.next()
                if reads.isEmpty { break }
                for read in reads {
                    if position & 0xFFF == 0 { try Interruption.check() }
                    position += 1
                    var previous: Read?
                    if tasksWithReads[read.task] == true {
                        previous = try Row.fetchOne(
                            lookUp,
                            arguments: [
                                read.task, read.student, read.component, read.rater, read.kind.rawValue, read.session ?? "",
                            ]
                        ).map(Self.read(from:))
                    }
                    let outcome = RecordOutcome.of(read, current: previous)
                    if case .unchanged = outcome {
                        report(outcome)
                        continue
                    }
                    if let previous { try retire.execute(arguments: [previous.id]) }
                    try inserter.insert(read, replacing: previous?.id)
                    report(outcome)
                }
            }
            if rebuildIndex { try Self.endBulkLoad(after: lastID, in: db) }
        }
    }

    /// A bulk load into a store with few reads sets the unique index of current reads and the
    /// submission trigger aside, for `endBulkLoad` to put back in the same transaction.
    static func beginBulkLoad(in db: Database) throws {
        try db.execute(sql: "DROP INDEX read_current; DROP TRIGGER read_completes_submission")
    }

    /// Builds the index once from all the keys, completes the submissions the reads after id
    /// `lastID` complete in one statement, and puts the trigger back.
    static func endBulkLoad(after lastID: Int64, in db: Database) throws {
        try db.execute(sql: currentReadIndex)
        try db.execute(sql: completeSubmissions, arguments: [lastID])
        try db.execute(sql: completesSubmissionTrigger)
    }

    /// Adds students and raters to the rosters.
    static func add(_ additions: RosterAdditions, at time: Timestamp, in db: Database) throws {
        let stamp = time.description
        for (ids, table) in [(additions.students, "student"), (additions.raters, "rater")] where !ids.isEmpty {
            let add = try BulkStatement(db, sql: "INSERT INTO \(table) (id, added_at) VALUES (?, ?)")
            for id in ids {
                add.bind(1, id)
                add.bind(2, stamp)
                try add.step()
            }
        }
    }

    /// Inserts reads through one statement, prepared once.
    struct ReadInserter {
        private let statement: BulkStatement
        private let stamp: String
        // Reads of one import often share a time; it is formatted once.
        private var lastScoredAt: Timestamp?
        private var scoredAtText = ""
        private var lastRecordedAt: Timestamp?
        private var recordedAtText = ""
        // A read's scores, encoded into the same buffer each time.
        private var scores: [UInt8] = []

        /// - Parameter time: when the reads are recorded, unless a read says otherwise.
        init(_ db: Database, recordedAt time: Timestamp) throws {
            stamp = time.description
            statement = try BulkStatement(
                db,
                sql: """
                    INSERT INTO read (id, student, task, component, rater, kind, session, rubric, rubric_version,
                                      scores, scored_at, recorded_at, note, replaces, code)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
        }

        /// Inserts `read` as replacing read `previous`.
        ///
        /// - Parameters:
        ///   - id: the read's id, kept from another store; nil for the next one.
        ///   - recordedAt: when it was recorded, kept from another store; nil for the
        ///     inserter's time.
        mutating func insert(_ read: Read, id: Int64? = nil, replacing previous: Int64?, recordedAt: Timestamp? = nil) throws {
            if read.scoredAt != lastScoredAt {
                lastScoredAt = read.scoredAt
                scoredAtText = read.scoredAt.description
            }
            if let recordedAt, recordedAt != lastRecordedAt {
                lastRecordedAt = recordedAt
                recordedAtText = recordedAt.description
            }
            statement.bind(1, id)
            statement.bind(2, read.student)
            statement.bind(3, read.task)
            statement.bind(4, read.component)
            statement.bind(5, read.rater)
            statement.bind(6, read.kind.rawValue)
            statement.bind(7, read.session)
            statement.bind(8, read.rubric)
            statement.bind(9, Int64(read.rubricVersion))
            scores.removeAll(keepingCapacity: true)
            ScoreEncoding.encode(read.scores, into: &scores)
            statement.bind(10, utf8: scores)
            statement.bind(11, scoredAtText)
            statement.bind(12, recordedAt == nil ? stamp : recordedAtText)
            statement.bind(13, read.note)
            statement.bind(14, previous)
            statement.bind(15, read.code?.rawValue)
            try statement.step()
        }
    }

    static let readColumns = """
        id, student, task, component, rater, kind, session, rubric, rubric_version, scores, scored_at,
        recorded_at, note, current, replaces, code
        """

    static func read(from row: Row) -> Read {
        let scoresText: String = row["scores"]
        return Read(
            student: row["student"], task: row["task"], component: row["component"], rater: row["rater"],
            kind: ReadKind(rawValue: row["kind"]) ?? .read, session: row["session"],
            scores: ScoreEncoding.decode(scoresText) ?? [],
            scoredAt: Timestamp(iso8601: row["scored_at"] as String) ?? Timestamp(seconds: 0), note: row["note"],
            rubric: row["rubric"], rubricVersion: row["rubric_version"], id: row["id"],
            recordedAt: Timestamp(iso8601: row["recorded_at"] as String), isCurrent: row["current"],
            replaces: row["replaces"], code: (row["code"] as String?).flatMap(ConditionCode.init(rawValue:)))
    }

    /// The current reads matching `filter`, by task, student, component, then time given.
    public func currentReads(_ filter: ReadFilter = ReadFilter()) throws -> [Read] {
        try writer.read { db in
            let (clause, arguments) = filter.clause(currentOnly: true)
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.readColumns) FROM read \(clause) ORDER BY task, student, component, scored_at, id",
                arguments: arguments
            ).map(Self.read(from:))
        }
    }

    /// Every version of every read matching `filter`, corrections included, oldest first.
    public func readHistory(_ filter: ReadFilter) throws -> [Read] {
        try writer.read { db in
            let (clause, arguments) = filter.clause(currentOnly: false)
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.readColumns) FROM read \(clause) ORDER BY component, id", arguments: arguments
            ).map(Self.read(from:))
        }
    }
}
