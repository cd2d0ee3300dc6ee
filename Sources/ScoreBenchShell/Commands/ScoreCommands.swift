import ArgumentParser
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

extension ReadKind: ExpressibleByArgument {}

struct ScoreGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Record a read, or show a submission's history.",
        subcommands: [ScoreRecord.self, ScoreHistory.self], defaultSubcommand: ScoreRecord.self)
}

struct ScoreRecord: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record one rater's read of a student's work, or of the work a response code stands for.",
        usage: """
            score <student> <task> [--rater <rater>] [--component <component>] [--kind <kind>] [--session <session>] [--note <note>] [--at <time>] (<criterion=level> ... | --code <code>)
              score <@code> [--kind backread] [--note <note>] (<criterion=level> ... | --code <code>)
            """,
        discussion: """
            Every criterion of the component's rubric must be given, each once, with one of the rubric's scale \
            scores. A rater who already has a current read of the same kind on the same work corrects it: the new \
            read becomes current and the old one stays in the history ('score history'). A read identical to the \
            current one changes nothing. The read is committed before its result is printed. Work that cannot be \
            scored gets a condition code instead of scores: --code blank, off-topic, illegible or wrong-language. \
            Work given by 'next' is scored by its response code; at a prompt, 'score @CODE' alone asks for each \
            criterion in turn, showing its descriptors (Tab completes the levels, Ctrl-C abandons the read).
            """)

    @Argument(help: ArgumentHelp("The student whose work is scored, or a response code such as @K7Q2M9XA.", valueName: "student"))
    var student: String

    @Argument(help: "The task (not with a response code).")
    var task: String?

    @Argument(help: ArgumentHelp("A score for every criterion, e.g. claim=3 evidence=2.", valueName: "criterion=level"))
    var levelWords: [String] = []

    @Option(help: "The rater giving the read (default: the rater this shell acts as).")
    var rater: String?

    @Option(help: "The component of a portfolio or capstone; single-part tasks have only 'main'.")
    var component: String?

    @Option(help: "read (default), adjudication, backread, master or calibration.")
    var kind: ReadKind?

    @Option(help: "The calibration session the read is given in (makes it a calibration read).")
    var session: String?

    @Option(parsing: .unconditional, help: "A note kept with the read.")
    var note: String?

    @Option(help: ArgumentHelp("When the read was given, ISO 8601 (default: now).", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("Instead of scores: blank, off-topic, illegible or wrong-language.", valueName: "code"))
    var code: String?

    /// The response code the read is of, when the first word is one.
    private var responseCode: String? { student.hasPrefix("@") ? student : nil }
    /// The `criterion=level` words: after a response code, the second word is one too.
    private var assignments: [String] { (responseCode == nil ? [] : task.map { [$0] } ?? []) + levelWords }

    func validate() throws {
        if let responseCode {
            if ResponseCode.normalized(responseCode) == nil {
                throw ValidationError("'\(Quoting.visible(responseCode))' is not a response code such as @K7Q2M9XA")
            }
            for (option, given) in [("--rater", rater), ("--component", component), ("--session", session), ("--at", at)] where given != nil {
                throw ValidationError("\(option) does not go with a response code: the code says whose read of which work it is")
            }
        } else {
            guard task != nil else {
                throw ValidationError("name the student and the task (or a response code such as @K7Q2M9XA)")
            }
            try requireID(student, kind: "student")
            if let rater { try requireID(rater, kind: "rater") }
            if let session { try requireID(session, kind: "session") }
        }
        if let code {
            guard ConditionCode(parsing: code) != nil else {
                throw ValidationError("unknown condition code '\(Quoting.visible(code))'; use blank, off-topic, illegible or wrong-language")
            }
            if !assignments.isEmpty { throw ValidationError("give scores or --code, not both: a coded read has no scores") }
            return
        }
        if assignments.isEmpty, responseCode == nil { throw ValidationError("give a score for every criterion, e.g. claim=3 evidence=2") }
        for assignment in assignments where !assignment.contains("=") {
            throw ValidationError("expected <criterion=level>, e.g. claim=3, not '\(Quoting.visible(assignment))'")
        }
        if let at, let problem = Timestamp.problem(with: at) {
            throw ValidationError("--at '\(Quoting.visible(at))' \(problem)")
        }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        if let responseCode { return try scoreByCode(responseCode, in: shell) }
        let request = ReadRequest(
            student: student, task: task!, component: component, rater: rater, kind: try readKind(), session: session, note: note,
            scoredAt: at.flatMap { Timestamp(iso8601: $0) }, levels: Self.levels(assignments), code: code.flatMap { ConditionCode(parsing: $0) })
        let (read, outcome) = try shell.service.record(request)
        return .output(Self.output(read, outcome: outcome))
    }

    /// The read of the work a response code stands for; with no levels at a prompt, asked for
    /// criterion by criterion.
    private func scoreByCode(_ responseCode: String, in shell: ShellContext) throws -> ShellResult {
        var levels = Self.levels(assignments)
        let condition = code.flatMap { ConditionCode(parsing: $0) }
        if levels.isEmpty, condition == nil {
            guard let ask = shell.ask else {
                throw ServiceError("give a score for every criterion, e.g. claim=3 evidence=2 (at a prompt, 'score \(responseCode)' alone asks for each)")
            }
            let item = try shell.service.work(of: responseCode)
            levels = try Self.askLevels(item.rubric, code: item.assignment.code, ask: ask)
        }
        let (read, outcome, assignment) = try shell.service.score(
            code: responseCode, levels: levels, condition: condition, note: note, kind: kind)
        return .output(Self.eventOutput(read, outcome: outcome, assignment: assignment))
    }

    /// Asks for each criterion of `rubric` in turn, showing its descriptors, until a level of the
    /// scale is given; Ctrl-C (or Ctrl-D) abandons the read.
    static func askLevels(_ rubric: Rubric, code: String, ask: Asker) throws -> [(criterion: String, level: String)] {
        let scale = rubric.scores.map(String.init)
        var levels: [(criterion: String, level: String)] = []
        for criterion in rubric.criteria {
            var preamble = "\(criterion.name) (\(criterion.id))\n"
            for level in rubric.scale {
                let descriptor = criterion.descriptors[level.score].map { ": \($0)" } ?? ""
                preamble += "  \(level.score) \(level.label)\(descriptor)\n"
            }
            var answer: String?
            while answer == nil {
                guard let typed = ask(preamble, "\(code) \(criterion.id) (\(scale.joined(separator: "/")))> ", scale) else {
                    throw ServiceError("abandoned: nothing was recorded for \(code)")
                }
                let level = typed.trimmingWhitespace
                if scale.contains(level) {
                    answer = level
                } else {
                    preamble = "'\(Quoting.visible(level))' is not a level of \(rubric.id): give one of \(scale.joined(separator: ", "))\n"
                }
            }
            levels.append((criterion.id, answer!))
        }
        return levels
    }

    /// `claim=3` as (criterion, level); `validate()` made sure each has an `=`.
    static func levels(_ assignments: [String]) -> [(criterion: String, level: String)] {
        assignments.map { assignment in
            let equals = assignment.firstIndex(of: "=")!
            return (String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
        }
    }

    /// A read of event work as its rater sees it: by response code, never the student; a
    /// validity read shows as a read.
    static func eventOutput(_ read: Read, outcome: RecordOutcome, assignment: Assignment) -> CommandOutput {
        let kind = read.kind == .validity ? ReadKind.read : read.kind
        var pairs: [(String, JSONValue)] = [
            ("code", .string(assignment.code)), ("task", .string(read.task)), ("component", .string(read.component)),
            ("rater", .string(read.rater)), ("kind", .string(kind.rawValue)),
            ("scores", .object(read.scores.map { ($0.criterion, .int($0.score)) })), ("scored_at", .string(read.scoredAt.description)),
        ]
        if let code = read.code { pairs.append(("condition", .string(code.rawValue))) }
        pairs.append(("status", .string(outcome.name)))
        var text = "\(outcome.name): \(assignment.code) \(read.task)"
        if read.component != AssessmentTask.mainComponent { text += "/\(read.component)" }
        text += " by \(read.rater)\(kind == .read ? "" : " (\(kind.rawValue))") — \(ReadListing.spoken(read))"
        if case .corrected(let previous) = outcome { text += "\n  replaces the read given \(previous.scoredAt): \(ReadListing.spoken(previous))" }
        if case .unchanged = outcome { text += "\n  the same as the current read; nothing changed" }
        return CommandOutput(
            json: .object(pairs),
            table: TextTable(
                columns: ["code", "task", "component", "rater", "kind", "scores", "status"],
                rows: [[assignment.code, read.task, read.component, read.rater, kind.rawValue, ReadListing.scoresText(read), outcome.name]]),
            text: text)
    }

    private func readKind() throws -> ReadKind {
        switch (kind, session) {
        case (nil, nil): return .read
        case (nil, .some), (.calibration?, .some): return .calibration
        case (.calibration?, nil): throw ServiceError("a calibration read is given in a session: add --session NAME")
        case (let other?, .some): throw ServiceError("only calibration reads belong to a session, not \(other.rawValue) reads")
        case (let other?, nil): return other
        }
    }

    static func output(_ read: Read, outcome: RecordOutcome) -> CommandOutput {
        var pairs = ReadListing.json(read)
        if let session = read.session { pairs.append(("session", .string(session))) }
        pairs.append(("status", .string(outcome.name)))
        let scores = ReadListing.spoken(read)
        var text = "\(outcome.name): \(read.student) \(read.task)"
        if read.component != AssessmentTask.mainComponent { text += "/\(read.component)" }
        text += " by \(read.rater)"
        if read.kind != .read { text += " (\(read.kind.rawValue))" }
        text += " — \(scores)"
        switch outcome {
        case .corrected(let previous):
            text += "\n  replaces the read given \(previous.scoredAt): "
            text += ReadListing.spoken(previous)
        case .unchanged: text += "\n  the same as the current read; nothing changed"
        case .recorded: break
        }
        var table = ReadListing.table([read], extraColumns: ["status"])
        table.rows[0].append(outcome.name)
        return CommandOutput(json: .object(pairs), table: table, text: text)
    }
}

struct ScoreHistory: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every version of every read of a student's task (or of your reads of a response code's work), with who and when.",
        usage: "score history (<student> <task> [--component <component>] | <@code>)")

    @Argument(help: ArgumentHelp("The student, or a response code such as @K7Q2M9XA.", valueName: "student"))
    var student: String

    @Argument(help: "The task (not with a response code).")
    var task: String?

    @Option(help: "Only this component.")
    var component: String?

    func validate() throws {
        if student.hasPrefix("@") {
            guard task == nil, component == nil else { throw ValidationError("a response code alone names the work") }
        } else if task == nil {
            throw ValidationError("name the student and the task (or a response code such as @K7Q2M9XA)")
        }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        var reads: [Read]
        var code: String?
        if let task {
            reads = try shell.service.history(student: student, task: task, component: component)
        } else {
            let (assignment, history) = try shell.service.history(code: student)
            reads = history
            code = assignment.code
        }
        // A rater sees their validity read as a read, by code.
        if code != nil { reads = reads.map { read in var shown = read; if shown.kind == .validity { shown.kind = .read }; return shown } }
        let table = TextTable(
            columns: ["id", "component", "rater", "kind", "scores", "scored at", "recorded at", "status", "note"],
            rows: reads.map { read in
                [
                    String(read.id ?? 0), read.component, read.rater, read.kind.rawValue + (read.session.map { " (\($0))" } ?? ""),
                    ReadListing.scoresText(read), read.scoredAt.description, read.recordedAt?.description ?? "",
                    read.isCurrent ? "current" : "replaced", read.note ?? "",
                ]
            }, numericColumns: [0])
        let json = JSONValue.array(
            reads.map { read in
                var pairs: [(String, JSONValue)] = [("id", .int(Int(read.id ?? 0)))]
                pairs += ReadListing.json(read, code: code)
                pairs += [
                    ("session", .string(read.session)), ("recorded_at", .string(read.recordedAt?.description)),
                    ("note", .string(read.note)), ("current", .bool(read.isCurrent)),
                    ("replaces", read.replaces.map { .int(Int($0)) } ?? .null),
                ]
                return .object(pairs)
            })
        return .output(CommandOutput(json: json, table: table))
    }
}

struct ScoresCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores", abstract: "List current reads, optionally of one task, student or rater.")

    @Option(help: "Only this task.")
    var task: String?

    @Option(help: "Only this student.")
    var student: String?

    @Option(help: "Only this rater.")
    var rater: String?

    @Option(help: "Only this component.")
    var component: String?

    @Option(help: "Only reads of this kind.")
    var kind: ReadKind?

    func execute(in shell: ShellContext) throws -> ShellResult {
        let reads = try shell.service.reads(
            ReadFilter(task: task, student: student, rater: rater, component: component, kinds: kind.map { [$0] }))
        // A rater's own reads of event work go by response code, a validity read as a read.
        let mask = try shell.service.eventMask()
        var codes = reads.map { read in mask?.code(task: read.task, component: read.component, student: read.student) }
        var shown = zip(reads, codes).map { read, code -> Read in
            guard let code else { return read }
            var shown = read
            shown.student = code
            if shown.kind == .validity { shown.kind = .read }
            return shown
        }
        if mask != nil {
            // By when they were given: an order by student would tell which codes sort together.
            let order = shown.indices.sorted { (shown[$0].scoredAt, shown[$0].id ?? 0) < (shown[$1].scoredAt, shown[$1].id ?? 0) }
            shown = order.map { shown[$0] }
            codes = order.map { codes[$0] }
        }
        return .output(
            CommandOutput(
                json: .array(zip(shown, codes).map { .object(ReadListing.json($0, code: $1)) }), table: ReadListing.table(shown),
                csv: try ReadListing.csvTable(shown)))
    }
}

/// How reads are listed by `scores`, `score` and exports.
enum ReadListing {
    /// The keys of SPEC section 6's `scores` JSON; a rater's read of event work names its
    /// response `code` instead of the student.
    static func json(_ read: Read, code: String? = nil) -> [(String, JSONValue)] {
        [
            code.map { ("code", .string($0)) } ?? ("student", .string(read.student)), ("task", .string(read.task)),
            ("component", .string(read.component)),
            ("rater", .string(read.rater)), ("kind", .string(read.kind.rawValue)),
            ("scores", .object(read.scores.map { ($0.criterion, .int($0.score)) })),
            ("scored_at", .string(read.scoredAt.description)),
        ] + (read.code.map { [("code", JSONValue.string($0.rawValue))] } ?? [])
    }

    /// Every field of a read, for `export scores FILE.json`, which `import scores` reads back.
    static func exportJSON(_ read: Read) -> JSONValue {
        .object([
            ("student", .string(read.student)), ("task", .string(read.task)), ("component", .string(read.component)),
            ("rater", .string(read.rater)), ("kind", .string(read.kind.rawValue)), ("session", .string(read.session)),
            ("scores", .object(read.scores.map { ($0.criterion, .int($0.score)) })), ("code", .string(read.code?.rawValue)),
            ("scored_at", .string(read.scoredAt.description)), ("note", .string(read.note)),
        ])
    }

    /// The scores CSV of SPEC 6, one row per criterion (one row with the code for a coded read),
    /// which `import scores` reads back: what `export scores` writes and `scores` shows as CSV.
    static func csvTable(_ reads: [Read]) throws -> TextTable {
        var rows: [[String]] = []
        rows.reserveCapacity(reads.count * 5)
        for (position, read) in reads.enumerated() {
            if position & 0xFFF == 0 { try Interruption.check() }
            let head = [read.student, read.task, read.component, read.rater, read.kind.rawValue, read.session ?? ""]
            let tail = [read.scoredAt.description, read.note ?? ""]
            if let code = read.code {
                rows.append(head + ["", ""] + tail + [code.rawValue])
                continue
            }
            for score in read.scores { rows.append(head + [score.criterion, String(score.score)] + tail + [""]) }
        }
        return TextTable(
            columns: ["student", "task", "component", "rater", "kind", "session", "criterion", "score", "scored_at", "note", "code"],
            rows: rows)
    }

    static func scoresText(_ read: Read) -> String {
        if let code = read.code { return "code=\(code.rawValue)" }
        return read.scores.map { "\($0.criterion)=\($0.score)" }.joined(separator: " ")
    }

    /// `claim 3, evidence 2` or `condition code off-topic`, for messages.
    static func spoken(_ read: Read) -> String {
        if let code = read.code { return "condition code \(code.rawValue)" }
        return read.scores.map { "\($0.criterion) \($0.score)" }.joined(separator: ", ")
    }

    /// One row per read; one column per criterion when every read uses the same criteria.
    static func table(_ reads: [Read], extraColumns: [String] = []) -> TextTable {
        let base = ["student", "task", "component", "rater", "kind"]
        let criteria = reads.first.map { $0.scores.map(\.criterion) } ?? []
        let uniform = !criteria.isEmpty && reads.allSatisfy { $0.code == nil } && reads.allSatisfy { $0.scores.count == criteria.count && zip($0.scores, criteria).allSatisfy { $0.criterion == $1 } }
        let columns = base + (uniform ? criteria : ["scores"]) + ["scored at", "note"] + extraColumns
        let firstScore = base.count
        let rows = reads.map { read in
            [read.student, read.task, read.component, read.rater, read.kind.rawValue]
                + (uniform ? read.scores.map { String($0.score) } : [scoresText(read)])
                + [read.scoredAt.description, read.note ?? ""]
        }
        return TextTable(
            columns: columns, rows: rows,
            numericColumns: uniform ? Set(firstScore..<(firstScore + criteria.count)) : [])
    }
}
