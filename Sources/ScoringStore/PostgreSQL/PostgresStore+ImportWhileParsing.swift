import Foundation
import ScoringCore

extension PostgresStore: RecordsWhileParsing {
    /// A first load (the server has never held a read) by the login that owns `read` writes
    /// its reads while its file is parsed: the owner's load of `bulkInsert` (policies off for
    /// the owner, unique indexes built at the end), with the reads streamed into one COPY as
    /// they come (`ImportWriting`). The statement triggers that check every reference and
    /// complete submissions are off while the reads come (the students they name come along
    /// with them, or are added after the file is parsed) and their work is done once at the
    /// end, before the commit, over every read the load brought: nothing is committed that
    /// they would refuse.
    func recordingWhileParsing(
        rubrics: [String: Rubric], at time: Timestamp, addingMissing: Bool, _ body: (any ImportWriter) throws -> Void
    ) throws -> Bool {
        try writing { connection in
            // The read-id lock, as every writer takes it; the first id is 1 in a store without reads.
            guard try connection.query("SELECT scorebench_next_read_id()").scalar == "1", try Self.loadsAsOwner(on: connection)
            else { return false }
            if Self.anySavedVersionDiffers(try Self.rubricSnapshots(on: connection), from: rubrics) { return false }
            try connection.execute(
                Self.ownersLoadBegins + "; ALTER TABLE read DISABLE TRIGGER read_references, DISABLE TRIGGER read_completes_submission")
            // Into a store without students, a load that adds the missing ones adds every
            // student of its file: it sends them as they come.
            let takesStudents = try addingMissing && connection.query("SELECT EXISTS (SELECT FROM student)").scalar == "f"
            let writer = ImportWriting(connection, rubrics: rubrics, at: time, takesStudents: takesStudents)
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

    /// The load's reads into one COPY. While the file is parsed, the parsing thread writes each
    /// whole read as a row (`take`, no `Read` made) and a thread of its own sends the rows as
    /// they come; after, each batch of reads is a COPY of its own. Into a store without
    /// students, a load that adds the missing ones sends each student as the parser meets it,
    /// a COPY of its own between two of the reads'.
    private final class ImportWriting: ImportWriter, ParsedReadSink, @unchecked Sendable {
        let connection: PostgresConnection
        let rubrics: [String: Rubric]
        let time: Timestamp
        let takesStudents: Bool
        private(set) var rubricVersions: Set<RubricVersionKey> = []
        // Owned by the parsing thread while it runs, then by the caller's: one thread at a
        // time, so the run-time exclusivity checks (a twentieth of the parsing thread, for
        // the dozen accesses of every read) are off.
        @exclusivity(unchecked) private var rows = PostgresCopyWriter()
        @exclusivity(unchecked) private var studentRows = PostgresCopyWriter()
        @exclusivity(unchecked) private var studentsTaken = 0
        @exclusivity(unchecked) private var nextID: Int64 = 1
        private var readRows: ReadRows
        /// The import's time as rows write it.
        private let stamp: [UInt8]
        /// The load's rubrics as rows write them, by the parser's rubric index.
        @exclusivity(unchecked) private var rubricFields: [(idAndVersion: [UInt8], criteria: [[UInt8]])?] = []
        @exclusivity(unchecked) private var lastScoredAt: (seconds: Int64, text: [UInt8])?
        // The thread that sends the rows.
        private var copying: (channel: BatchChannel<Rows>, done: DispatchSemaphore)?
        private var copyFailure: (any Error)?
        private var copied = false
        private var last: (rubric: String, version: Int)?

        /// Rows of reads to send, and of students to send after them.
        private struct Rows {
            var reads: [UInt8]
            var students: [UInt8] = []
        }
        /// Students are sent when this many bytes of them wait: a dozen COPYs for a state.
        private static let studentBytes = 1 << 18

        init(_ connection: PostgresConnection, rubrics: [String: Rubric], at time: Timestamp, takesStudents: Bool) {
            self.connection = connection
            self.rubrics = rubrics
            self.time = time
            self.takesStudents = takesStudents
            readRows = ReadRows(recordedAt: time.description)
            stamp = Array(time.description.utf8)
        }

        var sink: (any ParsedReadSink)? { self }

        // MARK: On the parsing thread

        func take(_ read: ScoresFileParser.ParsedRead, of parser: borrowing ScoresFileParser) throws {
            let rubric = try fields(ofRubric: read.rubric, of: parser)
            try rows.appendField(nextID)
            nextID += 1
            try parser.withBytes(of: .student, read.student) { try rows.appendField(utf8: $0) }
            try parser.withBytes(of: .task, read.task) { try rows.appendField(utf8: $0) }
            try parser.withBytes(of: .component, read.component) { try rows.appendField(utf8: $0) }
            try parser.withBytes(of: .rater, read.rater) { try rows.appendField(utf8: $0) }
            try rows.appendField(read.kind.rawValue)
            if read.session < 0 {
                try rows.appendField(nil as String?)
            } else {
                try parser.withBytes(of: .session, read.session) { try rows.appendField(utf8: $0) }
            }
            // Rubric and version, escaped already.
            rows.appendField(raw: rubric.idAndVersion)
            // ScoreEncoding's `claim=3;evidence=2`, written in place.
            try rows.appendField("")
            if read.code == nil {
                for (index, criterion) in rubric.criteria.enumerated() {
                    rows.appendToField(raw: criterion)
                    rows.appendToField(Int64(parser.score(at: read.firstScore + index)))
                }
            }
            if let seconds = read.scoredAt {
                if lastScoredAt?.seconds != seconds { lastScoredAt = (seconds, Array(Timestamp(seconds: seconds).description.utf8)) }
                rows.appendField(raw: lastScoredAt!.text)
            } else {
                // The import's time, as the usual path gives such a read.
                rows.appendField(raw: stamp)
            }
            rows.appendField(raw: stamp)
            try rows.appendField(read.note)
            try rows.appendField(nil as String?)
            try rows.appendField(read.code?.rawValue)
            try rows.endRow()
            if rows.count >= PostgresCopyWriter.chunkSize { try send() }
        }

        func takeStudent(_ id: Int32, of parser: borrowing ScoresFileParser) throws {
            try parser.withBytes(of: .student, id) { try studentRows.appendField(utf8: $0) }
            studentRows.appendField(raw: stamp)
            try studentRows.endRow()
            studentsTaken += 1
        }

        /// The fields of rubric `index` (its id and version, then `criterion=` for each
        /// criterion), made the first time, when the version is checked against the bank's.
        private func fields(ofRubric index: Int, of parser: borrowing ScoresFileParser) throws
            -> (idAndVersion: [UInt8], criteria: [[UInt8]])
        {
            if index < rubricFields.count, let known = rubricFields[index] { return known }
            let rubric = parser.rubric(index)
            let key = RubricVersionKey(rubric: rubric.id, version: rubric.version)
            try use(key)
            var writer = PostgresCopyWriter(capacity: 0)
            try writer.appendField(rubric.id)
            try writer.appendField(Int64(rubric.version))
            let idAndVersion = writer.takeRows()
            let criteria = try rubric.criteria.enumerated().map { index, criterion in
                var writer = PostgresCopyWriter(capacity: 0)
                try writer.appendField("")
                if index > 0 { try writer.appendToField(";") }
                try writer.appendToField(criterion)
                try writer.appendToField("=")
                return writer.takeRows()
            }
            while rubricFields.count <= index { rubricFields.append(nil) }
            rubricFields[index] = (idAndVersion, criteria)
            return (idAndVersion, criteria)
        }

        /// Notes that the load uses rubric version `key`, which must be the bank's (it is saved
        /// before the commit).
        private func use(_ key: RubricVersionKey) throws {
            guard rubrics[key.rubric]?.version == key.version else { throw StoreError.rubricNotLoaded(key) }
            rubricVersions.insert(key)
        }

        /// Hands the rows written so far to the sending thread (started the first time), with
        /// the students when enough wait or `students`.
        private func send(students: Bool = false) throws {
            var batch = Rows(reads: rows.takeRows())
            if takesStudents, students || studentRows.count >= Self.studentBytes { batch.students = studentRows.takeRows() }
            if copying == nil { startCopying() }
            guard let copying else { return }
            do {
                try copying.channel.put(batch)
            } catch is ChannelCancelled {
                // The sending thread failed, and says why.
                self.copying = nil
                copying.done.wait()
                throw copyFailure ?? StoreError("the copy of the reads into the server stopped; nothing was imported")
            }
        }

        private func startCopying() {
            // Room for 2 MB of rows: the parser reads on while the server takes a batch of students.
            let channel = BatchChannel<Rows>(capacity: 32), done = DispatchSemaphore(value: 0)
            copying = (channel, done)
            let thread = Thread { [self] in
                do {
                    try sendRows(from: channel)
                } catch {
                    copyFailure = error
                    channel.cancel()
                }
                done.signal()
            }
            thread.start()
        }

        /// On the sending thread: one COPY of reads after another, each ended by students to send.
        private func sendRows(from channel: BatchChannel<Rows>) throws {
            var more = true
            while more {
                var students: [UInt8] = []
                more = false
                try connection.copyIn(sql: "COPY read (\(PostgresStore.insertColumns)) FROM STDIN") { writer in
                    while let batch = try channel.take() {
                        try writer.send(batch.reads)
                        if !batch.students.isEmpty {
                            students = batch.students
                            more = true
                            return
                        }
                    }
                }
                if !students.isEmpty {
                    try connection.copyIn(sql: "COPY student (id, added_at) FROM STDIN") { try $0.send(students) }
                }
            }
        }

        // MARK: On the caller's thread

        /// Records reads the parser did not hand out, once the file is parsed.
        func record(_ reads: [Read]) throws {
            try endCopy()
            for read in reads {
                // Most reads share the version of the read before them: only a change is looked up.
                if read.rubricVersion == last?.version, read.rubric == last?.rubric { continue }
                let key = RubricVersionKey(rubric: read.rubric, version: read.rubricVersion)
                try use(key)
                last = (read.rubric, read.rubricVersion)
            }
            var rows = PostgresCopyWriter()
            for read in reads {
                try readRows.write(read, id: nextID, replaces: nil, to: &rows)
                nextID += 1
            }
            let batch = rows.takeRows()
            try connection.copyIn(sql: "COPY read (\(PostgresStore.insertColumns)) FROM STDIN") { try $0.send(batch) }
        }

        /// Sends the rows and students the parser left, ends the COPY of the reads that came
        /// while the file was parsed, and rethrows what it failed with.
        func endCopy() throws {
            guard !copied else { return }
            copied = true
            if rows.count > 0 || studentRows.count > 0 { try send(students: true) }
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
            // The students the load sent were not on the roster: it had none.
            let known = takesStudents
                ? [Bool](repeating: false, count: students.count) : try PostgresStore.onRoster(students, table: "student", on: connection)
            return (known, try PostgresStore.onRoster(raters, table: "rater", on: connection))
        }

        func add(_ additions: RosterAdditions) throws {
            try endCopy()
            let stamp = time.description
            if takesStudents {
                // Every student the file names was sent, and is one to add; were it otherwise,
                // the usual path adds exactly those.
                guard additions.students.count == studentsTaken else { throw ImportTheUsualWay() }
            } else {
                try PostgresStore.add(additions.students, to: "student", at: stamp, on: connection)
            }
            try PostgresStore.add(additions.raters, to: "rater", at: stamp, on: connection)
        }
    }
}
