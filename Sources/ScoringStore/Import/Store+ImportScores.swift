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
    ///   - rules: the caller's rules for the reads the file is otherwise fine with; a read
    ///     they refuse refuses the whole import.
    /// - Returns: how many rows and reads there were, and what happened to each read.
    /// - Throws: `StoreError` whose `details` hold every bad line as `file:line: problem`,
    ///   sorted by line; nothing is imported then.
    public func importScores(
        path: String, displayName: String? = nil, bank: Bank, addMissing: Bool, at time: Timestamp, rules: ImportRules? = nil
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
        var import_ = ScoresFileImport(name: name, json: json, addMissing: addMissing, rules: rules)
        let makeParser = {
            var parser = ScoresFileParser(file: name, bank: bank, now: time)
            if let json { parser.place = { "in read \(json.origins[$0] ?? 0)" } }
            return parser
        }
        if let recorder = self as? any RecordsWhileParsing,
            let summary = try import_.whileParsing(file, parser: makeParser(), into: recorder, rubrics: bank.rubrics, at: time)
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
        if rules != nil {
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

/// The caller's rules for the reads of an import (who may record them, calibration sessions,
/// qualification), beyond the file's own. A read they refuse refuses the whole import.
public struct ImportRules {
    /// Whether `rater` may record reads of `kind`: nil, or why not. Asked once for each rater
    /// and kind of a file.
    public var mayRecord: (_ kind: ReadKind, _ rater: String) -> String?
    /// Whether `check` must see a read of `rubric` (given in a calibration session or not):
    /// one it must see sends a first load the usual way, where `check` may look at the store.
    /// Asked on the thread that parses the file.
    public var needsCheck: @Sendable (_ rubric: String, _ inSession: Bool) -> Bool
    /// The rest of the rules, for a read `needsCheck` named and `mayRecord` let through.
    public var check: (Read) -> String?

    public init(
        mayRecord: @escaping (ReadKind, String) -> String?, needsCheck: @escaping @Sendable (String, Bool) -> Bool,
        check: @escaping (Read) -> String?
    ) {
        self.mayRecord = mayRecord
        self.needsCheck = needsCheck
        self.check = check
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
    let rules: ImportRules?
    private(set) var refused: [String] = []
    /// How many reads the last `whileParsing` wrote while its file was still being parsed.
    private(set) var writtenWhileParsing = 0
    /// `rules.mayRecord`'s answer for each rater and kind asked about.
    private var mayRecord: [RaterKind: String?] = [:]

    private struct RaterKind: Hashable {
        var rater: String
        var kind: ReadKind
    }

    init(name: String, json: ScoresJSON?, addMissing: Bool, rules: ImportRules?) {
        self.name = name
        self.json = json
        self.addMissing = addMissing
        self.rules = rules
    }

    /// Why `rater` may not record reads of `kind`, if so.
    private mutating func refusal(of kind: ReadKind, by rater: String) -> String? {
        guard let rules else { return nil }
        let key = RaterKind(rater: rater, kind: kind)
        if let known = mayRecord[key] { return known }
        let answer = rules.mayRecord(kind, rater)
        mayRecord[key] = answer
        return answer
    }

    /// Whether the caller's check must see `read`.
    private func needsCheck(_ read: Read) -> Bool {
        rules?.needsCheck(read.rubric, read.session != nil) ?? false
    }

    /// Runs the caller's rules on `read`, keeping their refusal.
    mutating func check(_ read: Read) {
        guard let message = refusal(of: read.kind, by: read.rater) ?? (needsCheck(read) ? rules?.check(read) : nil) else { return }
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
    /// thread parses and hands out whole reads, to this one as `Read` values the store
    /// records (`ScoresFileParser.stream`) or, where the store's writer takes them so, to the
    /// writer itself as the parser holds them (`sink`). The rest follows the parse as on the
    /// usual path: the rules asked once per rater and kind, the reads not yet written, the
    /// rosters; any problem rolls everything back. Nil when the store or the file is not for
    /// this path, or a read needs the rules' check (the usual path then imports it from the
    /// start).
    mutating func whileParsing(
        _ file: ImportBytes, parser: ScoresFileParser, into recorder: any RecordsWhileParsing, rubrics: [String: Rubric],
        at time: Timestamp
    ) throws -> ScoresImportSummary? {
        guard file.withBytes({ $0.count }) >= Self.parallelBytes else { return nil }
        var summary: ScoresImportSummary?
        let start = self
        var parser = parser
        parser.needsCheck = rules?.needsCheck
        do {
            let recorded = try recorder.recordingWhileParsing(rubrics: rubrics, at: time, addingMissing: addMissing) { writer in
                summary = try file.withBytes { bytes in
                    try record(file, bytes: bytes, parser: parser, into: writer)
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
        _ file: ImportBytes, bytes: UnsafeBufferPointer<UInt8>, parser: ScoresFileParser, into writer: any ImportWriter
    ) throws -> ScoresImportSummary {
        // A transaction the server runs again starts afresh.
        refused = []
        writtenWhileParsing = 0
        let job = ParseJob(parser, file: file, bytes: bytes)
        let channel = ReadChannel(capacity: 4)
        job.start(into: channel, sink: writer.sink)
        var joined = false
        defer {
            if !joined {
                channel.cancel()
                job.join()
            }
        }
        // The parser hands out no read the caller's check must see (it throws instead).
        while let reads = try channel.take() { try writer.record(reads) }
        job.join()
        joined = true

        var parser = job.takeParser()
        writtenWhileParsing = parser.streamed
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
            if batch.contains(where: needsCheck) { throw ImportTheUsualWay() }
            try writer.record(batch)
        }
        // Who may record what, asked once for each rater and kind; each read refused is told.
        if rules != nil, parser.raterKinds.contains(where: { refusal(of: $0.kind, by: $0.rater) != nil }) {
            var position = 0
            while true {
                let batch = parser.nextReads(from: &position, limit: Self.batchSize)
                if batch.isEmpty { break }
                batch.forEach { check($0) }
            }
        }
        if let refusal = refusal() { throw refusal }
        try writer.add(settled.additions)
        var counts = RecordCounts()
        counts.recorded = settled.reads
        return summary(of: parser, reads: settled.reads, counts: counts, adding: settled.additions)
    }
}
