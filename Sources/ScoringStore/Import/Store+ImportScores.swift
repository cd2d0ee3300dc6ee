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
    ///   - check: the caller's rules for a read the file is otherwise fine with (calibration
    ///     sessions, rater qualification): a message refuses it, and the whole import.
    /// - Returns: how many rows and reads there were, and what happened to each read.
    /// - Throws: `StoreError` whose `details` hold every bad line as `file:line: problem`,
    ///   sorted by line; nothing is imported then.
    public func importScores(
        path: String, displayName: String? = nil, bank: Bank, addMissing: Bool, at time: Timestamp,
        check: ((Read) -> String?)? = nil
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
        var parser = ScoresFileParser(file: name, bank: bank, now: time)
        if let json { parser.place = { "in read \(json.origins[$0] ?? 0)" } }
        try file.withBytes { bytes in
            try parser.parse(bytes) { file.release(upTo: $0) }
        }
        let location: (Int) -> (order: Int, text: String) = { line in
            guard let json else { return (line, "\(name):\(line)") }
            let read = json.origins[line] ?? 0
            return (read, "\(name): read \(read)")
        }
        let (knownStudents, knownRaters) = try onRoster(students: parser.studentIDs, raters: parser.raterIDs)
        let settled = parser.settle(knownStudents: knownStudents, knownRaters: knownRaters, addMissing: addMissing)
        let additions = settled.additions
        if !parser.problems.isEmpty {
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
            throw StoreError(message, details: details)
        }
        // The reads are made a batch at a time from the parser's compact form, never all at once:
        // first for the caller's check (which may look at the store, so it runs before anything
        // is written), then again for the store.
        let batchSize = 8192
        if let check {
            var refused: [String] = []
            var position = 0
            while true {
                let batch = parser.nextReads(from: &position, limit: batchSize)
                if batch.isEmpty { break }
                for read in batch {
                    guard let message = check(read) else { continue }
                    let part = read.component == AssessmentTask.mainComponent ? "" : "/\(read.component)"
                    let kind = read.kind == .read ? "" : read.kind.rawValue + " "
                    refused.append("\(name): the \(kind)read of \(read.student) \(read.task)\(part) by \(read.rater): \(message)")
                }
            }
            if !refused.isEmpty {
                throw StoreError("\(name): \(Format.count(refused.count, "read")) refused; nothing was imported", details: refused)
            }
        }
        var position = 0
        let batches = ReadBatches(count: settled.reads, tasks: settled.tasks, rubricVersions: settled.rubricVersions) {
            parser.nextReads(from: &position, limit: batchSize)
        }
        let counts = try record(batches, rubrics: bank.rubrics, adding: additions, at: time)
        return ScoresImportSummary(
            file: name, rows: json?.reads ?? parser.rows, reads: settled.reads, recorded: counts.recorded,
            corrected: counts.corrected, unchanged: counts.unchanged, studentsAdded: additions.students.count,
            ratersAdded: additions.raters.count)
    }
}
