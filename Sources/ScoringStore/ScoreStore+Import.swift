import Foundation
import GRDB
import ScoringCore

extension ScoreStore {
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
        var data = try Self.contents(of: path, name: name)
        // JSON (as `export scores FILE.json` writes it) is read as the CSV it stands for, and
        // its problems are told by the read of the array they are in.
        var json: ScoresJSON?
        if ScoresJSON.looksLikeJSON(data, path: path) {
            let converted = try ScoresJSON(data, name: name)
            if !converted.problems.isEmpty {
                var byRead: [Int: [String]] = [:]
                for problem in converted.problems { byRead[problem.read, default: []].append(problem.message) }
                let details = byRead.keys.sorted().map { "\(name): read \($0): \(byRead[$0]!.joined(separator: "; "))" }
                throw StoreError("\(name): \(Format.count(byRead.count, "bad read")); nothing was imported", details: details)
            }
            data = Data(converted.csv.utf8)
            json = converted
        }
        var parser = ScoresFileParser(file: name, bank: bank, now: time)
        if let json { parser.place = { "in read \(json.origins[$0] ?? 0)" } }
        try data.withUnsafeBytes { raw in
            try parser.parse(raw.bindMemory(to: UInt8.self))
        }
        let location: (Int) -> (order: Int, text: String) = { line in
            guard let json else { return (line, "\(name):\(line)") }
            let read = json.origins[line] ?? 0
            return (read, "\(name): read \(read)")
        }
        let (knownStudents, knownRaters) = try writer.read { db in
            (try Self.onRoster(parser.studentIDs, table: "student", in: db), try Self.onRoster(parser.raterIDs, table: "rater", in: db))
        }
        let (reads, additions) = parser.reads(knownStudents: knownStudents, knownRaters: knownRaters, addMissing: addMissing)
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
        if let check {
            var refused: [String] = []
            for read in reads {
                guard let message = check(read) else { continue }
                let part = read.component == AssessmentTask.mainComponent ? "" : "/\(read.component)"
                let kind = read.kind == .read ? "" : read.kind.rawValue + " "
                refused.append("\(name): the \(kind)read of \(read.student) \(read.task)\(part) by \(read.rater): \(message)")
            }
            if !refused.isEmpty {
                throw StoreError("\(name): \(Format.count(refused.count, "read")) refused; nothing was imported", details: refused)
            }
        }
        let outcomes = try record(reads, rubrics: bank.rubrics, adding: additions, at: time)
        var summary = ScoresImportSummary(
            file: name, rows: json?.reads ?? parser.rows, reads: reads.count, recorded: 0, corrected: 0, unchanged: 0,
            studentsAdded: additions.students.count, ratersAdded: additions.raters.count)
        for outcome in outcomes {
            switch outcome {
            case .recorded: summary.recorded += 1
            case .corrected: summary.corrected += 1
            case .unchanged: summary.unchanged += 1
            }
        }
        return summary
    }

    /// Whether each id is on the roster `table`; one indexed look-up per distinct id, none when
    /// the roster is empty (a first statewide import).
    private static func onRoster(_ ids: [String], table: String, in db: Database) throws -> [Bool] {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") == true else {
            return [Bool](repeating: false, count: ids.count)
        }
        let exists = try db.cachedStatement(sql: "SELECT 1 FROM \(table) WHERE id = ?")
        return try ids.map { try Int.fetchOne(exists, arguments: [$0]) != nil }
    }

    /// A file to import, mapped rather than copied where the system allows. `-` (or
    /// `/dev/stdin`, or a named pipe) is read as a stream to its end.
    static func contents(of path: String, name: String) throws -> Data {
        guard !path.isEmpty else { throw StoreError("give the file to import") }
        let descriptor = path == "-" ? dup(STDIN_FILENO) : Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError("cannot read \(name): \(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw StoreError("cannot read \(name): \(String(cString: strerror(errno)))") }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            throw StoreError("cannot read \(name): it is a folder, not a CSV file")
        case S_IFREG:
            do {
                return try Data(contentsOf: URL(fileURLWithPath: "/dev/fd/\(descriptor)"), options: .mappedIfSafe)
            } catch {
                throw StoreError("cannot read \(name): \(reason(error))")
            }
        default:
            var data = Data()
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { throw StoreError("cannot read \(name): \(String(cString: strerror(errno)))") }
                if count == 0 { return data }
                data.append(contentsOf: chunk[0..<count])
            }
        }
    }

    public static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}
