import Foundation
import GRDB
import ScoringCore

/// What `import scores` did.
public struct ScoresImportSummary: Sendable, Equatable {
    public var file: String
    public var rows: Int
    public var reads: Int
    public var recorded: Int
    public var corrected: Int
    public var unchanged: Int
    public var studentsAdded: Int
    public var ratersAdded: Int
}

/// Reads a scores CSV (SPEC section 6) into validated reads, reporting every bad line.
///
/// Rows are grouped into reads by (student, task, component, rater, kind, session); every read
/// must score every criterion of its component's rubric exactly once. Ids are interned as bytes
/// so a statewide file costs one pass and a handful of hash look-ups per row.
struct ScoresFileParser {
    static let requiredColumns = ["student", "task", "rater", "criterion", "score"]
    static let optionalColumns = ["component", "kind", "scored_at", "note", "session", "code"]

    let file: String
    let bank: Bank
    let now: Timestamp
    /// How a message points at another line: `on line 7`, or for JSON `in read 3`.
    var place: (Int) -> String = { "on line \($0)" }

    private(set) var problems: [(line: Int, message: String)] = []
    private(set) var rows = 0

    // Interned column values.
    private var students = ByteInterner(capacity: 1024)
    private var tasks = ByteInterner()
    private var components = ByteInterner()
    private var raters = ByteInterner()
    private var sessions = ByteInterner()
    private var criteria = ByteInterner()

    // What each interned value means, worked out the first time it is seen.
    /// For each rubric, the criterion index of each interned criterion id (-1 not a criterion).
    private var criterionSlots: [[Int]] = []
    private static let unresolved = Int.min
    private var rubricList: [Rubric] = []
    private var rubricIndex: [String: Int] = [:]
    /// What every row and read needs of each rubric of `rubricList`, held apart from it: reading
    /// `rubricList[i]` copies a `Rubric` (a dozen references retained and released), which cost
    /// a tenth of a statewide import when done for every row.
    private var rubricFacts: [RubricFacts] = []

    private struct RubricFacts {
        var id: String
        var version: Int
        var criteria: [String]
        /// Bit `n` set: `n` is a score on the scale (scores 0...63; others are in `otherScores`).
        var scaleBits: UInt64 = 0
        var otherScores: [Int] = []
        /// Whether the caller's check must see a read of it out of a session, and in one
        /// (`needsCheck`).
        var checked: (alone: Bool, inSession: Bool) = (false, false)

        init(_ rubric: Rubric, needsCheck: ((String, Bool) -> Bool)?) {
            id = rubric.id
            version = rubric.version
            criteria = rubric.criteria.map(\.id)
            if let needsCheck { checked = (needsCheck(id, false), needsCheck(id, true)) }
            for score in rubric.scores {
                if (0..<64).contains(score) { scaleBits |= 1 << UInt64(score) } else { otherScores.append(score) }
            }
        }

        func isScaleScore(_ score: Int) -> Bool {
            (0..<64).contains(score) ? scaleBits & (1 << UInt64(score)) != 0 : otherScores.contains(score)
        }
    }

    /// Reads in the making, compactly (a statewide file has millions): ids interned, lines as
    /// 32-bit numbers, notes in a side table. Their scores live in one flat array,
    /// `criteria.count` slots each.
    private struct PendingRead {
        var student: Int32, task: Int32, component: Int32, rater: Int32, session: Int32
        var rubric: Int32
        var slot: Int32
        var line: Int32
        /// Seconds of `scored_at`, `noTime` when none was given.
        var scoredAt: Int64 = PendingRead.noTime
        var scoredAtLine: Int32 = 0
        /// An index into `noteLists`, -1 for none.
        var notes: Int32 = -1
        var codeLine: Int32 = 0
        var scoreLine: Int32 = 0
        var kind: ReadKind
        /// The condition code of a read given as one row with a code and no criterion or score.
        var code: ConditionCode?
        var bad = false
        /// One of its rows had a problem of its own, already reported at that row's line.
        var spoiled = false
        /// Settled as a read to record.
        var kept = false

        static let noTime = Int64.min

        var key: PendingKey {
            PendingKey(student: student, task: task, component: component, rater: rater, kind: kind, session: session)
        }
    }
    private struct PendingKey: Hashable {
        var student: Int32, task: Int32, component: Int32, rater: Int32, kind: ReadKind, session: Int32

        /// A cheap mix of the fields for `PendingTable`.
        var mixed: UInt64 {
            var hash = UInt64(UInt32(bitPattern: student)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= UInt64(UInt32(bitPattern: rater)) &* 0xC2B2_AE3D_27D4_EB4F
            hash ^= UInt64(UInt32(bitPattern: task)) << 32 ^ UInt64(UInt32(bitPattern: component)) << 16
            hash ^= UInt64(UInt32(bitPattern: session)) &* 0x1656_67B1_9E37_79F9
            hash ^= hash >> 29
            hash = hash &* 0xBF58_476D_1CE4_E5B9
            return hash ^ hash >> 32
        }
    }
    private var pending: [PendingRead] = []
    /// Open-addressing table of indexes into `pending` (-1 empty), a power of two in size:
    /// four bytes a read where a dictionary of keys would take thirty and more. (A tag of each
    /// key's hash beside the index saved a third of the look-ups' time, 3% of the parsing
    /// thread's, for 44 MB more at ten million rows: not kept.)
    private var pendingTable = [Int32](repeating: -1, count: 1024)
    private var noteLists: [[String]] = []
    private var scoreSlots: [Int32] = []
    private var slotLines: [Int32] = []
    private static let missing = Int32.min

    /// The index of the read `key` names, if one is pending.
    private func pendingIndex(_ key: PendingKey) -> (index: Int?, slot: Int) {
        let mask = pendingTable.count - 1
        var slot = Int(truncatingIfNeeded: key.mixed) & mask
        while true {
            let index = pendingTable[slot]
            if index < 0 { return (nil, slot) }
            if pending[Int(index)].key == key { return (Int(index), slot) }
            slot = (slot + 1) & mask
        }
    }

    /// Rows read before the arrays are sized for the whole file.
    private static let sampleRows = 4096

    /// Sizes the arrays for a file of `size` bytes from what its first rows took, so that a
    /// statewide file's arrays are allocated once instead of doubling (which holds the old and
    /// the new copy at once, twice the memory at the worst moment).
    private mutating func reserveForTheRest(ofBytes size: Int, readSoFar offset: Int) {
        guard offset > 0, size > 2 * offset else { return }
        let scale = Double(size) / Double(offset) * 1.05
        pending.reserveCapacity(Int(Double(pending.count) * scale))
        scoreSlots.reserveCapacity(Int(Double(scoreSlots.count) * scale))
        slotLines.reserveCapacity(Int(Double(slotLines.count) * scale))
        // The index of pending reads (4 bytes a slot) still grows by doubling: cheap to copy.
    }

    private mutating func growPendingTable() {
        let size = pendingTable.count * 2
        pendingTable = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for index in pending.indices {
            var slot = Int(truncatingIfNeeded: pending[index].key.mixed) & mask
            while pendingTable[slot] >= 0 { slot = (slot + 1) & mask }
            pendingTable[slot] = Int32(index)
        }
    }

    private let mainComponentID: Int32

    init(file: String, bank: Bank, now: Timestamp) {
        self.file = file
        self.bank = bank
        self.now = now
        mainComponentID = components.internText(AssessmentTask.mainComponent)
    }

    mutating func problem(_ line: Int, _ message: String) {
        problems.append((line, message))
    }

    /// Parses the whole file.
    ///
    /// - Throws: `Interrupted` when Ctrl-C asks the import to stop.
    /// - Parameter release: told now and then how many bytes are behind the reader, so that a
    ///   mapped file's pages can go (the bytes stay readable: they are read again on demand).
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, release: ((Int) -> Void)? = nil) throws {
        var reader = CSVReader(bytes)
        let columns: Columns
        do {
            guard try reader.next() else {
                problem(1, "the file is empty; it needs a header row with \(Self.requiredColumns.joined(separator: ","))")
                return
            }
            guard let parsed = readHeader(reader) else { return }
            columns = parsed
        } catch {
            problem(error.line, error.message)
            return
        }
        var lastKey: PendingKey?
        var lastIndex = 0
        while true {
            do {
                guard try reader.next() else { break }
            } catch {
                rows += 1
                problem(error.line, error.message)
                continue
            }
            let line = reader.recordLine
            if reader.fields.count == 1, reader.fields[0].end == reader.fields[0].start { continue }
            rows += 1
            if rows & 0xFFF == 0 {
                try Interruption.check()
                if stream != nil || sink != nil { try handOutReadyReads() }
            }
            if rows & 0xFFFF == 0, let release { release(reader.offset) }
            if rows == Self.sampleRows { reserveForTheRest(ofBytes: bytes.count, readSoFar: reader.offset) }
            guard reader.fields.count == columns.count else {
                problem(line, "expected \(columns.count) fields as in the header, found \(reader.fields.count)")
                continue
            }
            guard let row = readRow(reader, columns: columns, line: line) else { continue }
            let key = PendingKey(
                student: row.student, task: row.task, component: row.component, rater: row.rater, kind: row.kind,
                session: row.session)
            let index: Int
            if key == lastKey {
                index = lastIndex
            } else {
                let found = pendingIndex(key)
                if let existing = found.index {
                    index = existing
                } else {
                    index = pending.count
                    pendingTable[found.slot] = Int32(index)
                    pending.append(
                        PendingRead(
                            student: row.student, task: row.task, component: row.component, rater: row.rater,
                            session: row.session, rubric: Int32(row.rubric), slot: Int32(scoreSlots.count),
                            line: Int32(clamping: line), kind: row.kind))
                    if pending.count * 2 > pendingTable.count { growPendingTable() }
                    let count = rubricFacts[row.rubric].criteria.count
                    scoreSlots.append(contentsOf: repeatElement(Self.missing, count: count))
                    slotLines.append(contentsOf: repeatElement(0, count: count))
                }
            }
            lastKey = key
            lastIndex = index
            if row.spoiled {
                // Its problems are reported on its own line; the read it belongs to is not
                // reported again as missing what this row failed to give.
                pending[index].bad = true
                pending[index].spoiled = true
                continue
            }
            add(row, to: index, line: line)
        }
        if let sink, sink.takesStudents, problems.isEmpty { try handOutStudents(to: sink) }
    }

    private struct Columns {
        var count: Int
        var student = -1, task = -1, rater = -1, criterion = -1, score = -1
        var component = -1, kind = -1, scoredAt = -1, note = -1, session = -1, code = -1
    }

    private mutating func readHeader(_ reader: CSVReader) -> Columns? {
        var columns = Columns(count: reader.fields.count)
        let known = Self.requiredColumns + Self.optionalColumns
        var seen: [String: Int] = [:]
        var ok = true
        for index in reader.fields.indices {
            let name = (reader.string(index) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            if seen[name] != nil {
                problem(1, "column '\(Quoting.visible(name))' appears twice in the header")
                ok = false
                continue
            }
            seen[name] = index
            switch name {
            case "student": columns.student = index
            case "task": columns.task = index
            case "rater": columns.rater = index
            case "criterion": columns.criterion = index
            case "score": columns.score = index
            case "component": columns.component = index
            case "kind": columns.kind = index
            case "scored_at": columns.scoredAt = index
            case "note": columns.note = index
            case "session": columns.session = index
            case "code": columns.code = index
            default:
                var message = "unknown column '\(Quoting.visible(name))'"
                if let near = Suggestion.nearest(to: name, among: known) { message += "; did you mean '\(near)'?" }
                if ok { message += " (columns: \(known.joined(separator: ", ")))" }
                problem(1, message)
                ok = false
            }
        }
        let missing = Self.requiredColumns.filter { seen[$0] == nil }
        if !missing.isEmpty {
            problem(1, "the header has no \(missing.map { "'\($0)'" }.joined(separator: ", ")) column\(missing.count == 1 ? "" : "s")")
            ok = false
        }
        return ok ? columns : nil
    }

    private struct Row {
        var student: Int32, task: Int32, component: Int32, rater: Int32, kind: ReadKind, session: Int32
        var rubric: Int, criterion: Int, score: Int32
        var scoredAt: Timestamp?, note: String?
        var code: ConditionCode?
        /// The row had problems (reported); it still names the read it belongs to.
        var spoiled = false
    }

    /// What the previous row's repeated columns meant, reused while their bytes repeat: the rows
    /// of one read share student, rater, task, component, kind, session and time, so most rows
    /// cost a few byte comparisons instead of hash look-ups.
    private struct Remembered {
        var field: CSVReader.Field
        var id: Int32
        var problem: String?
    }
    private var lastStudent: Remembered?
    private var lastRater: Remembered?
    private var lastTask: Remembered?
    private var lastComponent: Remembered?
    private var lastSession: Remembered?
    private var lastKind: (field: CSVReader.Field, kind: Result<ReadKind, ReadProblem>)?
    private var lastScoredAt: (field: CSVReader.Field, time: Timestamp?)?
    /// The rubric of the last (task, component), or its problem.
    private var lastRubric: (task: Int32, component: Int32, rubric: Result<Int, ReadProblem>)?
    /// For each rubric, by criterion, where that criterion's id was last read; and the rubric
    /// and criterion of the last row (-1 for none).
    private var criterionFields: [[CSVReader.Field?]] = []
    private var lastCriterion = (rubric: -1, index: -1)

    /// The id of `column`'s value, interned in `interner`, with the id's spelling problem if any.
    private static func value(
        _ reader: CSVReader, _ column: Int, _ interner: inout ByteInterner, _ last: inout Remembered?, kind: String?
    ) -> Remembered {
        if let remembered = last, reader.field(column, equals: remembered.field) { return remembered }
        let id = reader.withBytes(of: column) { interner.intern($0) }
        var problem: String?
        if let kind {
            if let text = interner.string(id) {
                problem = Identifier.problem(with: text, kind: kind, contentStyle: false)
            } else {
                problem = "the \(kind) id is not UTF-8 text or holds a NUL byte"
            }
        }
        let remembered = Remembered(field: reader.fields[column], id: id, problem: problem)
        last = remembered
        return remembered
    }

    /// Validates one row; reports every problem on it and returns nil if there was one.
    private mutating func readRow(_ reader: CSVReader, columns: Columns, line: Int) -> Row? {
        var problems: [String] = []
        let student = Self.value(reader, columns.student, &students, &lastStudent, kind: "student")
        if let problem = student.problem { problems.append(problem) }
        let rater = Self.value(reader, columns.rater, &raters, &lastRater, kind: "rater")
        if let problem = rater.problem { problems.append(problem) }
        let taskID = Self.value(reader, columns.task, &tasks, &lastTask, kind: nil).id
        let component = Self.isEmpty(reader, columns.component)
            ? mainComponentID : Self.value(reader, columns.component, &components, &lastComponent, kind: nil).id
        var session: Int32 = -1
        if !Self.isEmpty(reader, columns.session) {
            let value = Self.value(reader, columns.session, &sessions, &lastSession, kind: "session")
            session = value.id
            if let problem = value.problem { problems.append(problem) }
        }

        let rubricResult: Result<Int, ReadProblem>
        if let last = lastRubric, last.task == taskID, last.component == component {
            rubricResult = last.rubric
        } else {
            rubricResult = rubric(taskID: taskID, component: component)
            lastRubric = (taskID, component, rubricResult)
        }
        var rubric = -1
        switch rubricResult {
        case .failure(let failure): problems.append(failure.message)
        case .success(let index): rubric = index
        }

        var kind = ReadKind.read
        if !Self.isEmpty(reader, columns.kind) {
            let parsed: Result<ReadKind, ReadProblem>
            if let last = lastKind, reader.field(columns.kind, equals: last.field) {
                parsed = last.kind
            } else {
                parsed = Self.kind(reader.string(columns.kind) ?? "")
                lastKind = (reader.fields[columns.kind], parsed)
            }
            switch parsed {
            case .failure(let failure): problems.append(failure.message)
            case .success(let value): kind = value
            }
        }
        if kind == .calibration, session < 0 {
            problems.append("a calibration read needs the session it was given in (a 'session' column)")
        } else if kind != .calibration, session >= 0 {
            problems.append("only calibration reads belong to a session; this row's kind is '\(kind.rawValue)'")
        }

        var criterion = -1
        var score: Int32 = 0
        var code: ConditionCode?
        if !Self.isEmpty(reader, columns.code) {
            let text = reader.string(columns.code) ?? ""
            if let parsed = ConditionCode(parsing: text) {
                code = parsed
            } else {
                problems.append("unknown condition code '\(Quoting.visible(text))'; use blank, off-topic, illegible or wrong-language")
            }
            if !Self.isEmpty(reader, columns.criterion) || !Self.isEmpty(reader, columns.score) {
                problems.append("a row with a condition code gives no criterion or score (the code stands for the whole read)")
            }
            if kind == .master || kind == .calibration {
                problems.append("\(kind.rawValue) reads compare raters' scores: they cannot carry a condition code")
            }
        } else if rubric >= 0 {
            // The rows of a read mostly follow its rubric's criteria in order: the criterion
            // after the last row's is tried first, on its bytes alone.
            let count = criterionFields[rubric].count
            let predicted = lastCriterion.rubric == rubric ? (lastCriterion.index + 1) % max(count, 1) : 0
            if predicted < count, let field = criterionFields[rubric][predicted], reader.field(columns.criterion, equals: field) {
                criterion = predicted
            } else {
                let criterionID = reader.withBytes(of: columns.criterion) { criteria.intern($0) }
                switch self.criterion(criterionID, rubric: rubric) {
                case .failure(let failure): problems.append(failure.message)
                case .success(let index):
                    criterion = index
                    criterionFields[rubric][index] = reader.fields[columns.criterion]
                }
            }
            lastCriterion = (rubric, criterion)
            if let parsed = reader.withBytes(of: columns.score, Self.integer), rubricFacts[rubric].isScaleScore(parsed) {
                score = Int32(parsed)
            } else {
                let name = criterion >= 0 ? rubricFacts[rubric].criteria[criterion] : (reader.string(columns.criterion) ?? "?")
                let text = reader.string(columns.score) ?? "?"
                if case .failure(let failure) = ScoreValidation.check(level: text, criterion: name, rubric: rubricList[rubric]) {
                    problems.append(failure.message)
                }
            }
        }

        var scoredAt: Timestamp?
        if !Self.isEmpty(reader, columns.scoredAt) {
            if let last = lastScoredAt, reader.field(columns.scoredAt, equals: last.field) {
                scoredAt = last.time
            } else {
                scoredAt = reader.string(columns.scoredAt).flatMap { Timestamp(iso8601: $0) }
                lastScoredAt = (reader.fields[columns.scoredAt], scoredAt)
            }
            if scoredAt == nil {
                let text = reader.string(columns.scoredAt) ?? "?"
                problems.append("scored_at '\(Quoting.visible(text))' \(Timestamp.problem(with: text) ?? "is not a date-time")")
            }
        }
        var note: String?
        if !Self.isEmpty(reader, columns.note) {
            note = reader.string(columns.note)
            if note == nil { problems.append("the note is not UTF-8 text or holds a NUL byte") }
        }
        for message in problems { problem(line, message) }
        // A row whose read cannot even be told (its task or component is unknown) stands alone.
        if !problems.isEmpty, rubric < 0 { return nil }
        return Row(
            student: student.id, task: taskID, component: component, rater: rater.id, kind: kind, session: session,
            rubric: rubric, criterion: criterion, score: score, scoredAt: scoredAt, note: note, code: code,
            spoiled: !problems.isEmpty)
    }

    private static func isEmpty(_ reader: CSVReader, _ column: Int) -> Bool {
        column < 0 || reader.fields[column].start == reader.fields[column].end
    }

    private mutating func add(_ row: Row, to index: Int, line: Int) {
        if let code = row.code {
            if pending[index].code != nil {
                problem(line, "this read's condition code is already given \(place(Int(pending[index].codeLine)))")
                pending[index].bad = true
            } else if pending[index].scoreLine > 0 {
                problem(line, "a read has scores or a condition code, not both (scores \(place(Int(pending[index].scoreLine))))")
                pending[index].bad = true
            } else {
                pending[index].code = code
                pending[index].codeLine = Int32(clamping: line)
            }
            addTimeAndNote(row, to: index, line: line)
            return
        }
        if pending[index].code != nil {
            problem(line, "a read has scores or a condition code, not both (code \(place(Int(pending[index].codeLine))))")
            pending[index].bad = true
            return
        }
        if pending[index].scoreLine == 0 { pending[index].scoreLine = Int32(clamping: line) }
        let slot = Int(pending[index].slot) + row.criterion
        if scoreSlots[slot] != Self.missing {
            let name = rubricFacts[row.rubric].criteria[row.criterion]
            problem(line, "criterion '\(name)' of this read is already given \(place(Int(slotLines[slot])))")
            pending[index].bad = true
            return
        }
        scoreSlots[slot] = row.score
        slotLines[slot] = Int32(clamping: line)
        addTimeAndNote(row, to: index, line: line)
    }

    private mutating func addTimeAndNote(_ row: Row, to index: Int, line: Int) {
        if let scoredAt = row.scoredAt {
            if pending[index].scoredAt != PendingRead.noTime, pending[index].scoredAt != scoredAt.seconds {
                let earlier = Timestamp(seconds: pending[index].scoredAt)
                problem(
                    line,
                    "scored_at \(scoredAt) differs from \(earlier) \(place(Int(pending[index].scoredAtLine))), in the same read; a read is given at one time")
                pending[index].bad = true
            } else if pending[index].scoredAt == PendingRead.noTime {
                pending[index].scoredAt = scoredAt.seconds
                pending[index].scoredAtLine = Int32(clamping: line)
            }
        }
        if let note = row.note {
            if pending[index].notes < 0 {
                pending[index].notes = Int32(noteLists.count)
                noteLists.append([note])
            } else if !noteLists[Int(pending[index].notes)].contains(note) {
                noteLists[Int(pending[index].notes)].append(note)
            }
        }
    }

    /// The distinct student and rater ids of the file's reads, for the roster check.
    var studentIDs: [String] { (0..<Int32(students.count)).map { students.string($0) ?? "" } }
    var raterIDs: [String] { (0..<Int32(raters.count)).map { raters.string($0) ?? "" } }

    /// What `settle` found: how many reads there are to record, and what recording them needs.
    struct Settled {
        var reads = 0
        var additions = RosterAdditions()
        var tasks: Set<String> = []
        var rubricVersions: Set<RubricVersionKey> = []
    }

    /// Once every row parsed and the rosters were checked, reports reads that miss criteria
    /// and, unless `addMissing`, every line naming a student or rater not on a roster; marks
    /// the reads to record, which `nextReads` then hands out.
    ///
    /// - Parameters:
    ///   - knownStudents: for each id of `studentIDs`, whether it is on the roster.
    ///   - knownRaters: the same for `raterIDs`.
    /// - Returns: how many reads, and the ids to add to the rosters (all unknown ids used by reads).
    mutating func settle(knownStudents: [Bool], knownRaters: [Bool], addMissing: Bool) -> Settled {
        var settled = Settled()
        var adding = (students: Set<Int32>(), raters: Set<Int32>())
        var tasksUsed = Set<Int32>(), rubricsUsed = Set<Int32>()
        for index in pending.indices {
            let read = pending[index]
            let range = Int(read.slot)..<(Int(read.slot) + rubricFacts[Int(read.rubric)].criteria.count)
            // A read all of whose rows were bad is already reported in full; it names no one to add.
            if read.spoiled, read.code == nil, !range.contains(where: { slotLines[$0] > 0 }) { continue }
            let studentKnown = knownStudents[Int(read.student)], raterKnown = knownRaters[Int(read.rater)]
            if !studentKnown, adding.students.insert(read.student).inserted { settled.additions.students.append(students.string(read.student)!) }
            if !raterKnown, adding.raters.insert(read.rater).inserted { settled.additions.raters.append(raters.string(read.rater)!) }
            if !addMissing, !studentKnown || !raterKnown {
                for slot in range where slotLines[slot] > 0 {
                    if !studentKnown { problem(Int(slotLines[slot]), "unknown student '\(students.string(read.student)!)'") }
                    if !raterKnown { problem(Int(slotLines[slot]), "unknown rater '\(raters.string(read.rater)!)'") }
                }
            }
            if read.code == nil, !read.spoiled, range.contains(where: { scoreSlots[$0] == Self.missing }) {
                let rubric = rubricList[Int(read.rubric)]
                let missing = range.filter { scoreSlots[$0] == Self.missing }.map { rubric.criteria[$0 - Int(read.slot)].id }
                let who = "\(students.string(read.student) ?? "?") by \(raters.string(read.rater) ?? "?")"
                problem(Int(read.line), "the read of \(who): \(ScoreValidation.missingCriteria(missing, rubric: rubric))")
                continue
            }
            if read.bad { continue }
            pending[index].kept = true
            settled.reads += 1
            tasksUsed.insert(read.task)
            rubricsUsed.insert(read.rubric)
        }
        settled.tasks = Set(tasksUsed.map { tasks.string($0) ?? "" })
        settled.rubricVersions = Set(rubricsUsed.map {
            RubricVersionKey(rubric: rubricFacts[Int($0)].id, version: rubricFacts[Int($0)].version) })
        return settled
    }

    // Interned ids spelled out, filled as reads are made.
    private var studentNames: [String] = [], raterNames: [String] = [], taskNames: [String] = []
    private var componentNames: [String] = [], sessionNames: [String] = []

    private static func name(_ id: Int32, _ interner: ByteInterner, _ names: inout [String]) -> String {
        while names.count <= Int(id) { names.append(interner.string(Int32(names.count)) ?? "") }
        return names[Int(id)]
    }

    /// The read pending at `index`, made in full.
    private mutating func read(at index: Int) -> Read {
        let read = pending[index]
        let rubric = rubricFacts[Int(read.rubric)]
        let slot = Int(read.slot)
        let scores = read.code != nil ? [] : rubric.criteria.indices.map {
            CriterionScore(criterion: rubric.criteria[$0], score: Int(scoreSlots[slot + $0]))
        }
        return Read(
            student: Self.name(read.student, students, &studentNames), task: Self.name(read.task, tasks, &taskNames),
            component: Self.name(read.component, components, &componentNames),
            rater: Self.name(read.rater, raters, &raterNames), kind: read.kind,
            session: read.session >= 0 ? Self.name(read.session, sessions, &sessionNames) : nil, scores: scores,
            scoredAt: read.scoredAt == PendingRead.noTime ? now : Timestamp(seconds: read.scoredAt),
            note: read.notes < 0 ? nil : noteLists[Int(read.notes)].joined(separator: "; "),
            rubric: rubric.id, rubricVersion: rubric.version, code: read.code)
    }

    /// The next reads `settle` kept, at most `limit`, from `position` on (which moves past
    /// them); empty at the end. Each is made when asked for, so a statewide file never holds
    /// every read at once.
    mutating func nextReads(from position: inout Int, limit: Int) -> [Read] {
        var reads: [Read] = []
        reads.reserveCapacity(min(limit, pending.count - position))
        while position < pending.count, reads.count < limit {
            position += 1
            guard pending[position - 1].kept else { continue }
            reads.append(read(at: position - 1))
        }
        return reads
    }

    // MARK: - Handing reads out while parsing

    /// Given, `parse` hands it the reads that are whole while it reads on, in the order
    /// `nextReads` would give them, so that a store can write them while the rest of the file
    /// is parsed (`Store.importScores`). A read is whole when every criterion of its rubric has
    /// a score, or it has a condition code, and nothing was wrong with it: any later row of it
    /// can only be a problem (a criterion given twice, scores beside a code), which fails the
    /// import. Reads are handed out only while no problem was found, and only in file order:
    /// one still missing a criterion holds back those after it.
    var stream: (([Read]) throws -> Void)?
    /// How many reads, from the first, were handed to `stream`.
    private(set) var streamed = 0

    /// Given, `parse` hands it instead each read that is whole, as `stream` would get it but
    /// as the parser holds it (`ParsedRead`), and when it asks, every student id as first met.
    var sink: (any ParsedReadSink)?
    /// The caller's say on which reads its check must see (`ImportRules.needsCheck`): a read
    /// it names is never handed out; `parse` throws `ImportTheUsualWay` instead.
    var needsCheck: (@Sendable (_ rubric: String, _ inSession: Bool) -> Bool)?
    /// How many student ids, from the first, were handed to `sink`.
    private(set) var studentsHandedOut = 0

    private mutating func handOutReadyReads() throws {
        guard problems.isEmpty, stream != nil || sink != nil else { return }
        if let sink {
            if sink.takesStudents { try handOutStudents(to: sink) }
            while streamed < pending.count, isWhole(pending[streamed]) {
                try refuseIfChecked(pending[streamed])
                try sink.take(parsedRead(at: streamed), of: self)
                streamed += 1
            }
            return
        }
        var reads: [Read] = []
        while streamed < pending.count, isWhole(pending[streamed]) {
            try refuseIfChecked(pending[streamed])
            reads.append(read(at: streamed))
            streamed += 1
        }
        if !reads.isEmpty, let stream { try stream(reads) }
    }

    private mutating func handOutStudents(to sink: any ParsedReadSink) throws {
        while studentsHandedOut < students.count {
            try sink.takeStudent(Int32(studentsHandedOut), of: self)
            studentsHandedOut += 1
        }
    }

    /// Throws `ImportTheUsualWay` when the caller's check must see `read` (`needsCheck`).
    private func refuseIfChecked(_ read: PendingRead) throws {
        let checked = rubricFacts[Int(read.rubric)].checked
        if read.session >= 0 ? checked.inSession : checked.alone { throw ImportTheUsualWay() }
    }

    /// The whole read pending at `index` as the parser holds it.
    private func parsedRead(at index: Int) -> ParsedRead {
        let read = pending[index]
        return ParsedRead(
            student: read.student, task: read.task, component: read.component, rater: read.rater, session: read.session,
            kind: read.kind, rubric: Int(read.rubric), firstScore: Int(read.slot),
            scoredAt: read.scoredAt == PendingRead.noTime ? nil : read.scoredAt,
            note: read.notes < 0 ? nil : noteLists[Int(read.notes)].joined(separator: "; "), code: read.code)
    }

    /// A whole read as the parser holds it, for a writer that writes reads itself with no
    /// `Read` made (`sink`): its ids are numbers that `withBytes(of:_:_:)` spells.
    struct ParsedRead {
        var student: Int32, task: Int32, component: Int32, rater: Int32
        /// -1 for none.
        var session: Int32
        var kind: ReadKind
        /// Its rubric, for `rubric(_:)`.
        var rubric: Int
        /// Where the scores of its rubric's criteria start, for `score(at:)`; unused with a code.
        var firstScore: Int
        /// Seconds of `scored_at`; nil when the file gave none (the read is given `now`).
        var scoredAt: Int64?
        var note: String?
        var code: ConditionCode?
    }

    /// The id columns a `ParsedRead` holds by number.
    enum IDColumn { case student, task, component, rater, session }

    /// Calls `body` with the bytes of id `id` of `column`.
    func withBytes<Result>(of column: IDColumn, _ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        switch column {
        case .student: try students.withBytes(id, body)
        case .task: try tasks.withBytes(id, body)
        case .component: try components.withBytes(id, body)
        case .rater: try raters.withBytes(id, body)
        case .session: try sessions.withBytes(id, body)
        }
    }

    /// The id, version and criteria (in order) of rubric `index` of a `ParsedRead`.
    func rubric(_ index: Int) -> (id: String, version: Int, criteria: [String]) {
        (rubricFacts[index].id, rubricFacts[index].version, rubricFacts[index].criteria)
    }

    /// A score of a `ParsedRead`: its criterion `n`'s is at `firstScore + n`.
    func score(at slot: Int) -> Int { Int(scoreSlots[slot]) }

    /// Each distinct rater and kind of the reads `settle` kept, in the order first met.
    var raterKinds: [(rater: String, kind: ReadKind)] {
        var seen = Set<PendingKey>(), pairs: [(String, ReadKind)] = []
        for read in pending where read.kept {
            let key = PendingKey(student: 0, task: 0, component: 0, rater: read.rater, kind: read.kind, session: 0)
            if seen.insert(key).inserted { pairs.append((raters.string(read.rater) ?? "", read.kind)) }
        }
        return pairs
    }

    private func isWhole(_ read: PendingRead) -> Bool {
        if read.bad || read.spoiled { return false }
        if read.code != nil { return true }
        let start = Int(read.slot)
        for slot in start..<(start + rubricFacts[Int(read.rubric)].criteria.count) where scoreSlots[slot] == Self.missing {
            return false
        }
        return true
    }

    /// Whether every read handed to `stream` was kept by `settle`: always so when the file
    /// had no problem.
    var streamedReadsWereKept: Bool { pending.prefix(streamed).allSatisfy(\.kept) }

    // MARK: - What interned values mean

    private func idProblem(_ text: String?, kind: String) -> String? {
        guard let text else { return "the \(kind) id is not UTF-8 text or holds a NUL byte" }
        return Identifier.problem(with: text, kind: kind, contentStyle: false)
    }

    private mutating func rubric(taskID: Int32, component: Int32) -> Result<Int, ReadProblem> {
        let name = tasks.string(taskID) ?? ""
        guard let task = bank.tasks[name] else {
            if let rejected = bank.rejectedTasks[name] {
                return .failure(ReadProblem(message: "task '\(name)' did not load (\(rejected))"))
            }
            var message = "unknown task '\(Quoting.visible(name))'"
            if let near = Suggestion.nearest(to: name, among: bank.tasks.keys) { message += "; did you mean '\(near)'?" }
            return .failure(ReadProblem(message: message))
        }
        let part = components.string(component) ?? ""
        guard let rubric = bank.rubric(task: task, component: part) else {
            return .failure(ReadProblem(message: ComponentProblem.message(task: task, component: part)))
        }
        if let index = rubricIndex[rubric.id] { return .success(index) }
        rubricIndex[rubric.id] = rubricList.count
        rubricList.append(rubric)
        rubricFacts.append(RubricFacts(rubric, needsCheck: needsCheck))
        criterionFields.append([CSVReader.Field?](repeating: nil, count: rubric.criteria.count))
        criterionSlots.append([])
        return .success(rubricList.count - 1)
    }

    private static func kind(_ text: String) -> Result<ReadKind, ReadProblem> {
        let text = text.lowercased()
        if let kind = ReadKind(rawValue: text) { return .success(kind) }
        let names = ReadKind.allCases.map(\.rawValue)
        var message = "kind '\(Quoting.visible(text))' is not one of \(names.joined(separator: ", "))"
        if let near = Suggestion.nearest(to: text, among: names) { message += "; did you mean '\(near)'?" }
        return .failure(ReadProblem(message: message))
    }

    /// The index in `rubric`'s criteria of interned criterion `id`.
    private mutating func criterion(_ id: Int32, rubric: Int) -> Result<Int, ReadProblem> {
        let slot = Int(id)
        if slot < criterionSlots[rubric].count, criterionSlots[rubric][slot] != Self.unresolved {
            let index = criterionSlots[rubric][slot]
            if index >= 0 { return .success(index) }
        }
        while criterionSlots[rubric].count <= slot { criterionSlots[rubric].append(Self.unresolved) }
        let name = criteria.string(id) ?? ""
        guard let index = rubricFacts[rubric].criteria.firstIndex(of: name) else {
            criterionSlots[rubric][slot] = -1
            return .failure(ReadProblem(message: ScoreValidation.unknownCriterion(name, rubric: rubricList[rubric])))
        }
        criterionSlots[rubric][slot] = index
        return .success(index)
    }

    /// A decimal integer with optional sign and surrounding spaces; nil otherwise.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0, end = bytes.count
        while index < end, bytes[index] == 0x20 { index += 1 }
        while end > index, bytes[end - 1] == 0x20 { end -= 1 }
        var negative = false
        if index < end, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        guard index < end, end - index <= 9 else { return nil }
        var value = 0
        while index < end {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        return negative ? -value : value
    }
}

extension ByteInterner {
    mutating func internText(_ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { intern($0) }
    }
}

/// The message for a component a task does not have, shared by `score` and imports.
public enum ComponentProblem {
    public static func message(task: AssessmentTask, component: String) -> String {
        if task.isSinglePart {
            return "task \(task.id) has a single part; leave the component empty (or '\(AssessmentTask.mainComponent)'), not '\(Quoting.visible(component))'"
        }
        let ids = task.components.map(\.id)
        if component == AssessmentTask.mainComponent {
            return "task \(task.id) has components \(ids.joined(separator: ", ")); name one"
        }
        var message = "task \(task.id) has no component '\(Quoting.visible(component))'"
        if let near = Suggestion.nearest(to: component, among: ids) { message += "; did you mean '\(near)'?" }
        return message + " (its components: \(ids.joined(separator: ", ")))"
    }
}
