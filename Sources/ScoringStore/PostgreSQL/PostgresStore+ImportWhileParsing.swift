import Foundation
import ScoringCore

extension PostgresStore: RecordsWhileParsing {
    /// A first load (the server has never held a read) by the login that owns `read` writes
    /// its reads while its file is parsed: the owner's load of `bulkInsert` (policies off for
    /// the owner, unique indexes built at the end), with the reads streamed into one COPY by a
    /// thread of its own as they come. The statement triggers that check every reference and
    /// complete submissions are off while the reads come (the students they name are added
    /// after the file is parsed) and their work is done once at the end, before the commit,
    /// over every read the load brought: nothing is committed that they would refuse.
    func recordingWhileParsing(rubrics: [String: Rubric], at time: Timestamp, _ body: (any ImportWriter) throws -> Void) throws
        -> Bool
    {
        try writing { connection in
            // The read-id lock, as every writer takes it; the first id is 1 in a store without reads.
            guard try connection.query("SELECT scorebench_next_read_id()").scalar == "1", try Self.loadsAsOwner(on: connection)
            else { return false }
            if Self.anySavedVersionDiffers(try Self.rubricSnapshots(on: connection), from: rubrics) { return false }
            try connection.execute(
                Self.ownersLoadBegins + "; ALTER TABLE read DISABLE TRIGGER read_references, DISABLE TRIGGER read_completes_submission")
            let writer = ImportWriting(connection, rubrics: rubrics, at: time)
            defer { writer.stopCopying() }
            try body(writer)
            try writer.endCopy()
            for key in writer.rubricVersions.sorted(by: { ($0.rubric, $0.version) < ($1.rubric, $1.version) }) {
                try Self.saveVersion(of: rubrics[key.rubric]!, at: time, on: connection)
            }
            // Indexes and statistics first: the checks below are then planned for the table as
            // it now is (hash joins, not a probe per read).
            try connection.execute(Self.ownersLoadEnds)
            try connection.execute("ALTER TABLE read ENABLE TRIGGER read_references, ENABLE TRIGGER read_completes_submission")
            try Self.checkReferencesOfAllReads(on: connection)
            if try connection.query("SELECT EXISTS (SELECT FROM submission)").scalar == "t" {
                try connection.execute(
                    """
                    UPDATE submission s SET complete = true
                    FROM (SELECT DISTINCT task, component, student FROM read WHERE kind = 'read' AND replaces IS NULL) k
                    WHERE s.task = k.task AND s.component = k.component AND s.student = k.student AND NOT s.complete
                      AND s.planned_reads <= (SELECT count(*) FROM read r WHERE r.task = s.task AND r.student = s.student
                                              AND r.component = s.component AND r.kind = 'read')
                    """)
            }
            return true
        }
    }

    /// What the `read_references` trigger checks of new reads, for every read: each names a
    /// student and a rater on the rosters and a saved rubric version. A load of reads without
    /// corrections has no `replaces` to check. One pass over the reads, hashing the three
    /// tables (an aggregate, not LIMIT 1: a limit makes the planner probe an index per read,
    /// three times slower when nothing is missing).
    private static func checkReferencesOfAllReads(on connection: PostgresConnection) throws {
        let row = try connection.query(
            """
            SELECT min(n.student) FILTER (WHERE s.id IS NULL), min(n.rater) FILTER (WHERE r.id IS NULL),
                   min(format('%s, %s', n.rubric, n.rubric_version)) FILTER (WHERE v.rubric IS NULL)
            FROM read n
            LEFT JOIN student s ON s.id = n.student
            LEFT JOIN rater r ON r.id = n.rater
            LEFT JOIN rubric_version v ON v.rubric = n.rubric AND v.version = n.rubric_version
            """
        ).rows.first ?? []
        for (value, what) in zip(row, ["student", "rater", "rubric version"]) {
            if let value { throw StoreError("a read of the load names a \(what) the store does not have (\(value)); nothing was imported") }
        }
    }

    /// The load's reads into one COPY: while the file is parsed, a thread of its own sends each
    /// batch as it comes; after, each batch is a COPY of its own.
    private final class ImportWriting: ImportWriter, @unchecked Sendable {
        let connection: PostgresConnection
        let rubrics: [String: Rubric]
        let time: Timestamp
        private(set) var rubricVersions: Set<RubricVersionKey> = []
        // Owned by the copying thread while it runs.
        private var rows: ReadRows
        private var nextID: Int64 = 1
        private var copying: (channel: ReadChannel, done: DispatchSemaphore)?
        private var copyFailure: (any Error)?
        private var copied = false
        private var last: (rubric: String, version: Int)?

        init(_ connection: PostgresConnection, rubrics: [String: Rubric], at time: Timestamp) {
            self.connection = connection
            self.rubrics = rubrics
            self.time = time
            rows = ReadRows(recordedAt: time.description)
        }

        func record(_ reads: [Read]) throws {
            for read in reads {
                // Most reads share the version of the read before them: only a change is looked up.
                if read.rubricVersion == last?.version, read.rubric == last?.rubric { continue }
                let key = RubricVersionKey(rubric: read.rubric, version: read.rubricVersion)
                guard rubrics[key.rubric]?.version == key.version else { throw StoreError.rubricNotLoaded(key) }
                rubricVersions.insert(key)
                last = (read.rubric, read.rubricVersion)
            }
            if !copied, copying == nil { startCopying() }
            if let copying {
                do {
                    try copying.channel.put(reads)
                } catch is ReadChannel.Cancelled {
                    try endCopy()
                    throw StoreError("the copy of the reads into the server stopped; nothing was imported")
                }
                return
            }
            try connection.copyIn(sql: "COPY read (\(PostgresStore.insertColumns)) FROM STDIN") { writer in
                try write(reads, to: &writer)
            }
        }

        private func write(_ reads: [Read], to writer: inout PostgresCopyWriter) throws {
            for read in reads {
                try rows.write(read, id: nextID, replaces: nil, to: &writer)
                nextID += 1
            }
        }

        private func startCopying() {
            let channel = ReadChannel(capacity: 4), done = DispatchSemaphore(value: 0)
            copying = (channel, done)
            let thread = Thread { [self] in
                do {
                    try connection.copyIn(sql: "COPY read (\(PostgresStore.insertColumns)) FROM STDIN") { writer in
                        while let reads = try channel.take() { try write(reads, to: &writer) }
                    }
                } catch {
                    copyFailure = error
                    channel.cancel()
                }
                done.signal()
            }
            thread.start()
        }

        /// Ends the COPY of the reads that came while the file was parsed, and rethrows what it
        /// failed with.
        func endCopy() throws {
            copied = true
            guard let copying else { return }
            self.copying = nil
            copying.channel.finish(throwing: nil)
            copying.done.wait()
            if let copyFailure { throw copyFailure }
        }

        /// Abandons a COPY still running (the load failed): the thread is told and waited for.
        func stopCopying() {
            guard let copying else { return }
            self.copying = nil
            copying.channel.finish(throwing: StoreError("the import stopped"))
            copying.channel.cancel()
            copying.done.wait()
        }

        func onRoster(students: [String], raters: [String]) throws -> (students: [Bool], raters: [Bool]) {
            try endCopy()
            return (
                try PostgresStore.onRoster(students, table: "student", on: connection),
                try PostgresStore.onRoster(raters, table: "rater", on: connection)
            )
        }

        func add(_ additions: RosterAdditions) throws {
            try endCopy()
            let stamp = time.description
            try PostgresStore.add(additions.students, to: "student", at: stamp, on: connection)
            try PostgresStore.add(additions.raters, to: "rater", at: stamp, on: connection)
        }
    }
}
