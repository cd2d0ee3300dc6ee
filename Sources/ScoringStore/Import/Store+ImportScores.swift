import Foundation
import ScoringCore

extension Store {
    /// Imports a scores CSV (SPEC section 6): all of it, or nothing.
    ///
    /// - Parameters:
    ///   - path: the file to read; `displayName` is how messages name it.
    ///   - bank: the rubrics and tasks reads are validated against.
    ///   - addMissing: add unknown students and raters to the rosters instead of refusing them.
    ///   - time: when the import runs; reads without `scored_at` are given this time.
    ///   - checkLooksAtStore: whether `check` reads the store for a read. A first load into a
    ///     store that can write while the file is parsed (`RecordsWhileParsing`) checks reads
    ///     inside its write transaction, where the store cannot be read: a read `check` must
    ///     look at the store for sends the import the usual way. Without it, every read is
    ///     taken to need the store.
    ///   - check: the caller's rules for a read the file is otherwise fine with (calibration
    ///     sessions, rater qualification): a message refuses it, and the whole import.
    /// - Returns: how many rows and reads there were, and what happened to each read.
    /// - Throws: `StoreError` whose `details` hold every bad line as `file:line: problem`,
    ///   sorted by line; nothing is imported then.
    public func importScores(
        path: String, displayName: String? = nil, bank: Bank, addMissing: Bool, at time: Timestamp,
        checkLooksAtStore: ((Read) -> Bool)? = nil, check: ((Read) -> String?)? = nil
    ) throws -> ScoresImportSummary {
        let name = displayName ?? path
        var file = try ImportBytes(path: path, name: name)
        // JSON (as `export scores FILE.json` writes it) is read as the CSV it stands for, and
        // its problems are told by the read of the array they are in.
        var json: ScoresJSON?
        let looksLikeJSON = file.withBytes { bytes in
            ScoresJSON.looksLikeJSON(Data(UnsafeBufferPointer(rebasing: bytes.prefix(4096))), path: path)
        }
        if looksLikeJSON {
            let converted = try ScoresJSON(file.contents, name: name)
            if !converted.problems.isEmpty {
                var byRead: [Int: [String]] = [:]
                for problem in converted.problems { byRead[problem.read, default: []].append(problem.message) }
                let details = byRead.keys.sorted().map { "\(name): read \($0): \(byRead[$0]!.joined(separator: "; "))" }
                throw StoreError("\(name): \(Format.count(byRead.count, "bad read")); nothing was imported", details: details)
            }
            file = try ImportBytes(csv: converted.csv)
            json = converted
        }
        var import_ = ScoresFileImport(name: name, json: json, addMissing: addMissing, check: check)
        let makeParser = {
            var parser = ScoresFileParser(file: name, bank: bank, now: time)
            if let json { parser.place = { "in read \(json.origins[$0] ?? 0)" } }
            return parser
        }
        if let recorder = self as? any RecordsWhileParsing, check == nil || checkLooksAtStore != nil,
            let summary = try import_.whileParsing(
                file, parser: makeParser(), into: recorder, rubrics: bank.rubrics, at: time,
                checkLooksAtStore: checkLooksAtStore ?? { _ in false })
        {
            return summary
        }

        var parser = makeParser()
        try file.withBytes { bytes in
            try parser.parse(bytes) { file.release(upTo: $0) }
        }
        let (knownStudents, knownRaters) = try onRoster(students: parser.studentIDs, raters: parser.raterIDs)
        let settled = parser.settle(knownStudents: knownStudents, knownRaters: knownRaters, addMissing: addMissing)
        if let failure = import_.failure(of: parser, adding: settled.additions) { throw failure }
        // The reads are made a batch at a time from the parser's compact form, never all at once:
        // first for the caller's check (which may look at the store, so it runs before anything
        // is written), then again for the store.
        if check != nil {
            var position = 0
            while true {
                let batch = parser.nextReads(from: &position, limit: ScoresFileImport.batchSize)
                if batch.isEmpty { break }
                batch.forEach { import_.check($0) }
            }
            if let refusal = import_.refusal() { throw refusal }
        }
        var position = 0
        let batches = ReadBatches(count: settled.reads, tasks: settled.tasks, rubricVersions: settled.rubricVersions) {
            parser.nextReads(from: &position, limit: ScoresFileImport.batchSize)
        }
        let counts = try record(batches, rubrics: bank.rubrics, adding: settled.additions, at: time)
        return import_.summary(of: parser, reads: settled.reads, counts: counts, adding: settled.additions)
    }
}

/// One `import scores` of one file: what its messages and its summary say, on either path.
struct ScoresFileImport {
    static let batchSize = 8192
    /// Files this big are parsed on a second thread while a store that can writes their reads.
    static let parallelBytes = 1 << 20

    let name: String
    let json: ScoresJSON?
    let addMissing: Bool
    let check: ((Read) -> String?)?
    private(set) var refused: [String] = []
    /// How many reads the last `whileParsing` wrote while its file was still being parsed.
    private(set) var writtenWhileParsing = 0

    init(name: String, json: ScoresJSON?, addMissing: Bool, check: ((Read) -> String?)?) {
        self.name = name
        self.json = json
        self.addMissing = addMissing
        self.check = check
    }

    /// Runs the caller's check of `read`, keeping its refusal.
    mutating func check(_ read: Read) {
        guard let message = check?(read) else { return }
        let part = read.component == AssessmentTask.mainComponent ? "" : "/\(read.component)"
        let kind = read.kind == .read ? "" : read.kind.rawValue + " "
        refused.append("\(name): the \(kind)read of \(read.student) \(read.task)\(part) by \(read.rater): \(message)")
    }

    /// The error refusing the import for the reads the check refused, if any.
    func refusal() -> StoreError? {
        guard !refused.isEmpty else { return nil }
        return StoreError("\(name): \(Format.count(refused.count, "read")) refused; nothing was imported", details: refused)
    }

    /// The error telling every problem of the parsed and settled file, if it had any.
    func failure(of parser: ScoresFileParser, adding additions: RosterAdditions) -> StoreError? {
        guard !parser.problems.isEmpty else { return nil }
        let location: (Int) -> (order: Int, text: String) = { line in
            guard let json else { return (line, "\(name):\(line)") }
            let read = json.origins[line] ?? 0
            return (read, "\(name): read \(read)")
        }
        // One message per bad line (per bad read of JSON), its problems in the order found.
        var byPlace: [Int: (text: String, messages: [String])] = [:]
        for problem in parser.problems {
            let place = location(problem.line)
            if byPlace[place.order]?.messages.contains(problem.message) == true { continue }
            byPlace[place.order, default: (place.text, [])].messages.append(problem.message)
        }
        let details = byPlace.keys.sorted().map { "\(byPlace[$0]!.text): \(byPlace[$0]!.messages.joined(separator: "; "))" }
        var message = "\(name): \(Format.count(byPlace.count, json == nil ? "bad line" : "bad read")); nothing was imported"
        if !addMissing, !additions.students.isEmpty || !additions.raters.isEmpty {
            let unknown = [(additions.students.count, "unknown student"), (additions.raters.count, "unknown rater")]
                .filter { $0.0 > 0 }.map { Format.count($0.0, $0.1) }.joined(separator: " and ")
            message += " (\(unknown): add them to the rosters, or import with --add-missing)"
        }
        return StoreError(message, details: details)
    }

    func summary(of parser: ScoresFileParser, reads: Int, counts: RecordCounts, adding additions: RosterAdditions)
        -> ScoresImportSummary
    {
        ScoresImportSummary(
            file: name, rows: json?.reads ?? parser.rows, reads: reads, recorded: counts.recorded,
            corrected: counts.corrected, unchanged: counts.unchanged, studentsAdded: additions.students.count,
            ratersAdded: additions.raters.count)
    }

    /// Imports a big file into a store that writes reads while the file is parsed: a second
    /// thread parses and hands out whole reads (`ScoresFileParser.stream`), which this one
    /// checks and the store records; the rest follows the parse as on the usual path, and
    /// any problem rolls everything back. Nil when the store or the file is not for this path
    /// (the usual path then imports it from the start).
    mutating func whileParsing(
        _ file: ImportBytes, parser: ScoresFileParser, into recorder: any RecordsWhileParsing, rubrics: [String: Rubric],
        at time: Timestamp, checkLooksAtStore: (Read) -> Bool
    ) throws -> ScoresImportSummary? {
        guard file.withBytes({ $0.count }) >= Self.parallelBytes else { return nil }
        var summary: ScoresImportSummary?
        let start = self
        do {
            let recorded = try recorder.recordingWhileParsing(rubrics: rubrics, at: time) { writer in
                summary = try file.withBytes { bytes in
                    try record(file, bytes: bytes, parser: parser, into: writer, checkLooksAtStore: checkLooksAtStore)
                }
            }
            guard recorded else { return nil }
        } catch is ImportTheUsualWay {
            self = start
            return nil
        }
        return summary
    }

    private mutating func record(
        _ file: ImportBytes, bytes: UnsafeBufferPointer<UInt8>, parser: ScoresFileParser, into writer: any ImportWriter,
        checkLooksAtStore: (Read) -> Bool
    ) throws -> ScoresImportSummary {
        // A transaction the server runs again starts afresh.
        refused = []
        writtenWhileParsing = 0
        let job = ParseJob(parser, file: file, bytes: bytes)
        let channel = ReadChannel(capacity: 4)
        job.start(into: channel)
        var joined = false
        defer {
            if !joined {
                channel.cancel()
                job.join()
            }
        }
        // Each read is checked before it is written, as on the usual path.
        func checkAndRecord(_ reads: [Read]) throws {
            for read in reads {
                if check != nil, checkLooksAtStore(read) { throw ImportTheUsualWay() }
                self.check(read)
            }
            try writer.record(reads)
        }
        while let reads = try channel.take() {
            try checkAndRecord(reads)
            writtenWhileParsing += reads.count
        }
        job.join()
        joined = true

        var parser = job.takeParser()
        let (knownStudents, knownRaters) = try writer.onRoster(students: parser.studentIDs, raters: parser.raterIDs)
        let settled = parser.settle(knownStudents: knownStudents, knownRaters: knownRaters, addMissing: addMissing)
        if let failure = failure(of: parser, adding: settled.additions) { throw failure }
        // Only reads settle keeps were handed out, since the file had no problem; never
        // record one it did not keep.
        guard parser.streamedReadsWereKept else { throw ImportTheUsualWay() }
        var position = parser.streamed
        while true {
            let batch = parser.nextReads(from: &position, limit: Self.batchSize)
            if batch.isEmpty { break }
            try checkAndRecord(batch)
        }
        if let refusal = refusal() { throw refusal }
        try writer.add(settled.additions)
        var counts = RecordCounts()
        counts.recorded = settled.reads
        return summary(of: parser, reads: settled.reads, counts: counts, adding: settled.additions)
    }
}
