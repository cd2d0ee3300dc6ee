import ScoringCore

extension PostgresStore {
    /// Records reads in one transaction: each is new, a correction, or unchanged, decided as
    /// `SQLiteStore.record` decides (`Read.says(sameAs:)` against the slot's current read).
    ///
    /// The first read given under a rubric version saves a copy of that version; a version whose
    /// saved copy differs from the rubric given is refused (bump `version`). Ids continue from the
    /// largest, in the order of `reads`, as on SQLite.
    ///
    /// A batch of `bulkThreshold` reads or more (an import) goes through COPY: its slots are
    /// copied into a temporary table and their current reads fetched in one join, and the new
    /// rows are copied into another and inserted with one INSERT … SELECT (PostgreSQL refuses
    /// COPY into a table with row-level security, which still checks each row inserted); the
    /// table owner's first load copies straight into `read` (`bulkInsert`). A smaller batch
    /// sends each list as one array parameter. Either way the whole batch, roster
    /// additions and rubric versions included, is one transaction: an import that is stopped or
    /// killed leaves nothing.
    ///
    /// - Parameters:
    ///   - reads: validated reads, no two with the same `key`; their `rubric` and
    ///     `rubricVersion` name the rubrics given.
    ///   - rubrics: the rubrics the reads were validated against, by id.
    ///   - additions: students and raters to add to the rosters first.
    ///   - time: when the reads are recorded.
    /// - Returns: one outcome per read, in order.
    /// - Throws: `StoreError` when a rubric version conflicts, or a `PostgresError` (a student
    ///   or rater not on the roster, a read the login may not give); nothing is recorded then.
    public func record(
        _ reads: [Read], rubrics: [String: Rubric], adding additions: RosterAdditions = RosterAdditions(),
        at time: Timestamp
    ) throws -> [RecordOutcome] {
        try writing { connection in
            try Self.record(reads, rubrics: rubrics, adding: additions, at: time, on: connection)
        }
    }

    /// From this many reads on, `record` goes through COPY and temporary tables.
    static let bulkThreshold = 1000

    static func record(
        _ reads: [Read], rubrics: [String: Rubric], adding additions: RosterAdditions, at time: Timestamp,
        on connection: PostgresConnection
    ) throws -> [RecordOutcome] {
        let stamp = time.description
        try add(additions.students, to: "student", at: stamp, on: connection)
        try add(additions.raters, to: "rater", at: stamp, on: connection)
        for key in Set(reads.map { RubricVersionKey(rubric: $0.rubric, version: $0.rubricVersion) }) {
            guard let rubric = rubrics[key.rubric], rubric.version == key.version else { throw StoreError.rubricNotLoaded(key) }
            try saveVersion(of: rubric, at: time, on: connection)
        }
        guard !reads.isEmpty else { return [] }

        // The read-id lock: until this transaction ends no other writer records reads, and
        // each later statement sees every read they committed, so the slots looked up below
        // stay as they are until the new reads are in.
        guard let firstID = try connection.query("SELECT scorebench_next_read_id()").scalar.flatMap({ Int64($0) }) else {
            throw PostgresError(kind: .other, message: "scorebench_next_read_id() returned no id")
        }
        let bulk = reads.count >= bulkThreshold
        let current = bulk ? try bulkCurrentReads(of: reads, on: connection) : try currentReads(of: reads, on: connection)

        var outcomes: [RecordOutcome] = []
        outcomes.reserveCapacity(reads.count)
        var inserts: [NewRead] = []
        var nextID = firstID
        for (index, read) in reads.enumerated() {
            if index & 0xFFF == 0 { try Interruption.check() }
            let previous = current[index]
            let outcome = RecordOutcome.of(read, current: previous)
            outcomes.append(outcome)
            if case .unchanged = outcome { continue }
            inserts.append(NewRead(index: index, id: nextID, replaces: previous?.id))
            nextID += 1
        }
        if bulk {
            try bulkInsert(inserts, of: reads, recordedAt: stamp, on: connection)
        } else {
            try insert(inserts, of: reads, recordedAt: stamp, on: connection)
        }
        return outcomes
    }

    /// A read to insert: `reads[index]` with its id and the read it corrects.
    private struct NewRead {
        var index: Int
        var id: Int64
        var replaces: Int64?
    }

    /// Adds ids to a roster (`--add-missing`). The rosters have no row-level security, so COPY
    /// may load them directly.
    static func add(_ ids: [String], to table: String, at stamp: String, on connection: PostgresConnection) throws {
        guard !ids.isEmpty else { return }
        try connection.copyIn(sql: "COPY \(table) (id, added_at) FROM STDIN") { writer in
            for id in ids { try writer.writeRow([id, stamp]) }
        }
    }

    // MARK: Looking up slots

    /// The columns of a read, in the order `read(from:at:)` takes them; `current` is spelled by
    /// the caller (true for a current read).
    static func readColumns(current: String) -> String {
        """
        r.id, r.student, r.task, r.component, r.rater, r.kind, r.session, r.rubric, r.rubric_version, r.scores, \
        r.scored_at, r.recorded_at, r.note, \(current), r.replaces, r.code
        """
    }

    static let isCurrent = "NOT EXISTS (SELECT FROM read n WHERE n.replaces = r.id)"

    static func read(from row: [String?], at offset: Int = 0) -> Read {
        func field(_ index: Int) -> String? { row[offset + index] }
        return Read(
            student: field(1) ?? "", task: field(2) ?? "", component: field(3) ?? "", rater: field(4) ?? "",
            kind: ReadKind(rawValue: field(5) ?? "") ?? .read, session: field(6),
            scores: ScoreEncoding.decode(field(9) ?? "") ?? [],
            scoredAt: Timestamp(iso8601: field(10) ?? "") ?? Timestamp(seconds: 0), note: field(12),
            rubric: field(7) ?? "", rubricVersion: Int(field(8) ?? "") ?? 0, id: Int64(field(0) ?? ""),
            recordedAt: field(11).flatMap { Timestamp(iso8601: $0) }, isCurrent: field(13) == "t",
            replaces: field(14).flatMap { Int64($0) }, code: field(15).flatMap(ConditionCode.init(rawValue:)))
    }

    /// The join of the incoming slots `k` with their current reads `r`.
    private static let slotJoin = """
        JOIN current_read r ON r.task = k.task AND r.student = k.student AND r.component = k.component
            AND r.rater = k.rater AND r.kind = k.kind AND coalesce(r.session, '') = k.session_key
        """

    /// The current read of each read's slot, if any, in one query whose lists are array parameters.
    private static func currentReads(of reads: [Read], on connection: PostgresConnection) throws -> [Read?] {
        let lists: [[String?]] = [
            reads.indices.map { String($0) }, reads.map(\.task), reads.map(\.student), reads.map(\.component),
            reads.map(\.rater), reads.map(\.kind.rawValue), reads.map { $0.session ?? "" },
        ]
        let rows = try connection.query(
            """
            SELECT k.ordinal, \(readColumns(current: "true"))
            FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                AS k(ordinal, task, student, component, rater, kind, session_key)
            \(slotJoin)
            """, lists.map { PostgresConnection.arrayLiteral($0) }
        ).rows
        var current = [Read?](repeating: nil, count: reads.count)
        for row in rows {
            guard let ordinal = row[0].flatMap({ Int($0) }) else { continue }
            current[ordinal] = read(from: row, at: 1)
        }
        return current
    }

    /// The current read of each read's slot through COPY: the slots in, the reads that fill them out.
    private static func bulkCurrentReads(of reads: [Read], on connection: PostgresConnection) throws -> [Read?] {
        var current = [Read?](repeating: nil, count: reads.count)
        // A task nobody has scored yet holds no read to correct: a first statewide import
        // skips the look-up.
        let tasks = PostgresConnection.arrayLiteral(Set(reads.map(\.task)).sorted())
        guard try connection.query("SELECT EXISTS (SELECT FROM read WHERE task = ANY($1::text[]))", [tasks]).scalar == "t" else {
            return current
        }
        try connection.execute(
            """
            CREATE TEMP TABLE scorebench_slot (
                ordinal integer NOT NULL, task text COLLATE "C", student text COLLATE "C", component text COLLATE "C",
                rater text COLLATE "C", kind text COLLATE "C", session_key text COLLATE "C"
            ) ON COMMIT DROP
            """)
        try connection.copyIn(sql: "COPY scorebench_slot FROM STDIN") { writer in
            for (index, read) in reads.enumerated() {
                if index & 0xFFF == 0 { try Interruption.check() }
                try writer.writeRow([String(index), read.task, read.student, read.component, read.rater, read.kind.rawValue, read.session ?? ""])
            }
        }
        // A temporary table has no statistics until analyzed; without them the planner guesses
        // a few rows and joins by nested loop.
        try connection.execute("ANALYZE scorebench_slot")
        var row = PostgresTextRow()
        var count = 0
        try connection.copyOut(
            sql: "COPY (SELECT k.ordinal, \(readColumns(current: "true")) FROM scorebench_slot k \(slotJoin)) TO STDOUT"
        ) { data in
            count += 1
            if count & 0xFFF == 0 { try Interruption.check() }
            row.load(data)
            let fields = row.strings
            guard let ordinal = fields[0].flatMap({ Int($0) }) else { return }
            current[ordinal] = read(from: fields, at: 1)
        }
        return current
    }

    // MARK: Inserting

    static let insertColumns = """
        id, student, task, component, rater, kind, session, rubric, rubric_version, scores, scored_at, recorded_at, \
        note, replaces, code
        """

    /// The values of `insertColumns` for one new read.
    private static func values(of new: NewRead, in reads: [Read], recordedAt stamp: String) -> [String?] {
        let read = reads[new.index]
        return [
            String(new.id), read.student, read.task, read.component, read.rater, read.kind.rawValue, read.session, read.rubric,
            String(read.rubricVersion), ScoreEncoding.encode(read.scores), read.scoredAt.description, stamp, read.note,
            new.replaces.map { String($0) }, read.code?.rawValue,
        ]
    }

    private static func insert(_ inserts: [NewRead], of reads: [Read], recordedAt stamp: String, on connection: PostgresConnection) throws {
        guard !inserts.isEmpty else { return }
        let rows = inserts.map { values(of: $0, in: reads, recordedAt: stamp) }
        let columns = (0..<15).map { column in PostgresConnection.arrayLiteral(rows.map { $0[column] }) }
        try connection.query(
            """
            INSERT INTO read (\(insertColumns))
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::integer[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bigint[], $15::text[])
            """, columns)
    }

    /// Inserts many reads through COPY: into a temporary table, then with one INSERT … SELECT,
    /// which row-level security checks row by row (PostgreSQL refuses COPY into a table whose
    /// policies apply to the login).
    ///
    /// A load into a store holding fewer reads than it brings, by the login that owns `read`
    /// (the coordinator who ran server init), goes the way SQLite's first load goes instead:
    /// the unique indexes are dropped and built once at the end from all the keys, and the
    /// rows are copied straight into `read`. Its policies would let this login insert any read
    /// (it sees everything: a lead, a coordinator or a superuser), so the owner is exempted from
    /// them for this transaction only, and the temporary table and the INSERT are saved. The
    /// statement trigger still checks every reference. The ALTER TABLEs lock `read` until the
    /// load commits, so nobody sees it without its indexes or its policies; a load that fails
    /// or is killed rolls them back with everything else. On the statewide file this takes the
    /// server's part of the load from about 3.2 s to 2.3 s (measured on the development machine).
    private static func bulkInsert(_ inserts: [NewRead], of reads: [Read], recordedAt stamp: String, on connection: PostgresConnection) throws {
        guard !inserts.isEmpty else { return }
        if try inserts[0].id <= Int64(inserts.count) && loadsAsOwner(on: connection) {
            try connection.execute(ownersLoadBegins)
            try connection.copyIn(sql: "COPY read (\(insertColumns)) FROM STDIN") { writer in
                try writeRows(inserts, of: reads, recordedAt: stamp, to: &writer)
            }
            try connection.execute(ownersLoadEnds)
            return
        }
        try connection.execute(
            """
            CREATE TEMP TABLE scorebench_new_read (
                id bigint, student text, task text, component text, rater text, kind text, session text, rubric text,
                rubric_version integer, scores text, scored_at text, recorded_at text, note text, replaces bigint, code text
            ) ON COMMIT DROP
            """)
        try connection.copyIn(sql: "COPY scorebench_new_read FROM STDIN") { writer in
            try writeRows(inserts, of: reads, recordedAt: stamp, to: &writer)
        }
        try Interruption.check()
        try connection.execute("INSERT INTO read (\(insertColumns)) SELECT \(insertColumns) FROM scorebench_new_read")
    }

    /// Whether this login owns `read` and sees every read (a lead, a coordinator or a superuser),
    /// so that a load may go the owner's way (`bulkInsert`).
    static func loadsAsOwner(on connection: PostgresConnection) throws -> Bool {
        try connection.query(
            """
            SELECT pg_has_role(c.relowner, 'USAGE') AND (r.rolsuper OR pg_has_role('scorebench_lead', 'MEMBER'))
            FROM pg_class c, pg_roles r WHERE c.oid = 'read'::regclass AND r.rolname = current_user
            """
        ).scalar == "t"
    }

    /// The owner's load sets `read` aside for the transaction: policies off for its owner, the
    /// unique indexes gone until `ownersLoadEnds` builds them from all the keys at once.
    static let ownersLoadBegins = "ALTER TABLE read NO FORCE ROW LEVEL SECURITY, DROP CONSTRAINT read_pkey; DROP INDEX read_key"

    /// The table grew many times over: without fresh statistics the next scan of a task would
    /// be planned for the store it was (a second instead of a fraction, measured). A sample of
    /// 3,000 rows tells the planner that much in a tenth of the default's time; the server's own
    /// autovacuum refines it later. The indexes sort in memory.
    static let ownersLoadEnds = """
        SET LOCAL maintenance_work_mem = '256MB';
        ALTER TABLE read FORCE ROW LEVEL SECURITY, ADD CONSTRAINT read_pkey PRIMARY KEY (id);
        \(readKeyIndex);
        SET LOCAL default_statistics_target = 10;
        ANALYZE read
        """

    /// Writes the new reads as rows of `insertColumns`, field by field.
    private static func writeRows(
        _ inserts: [NewRead], of reads: [Read], recordedAt stamp: String, to writer: inout PostgresCopyWriter
    ) throws {
        var rows = ReadRows(recordedAt: stamp)
        for (position, new) in inserts.enumerated() {
            if position & 0xFFF == 0 { try Interruption.check() }
            try rows.write(reads[new.index], id: new.id, replaces: new.replaces, to: &writer)
        }
    }

    /// Rows of `insertColumns` for COPY, one read at a time.
    struct ReadRows {
        let stamp: String
        // Reads of one import often share a time; it is formatted once.
        private var lastScoredAt: Timestamp?
        private var scoredAtText = ""

        init(recordedAt stamp: String) { self.stamp = stamp }

        mutating func write(_ read: Read, id: Int64, replaces: Int64?, to writer: inout PostgresCopyWriter) throws {
            if read.scoredAt != lastScoredAt {
                lastScoredAt = read.scoredAt
                scoredAtText = read.scoredAt.description
            }
            try writer.appendField(id)
            try writer.appendField(read.student)
            try writer.appendField(read.task)
            try writer.appendField(read.component)
            try writer.appendField(read.rater)
            try writer.appendField(read.kind.rawValue)
            try writer.appendField(read.session)
            try writer.appendField(read.rubric)
            try writer.appendField(Int64(read.rubricVersion))
            // ScoreEncoding's `claim=3;evidence=2`, written in place.
            try writer.appendField("")
            for (index, score) in read.scores.enumerated() {
                if index > 0 { try writer.appendToField(";") }
                try writer.appendToField(score.criterion)
                try writer.appendToField("=")
                writer.appendToField(Int64(score.score))
            }
            try writer.appendField(scoredAtText)
            try writer.appendField(stamp)
            try writer.appendField(read.note)
            try writer.appendField(replaces)
            try writer.appendField(read.code?.rawValue)
            try writer.endRow()
        }
    }

    // MARK: Listings

    /// The current reads matching `filter`, by task, student, component, then time given.
    public func currentReads(_ filter: ReadFilter = ReadFilter()) throws -> [Read] {
        try reading { connection in
            let (clause, parameters) = filter.postgresClause()
            return try connection.query(
                "SELECT \(Self.readColumns(current: "true")) FROM current_read r \(clause) ORDER BY r.task, r.student, r.component, r.scored_at, r.id",
                parameters
            ).rows.map { Self.read(from: $0) }
        }
    }

    /// Every version of every read matching `filter`, corrections included, oldest first.
    public func readHistory(_ filter: ReadFilter) throws -> [Read] {
        try reading { connection in
            let (clause, parameters) = filter.postgresClause()
            return try connection.query(
                "SELECT \(Self.readColumns(current: Self.isCurrent)) FROM read r \(clause) ORDER BY r.component, r.id", parameters
            ).rows.map { Self.read(from: $0) }
        }
    }
}

extension ReadFilter {
    /// The WHERE clause over reads `r` and its parameters; values are always bound, never spliced.
    func postgresClause() -> (String, [String?]) {
        var conditions: [String] = []
        var parameters: [String?] = []
        for (column, value) in [("task", task), ("student", student), ("rater", rater), ("component", component), ("session", session)] {
            guard let value else { continue }
            parameters.append(value)
            conditions.append("r.\(column) = $\(parameters.count)")
        }
        if let kinds {
            parameters.append(PostgresConnection.arrayLiteral(kinds.sorted().map(\.rawValue)))
            conditions.append("r.kind = ANY($\(parameters.count)::text[])")
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), parameters)
    }
}
