import ArgumentParser
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

// MARK: - Submissions

struct SubmissionGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submission", abstract: "Student work stored for a scoring event.",
        subcommands: [SubmissionAdd.self, SubmissionList.self, SubmissionShow.self])
}

struct SubmissionAdd: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Store one piece of a student's work for a task (a lead's job).",
        discussion: """
            A UTF-8 text file of up to 1 MB is kept in the store; any other file is kept as its path, size and \
            SHA-256, and checked against them whenever it is shown. Stored work is never replaced.
            """)

    @Argument(help: "The student whose work it is.")
    var student: String

    @Argument(help: "The task.")
    var task: String

    @Argument(help: "The file holding the work.")
    var file: String

    @Option(help: "The component of a portfolio or capstone.")
    var component: String?

    func validate() throws { try requireID(student, kind: "student") }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let (submission, outcome) = try shell.service.addSubmission(student: student, task: task, component: component, file: file)
        let what = Self.describe(submission.content)
        return .output(CommandOutput(
            json: .object(SubmissionList.json(submission) + [("status", .string(outcome.rawValue))]),
            table: SubmissionList.table([submission]),
            text: "\(outcome == .added ? "stored" : "unchanged"): \(submission.student) \(Self.part(submission)) — \(what)"))
    }

    static func part(_ submission: Submission) -> String {
        submission.component == AssessmentTask.mainComponent ? submission.task : "\(submission.task)/\(submission.component)"
    }

    static func describe(_ content: Submission.Content) -> String {
        switch content {
        case .text(let text): return "text, \(Format.count(text.utf8.count, "byte")) kept in the store"
        case .file(let path, let size, let digest): return "file \(path), \(Format.count(Int(size), "byte")), SHA-256 \(digest.prefix(12))…"
        }
    }
}

struct SubmissionList: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List stored work, oldest first (leads and coordinators; raters see work only through 'next').")

    @Option(help: "Only this task.")
    var task: String?

    func execute(in shell: ShellContext) throws -> ShellResult {
        let submissions = try shell.service.submissions(task: task)
        return .output(CommandOutput(json: .array(submissions.map { .object(Self.json($0)) }), table: Self.table(submissions)))
    }

    static func json(_ submission: Submission) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = [
            ("student", .string(submission.student)), ("task", .string(submission.task)), ("component", .string(submission.component)),
            ("stored_at", .string(submission.storedAt.description)), ("planned_reads", .int(submission.plannedReads)),
        ]
        switch submission.content {
        case .text(let text): pairs.append(("text_bytes", .int(text.utf8.count)))
        case .file(let path, let size, let digest):
            pairs.append(("file", .object([("path", .string(path)), ("size", .int(Int(size))), ("sha256", .string(digest))])))
        }
        return pairs
    }

    static func table(_ submissions: [Submission]) -> TextTable {
        TextTable(
            columns: ["student", "task", "component", "stored at", "planned reads", "work"],
            rows: submissions.map { submission in
                [
                    submission.student, submission.task, submission.component, submission.storedAt.description,
                    String(submission.plannedReads), SubmissionAdd.describe(submission.content),
                ]
            }, numericColumns: [4])
    }
}

struct SubmissionShow: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show stored work: its text, or its file's path once checked against its SHA-256.")

    @Argument(help: "The student.")
    var student: String

    @Argument(help: "The task.")
    var task: String

    @Option(help: "The component of a portfolio or capstone.")
    var component: String?

    func execute(in shell: ShellContext) throws -> ShellResult {
        let submission = try shell.service.submission(student: student, task: task, component: component)
        let text: String
        switch submission.content {
        case .text(let body): text = body.hasSuffix("\n") ? body : body + "\n"
        case .file(let path, _, let digest): text = "\(path) (checked: SHA-256 \(digest))\n"
        }
        var json = SubmissionList.json(submission)
        if case .text(let body) = submission.content { json.append(("text", .string(body))) }
        return .output(CommandOutput(json: .object(json), table: SubmissionList.table([submission]), text: text))
    }
}

struct ImportSubmissions: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "submissions", abstract: "Store the work a CSV lists (student, task, component, file), all or nothing.",
        discussion: "File paths are relative to the CSV's folder. On any error nothing is stored and every bad line is reported.")

    @Argument(help: "The CSV file.")
    var file: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let source = try shell.importSource(file)
        let (rows, added, unchanged) = try shell.service.importSubmissions(path: source.path, name: source.name)
        return .output(CommandOutput(
            json: .object([("file", .string(source.name)), ("rows", .int(rows)), ("stored", .int(added)), ("unchanged", .int(unchanged))]),
            table: TextTable(columns: ["file", "rows", "stored", "unchanged"], rows: [[source.name, String(rows), String(added), String(unchanged)]], numericColumns: [1, 2, 3]),
            text: "imported \(source.name): \(Format.count(rows, "submission")) — \(added) stored, \(unchanged) unchanged"))
    }
}

// MARK: - Work

struct NextCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "The next piece of work for the rater this shell acts as, by response code.",
        discussion: """
            Work is served oldest first and never shows whose it is: never work the rater already read or skipped, \
            of their own school's students, an anchor, or a component that has its planned reads. Now and then, at \
            the plan's rate, the work is a validity paper, shown just like live work. An assignment stays the \
            rater's until it is scored, skipped or its lease runs out. A lead's --backread offers another rater's \
            read to check, with its scores.
            """)

    @Option(help: "Only work of this task.")
    var task: String?

    @Flag(help: "A lead: a read to backread instead of live work.")
    var backread = false

    @Option(help: "With --backread: only this rater's reads.")
    var rater: String?

    func validate() throws {
        if rater != nil, !backread { throw ValidationError("--rater chooses whose reads to backread; add --backread") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let item = backread ? try shell.service.nextBackread(task: task, of: rater) : try shell.service.next(task: task)
        return .output(Self.output(item))
    }

    /// The work as a rater sees it: code, task, component, rubric and the work, never the student.
    static func output(_ item: WorkItem) -> CommandOutput {
        let assignment = item.assignment
        var pairs: [(String, JSONValue)] = [
            ("code", .string(assignment.code)), ("task", .string(assignment.task)), ("component", .string(assignment.component)),
            ("rubric", .string(item.rubric.id)),
        ]
        var text = "\(assignment.code) — \(assignment.task)"
        if assignment.component != AssessmentTask.mainComponent { text += " / \(assignment.component)" }
        text += " (\(item.rubric.title)); yours until \(assignment.expiresAt)\n"
        switch item.content {
        case .text(let body):
            pairs.append(("work", .string(body)))
            var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            while lines.last?.isEmpty == true { lines.removeLast() }
            text += "\n" + lines.map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
        case .file(let path, let size, let digest):
            pairs.append(("work", .object([("path", .string(path)), ("size", .int(Int(size))), ("sha256", .string(digest))])))
            text += "\n  the work is the file \(path) (\(Format.count(Int(size), "byte")), SHA-256 \(digest))\n"
        }
        if let read = item.read {
            pairs += [("rater", .string(read.rater)), ("scores", .object(read.scores.map { ($0.criterion, .int($0.score)) }))]
            if let code = read.code { pairs.append(("condition", .string(code.rawValue))) }
            text += "\n\(read.rater)'s read: \(ReadListing.spoken(read))\n"
            text += "Backread it: score \(assignment.code) --kind backread \(item.rubric.criteria.map { "\($0.id)=…" }.joined(separator: " ")), or 'confirm \(assignment.code)'\n"
        } else {
            text += "\nScore it: score \(assignment.code) \(item.rubric.criteria.map { "\($0.id)=…" }.joined(separator: " "))"
            text += " (or --code blank|off-topic|illegible|wrong-language); give it back: skip \(assignment.code) --reason TEXT\n"
        }
        return CommandOutput(
            json: .object(pairs),
            table: TextTable(columns: ["code", "task", "component", "rubric", "due"], rows: [[assignment.code, assignment.task, assignment.component, item.rubric.id, assignment.expiresAt.description]]),
            text: text)
    }
}

struct SkipCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip", abstract: "Give an assignment back, with why; that work is never yours again.")

    @Argument(help: "The response code, e.g. @K7Q2M9XA.")
    var code: String

    @Option(parsing: .unconditional, help: "Why (a conflict of interest, a file that will not open, …).")
    var reason: String

    func validate() throws {
        if reason.trimmingWhitespace.isEmpty { throw ValidationError("say why with --reason") }
        try requireText(reason, what: "the reason")
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let assignment = try shell.service.skip(code: code, reason: reason)
        return .output(CommandOutput(
            json: .object([("code", .string(assignment.code)), ("status", .string("skipped")), ("reason", .string(reason))]),
            table: TextTable(columns: ["code", "status", "reason"], rows: [[assignment.code, "skipped", reason]]),
            text: "skipped \(assignment.code): \(reason)"))
    }
}

struct ConfirmCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm", abstract: "A lead's backread that agrees with the read it checks.")

    @Argument(help: "The response code of the backread.")
    var code: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let (read, outcome, assignment) = try shell.service.confirm(code: code)
        return .output(ScoreRecord.eventOutput(read, outcome: outcome, assignment: assignment))
    }
}

// MARK: - Lock-out and progress

struct RaterReinstate: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "reinstate", abstract: "Let a rater locked out of a rubric score it again (a lead's job).",
        discussion: "Validity reads before the reinstatement no longer count toward the lock-out rule.")

    @Argument(help: "The rater.")
    var rater: String

    @Option(help: "The rubric they were locked out of.")
    var rubric: String

    @Option(parsing: .unconditional, help: "Why they may score again (retrained, reviewed with a lead, …).")
    var reason: String

    func validate() throws {
        try requireID(rater, kind: "rater")
        if reason.trimmingWhitespace.isEmpty { throw ValidationError("say why with --reason") }
        try requireText(reason, what: "the reason")
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let done = try shell.service.reinstate(rater: rater, rubric: rubric, reason: reason)
        return .output(CommandOutput(
            json: .object([
                ("rater", .string(done.rater)), ("rubric", .string(done.rubric)), ("reason", .string(done.reason)),
                ("by", .string(done.by)), ("at", .string(done.at.description)),
            ]),
            table: TextTable(columns: ["rater", "rubric", "reason", "by", "at"], rows: [[done.rater, done.rubric, done.reason, done.by ?? "", done.at.description]]),
            text: "reinstated \(done.rater) on \(done.rubric): \(done.reason)"))
    }
}

struct EventGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: "Scoring events.", subcommands: [EventStatusCommand.self])
}

struct EventStatusCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "A scoring event's progress and each rater's figures (leads and coordinators).")

    @Option(help: "The task.")
    var task: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let status = try shell.service.eventStatus(task: task)
        let json = JSONValue.object([
            ("task", .string(status.task)), ("submissions", .int(status.submissions)), ("read_once", .int(status.readOnce)),
            ("read_twice", .int(status.readTwice)), ("needs_adjudication", .int(status.needsAdjudication)),
            ("decided", .int(status.decided)), ("reads_last_hour", .int(status.readsLastHour)),
            ("raters", .array(status.raters.map { rater in
                .object([
                    ("rater", .string(rater.rater)), ("reads", .int(rater.reads)),
                    ("validity", .object([
                        ("reads", .int(rater.validity.reads)), ("exact", .number(rater.validity.exact)),
                        ("within_one", .number(rater.validity.withinOne)),
                    ])),
                    ("backreads", .object([("reads", .int(rater.backreads)), ("exact", .number(rater.backreadExact))])),
                    ("locked", .bool(rater.locked)),
                ])
            })),
        ])
        let table = TextTable(
            columns: ["rater", "reads", "validity reads", "validity exact", "validity within one", "backreads", "backread exact", "locked"],
            rows: status.raters.map { rater in
                [
                    rater.rater, String(rater.reads), String(rater.validity.reads), rater.validity.exact.map(Format.share) ?? "—",
                    rater.validity.withinOne.map(Format.share) ?? "—", String(rater.backreads), rater.backreadExact.map(Format.share) ?? "—",
                    rater.locked ? "LOCKED" : "",
                ]
            }, numericColumns: [1, 2, 3, 4, 5, 6])
        var text = "event \(status.task): \(Format.count(status.submissions, "submission")) — \(status.readOnce) read once, "
        text += "\(status.readTwice) read twice or more, \(status.needsAdjudication) need adjudication, \(status.decided) decided; "
        text += "\(Format.count(status.readsLastHour, "read")) in the last hour\n\n"
        text += table.aligned
        return .output(CommandOutput(json: json, table: table, text: text))
    }
}
