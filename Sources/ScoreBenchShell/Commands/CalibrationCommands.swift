import ArgumentParser
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

// MARK: - Anchors

struct AnchorGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor", abstract: "Anchor work samples: master scores with their rationale.",
        subcommands: [AnchorAdd.self, AnchorList.self])
}

struct AnchorAdd: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record the master (consensus) read of a work sample, with the rationale leads show in discussion.",
        usage: "anchor add <student> <task> [--component <component>] [--rater <rater>] [--note <note>] <criterion=level> ...",
        discussion: """
            Records a read of kind 'master'. The rater is --rater, else the lead this shell acts as. A new master \
            read of the same work by the same rater corrects the old one. Only a lead (or a shell with no identity) \
            records master reads.
            """)

    @Argument(help: "The student whose work becomes an anchor.")
    var student: String

    @Argument(help: "The task.")
    var task: String

    @Argument(help: ArgumentHelp("The master score of every criterion, e.g. claim=3 evidence=2.", valueName: "criterion=level"))
    var assignments: [String] = []

    @Option(help: "The component of a portfolio or capstone.")
    var component: String?

    @Option(help: "Whose master read it is (default: the lead this shell acts as).")
    var rater: String?

    @Option(parsing: .unconditional, help: "The rationale: why the work earns these scores.")
    var note: String?

    @Option(help: ArgumentHelp("When the master scores were agreed, ISO 8601 (default: now).", valueName: "time"))
    var at: String?

    func validate() throws {
        try requireID(student, kind: "student")
        if let rater { try requireID(rater, kind: "rater") }
        if assignments.isEmpty { throw ValidationError("give the master score of every criterion, e.g. claim=3 evidence=2") }
        for assignment in assignments where !assignment.contains("=") {
            throw ValidationError("expected <criterion=level>, e.g. claim=3, not '\(Quoting.visible(assignment))'")
        }
        if let at, let problem = Timestamp.problem(with: at) {
            throw ValidationError("--at '\(Quoting.visible(at))' \(problem)")
        }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let (read, outcome) = try shell.service.recordMaster(
            ReadRequest(
                student: student, task: task, component: component, rater: rater, note: note,
                scoredAt: at.flatMap { Timestamp(iso8601: $0) }, levels: ScoreRecord.levels(assignments)))
        var pairsJSON = ReadListing.json(read)
        pairsJSON += [("note", .string(read.note)), ("status", .string(outcome.name))]
        var text = "\(outcome.name): master \(read.student) \(read.task)"
        if read.component != AssessmentTask.mainComponent { text += "/\(read.component)" }
        text += " by \(read.rater) — " + read.scores.map { "\($0.criterion) \($0.score)" }.joined(separator: ", ")
        if let note = read.note { text += "\n  rationale: \(note)" }
        var table = ReadListing.table([read], extraColumns: ["status"])
        table.rows[0].append(outcome.name)
        return .output(CommandOutput(json: .object(pairsJSON), table: table, text: text))
    }
}

struct AnchorList: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List anchors: work with a master read, its scores, rationale and sessions.",
        discussion: "Acting as a rater, anchors of an open session are left out until it closes.")

    @Option(help: "Only this task.")
    var task: String?

    func execute(in shell: ShellContext) throws -> ShellResult {
        let anchors = try shell.service.anchors(task: task)
        let json = JSONValue.array(
            anchors.map { read, names in
                .object([
                    ("student", .string(read.student)), ("task", .string(read.task)), ("component", .string(read.component)),
                    ("rater", .string(read.rater)), ("master", .object(read.scores.map { ($0.criterion, .int($0.score)) })),
                    ("note", .string(read.note)), ("scored_at", .string(read.scoredAt.description)),
                    ("sessions", .array(names.map { .string($0) })),
                ])
            })
        let table = TextTable(
            columns: ["student", "task", "component", "master", "rater", "sessions", "rationale"],
            rows: anchors.map { read, names in
                [
                    read.student, read.task, read.component, ReadListing.scoresText(read), read.rater, names.joined(separator: ", "),
                    read.note ?? "",
                ]
            })
        return .output(CommandOutput(json: json, table: table))
    }
}

// MARK: - Sessions

struct SessionGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: "Calibration sessions: raters score anchors blind, then compare.",
        subcommands: [SessionOpen.self, SessionAnchors.self, SessionClose.self, SessionList.self, SessionShow.self])
}

struct SessionOpen: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open a calibration session on a task (a lead's job).",
        discussion: """
            The thresholds default to the rubric's calibration section (else 0.90 exact for 2-level scales, 0.80 \
            for 3, 0.70 for 4 or more, and 0.95 within one). While the session is open its reads are blind: a shell \
            acting as a rater sees neither the master reads nor other raters' reads of its anchors.
            """)

    @Argument(help: "The session's name, e.g. fall-essay-1.")
    var session: String

    @Option(help: "The task its anchors come from.")
    var task: String

    @Option(help: "The component of a portfolio or capstone.")
    var component: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Share of scores that must equal the master to qualify.", valueName: "share"))
    var exact: Double?

    @Option(name: .customLong("within-one"), parsing: .unconditional, help: ArgumentHelp("Share of scores within one point of the master.", valueName: "share"))
    var withinOne: Double?

    func validate() throws {
        try requireID(session, kind: "session")
        for (name, value) in [("--exact", exact), ("--within-one", withinOne)] {
            if let value, !(0...1).contains(value) {
                throw ValidationError("\(name) must be a share between 0 and 1, not \(Format.number(value))")
            }
        }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let opened = try shell.service.openSession(session, task: task, component: component, exact: exact, withinOne: withinOne)
        let output = Calibration.sessionOutput([opened], raters: [:])
        var text = "opened session \(opened.name): \(Calibration.what(opened)), rubric \(opened.rubric)"
        text += "; qualifying needs exact \(Format.share(opened.exact)) and within one \(Format.share(opened.withinOne))"
        text += "\n  add anchors with 'session anchors \(opened.name) STUDENT...'"
        return .output(CommandOutput(json: output.json.first ?? .null, table: output.table, text: text))
    }
}

struct SessionAnchors: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchors", abstract: "Add anchors to an open session: students whose work has a master read.",
        discussion: "All or nothing: a student without a master read of the session's task refuses the whole command.")

    @Argument(help: "The session.")
    var session: String

    @Argument(help: "The students whose work are anchors.")
    var student: [String] = []

    func validate() throws {
        try requireID(session, kind: "session")
        if student.isEmpty { throw ValidationError("name at least one student whose work has a master read") }
        for id in student { try requireID(id, kind: "student") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let (current, added) = try shell.service.addAnchors(student, to: session)
        let anchors = current.anchors + added
        let json = JSONValue.object([
            ("session", .string(session)), ("added", .array(added.map { .string($0) })), ("anchors", .array(anchors.map { .string($0) })),
        ])
        let text = "session \(session): \(added.isEmpty ? "no new anchors" : "added " + added.joined(separator: ", ")); \(Format.count(anchors.count, "anchor")): \(anchors.joined(separator: ", "))"
        return .output(
            CommandOutput(
                json: json, table: TextTable(columns: ["session", "student", "status"], rows: student.map { [session, $0, added.contains($0) ? "added" : "unchanged"] }),
                text: text))
    }
}

struct SessionClose: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a session: record who qualified and reveal the master scores and every read.",
        discussion: """
            A rater qualifies on the session's rubric when they scored every anchor and reached both thresholds. \
            Each rater's result is stored with the date and the session; 'rater list' shows it.
            """)

    @Argument(help: "The session.")
    var session: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let (current, qualifications, now) = try shell.service.closeSession(session)
        let json = JSONValue.object([
            ("session", .string(session)), ("rubric", .string(current.rubric)), ("closed_at", .string(now.description)),
            ("qualifications", .array(qualifications.map(Calibration.json))),
        ])
        let qualified = qualifications.filter(\.qualified).map(\.rater)
        var text = "closed session \(session): \(qualified.count) of \(Format.count(qualifications.count, "rater")) qualified on \(current.rubric)"
        if !qualified.isEmpty { text += " (\(qualified.joined(separator: ", ")))" }
        text += "\n  master scores and every read are now visible; see 'calibration report \(session)'"
        return .output(CommandOutput(json: json, table: Calibration.qualificationTable(qualifications), text: text))
    }
}

struct SessionList: ShellCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List calibration sessions, oldest first.")

    func execute(in shell: ShellContext) throws -> ShellResult {
        let output = Calibration.sessionOutput(try shell.service.sessions(), raters: try shell.service.ratersBySession())
        return .output(CommandOutput(json: .array(output.json), table: output.table))
    }
}

struct SessionShow: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a session: task, thresholds, anchors and how far each rater has got.")

    @Argument(help: "The session.")
    var session: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let current = try shell.service.session(session)
        let raters = try shell.service.ratersBySession()
        let output = Calibration.sessionOutput([current], raters: raters)
        let progress = raters[session] ?? []
        guard case .object(var pairs) = output.json[0] else { return .output(CommandOutput(json: .null)) }
        pairs.append(("progress", .array(progress.map { .object([("rater", .string($0.rater)), ("anchors", .int($0.anchors))]) })))
        var text = "session \(current.name) (\(current.isOpen ? "open" : "closed \(current.closedAt!)")): \(Calibration.what(current)), rubric \(current.rubric)\n"
        text += "thresholds: exact \(Format.share(current.exact)), within one \(Format.share(current.withinOne))\n"
        text += "opened \(current.openedAt)\(current.openedBy.map { " by \($0)" } ?? "")\n"
        text += "anchors (\(current.anchors.count)): \(current.anchors.isEmpty ? "none yet" : current.anchors.joined(separator: ", "))\n"
        text += "raters:"
        if progress.isEmpty { text += " none yet" }
        for entry in progress { text += "\n  \(entry.rater): \(entry.anchors) of \(current.anchors.count) anchors scored" }
        return .output(CommandOutput(json: .object(pairs), table: output.table, text: text))
    }
}

// MARK: - Report

struct CalibrationGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibration", abstract: "Calibration results.", subcommands: [CalibrationReportCommand.self])
}

struct CalibrationReportCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "How each rater's scores compare with the masters, and which anchors to discuss first.",
        discussion: """
            Per rater over every (anchor, criterion) they scored: exact (share equal to the master), within one, \
            bias (mean of rater - master) and whether they qualified. Per anchor and criterion: the master score, \
            how many raters gave each score, the share that matched and the master's rationale, most disagreed-upon \
            first. While the session is open only a lead may see it.
            """)

    @Argument(help: "The session.")
    var session: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let (current, report, rubric) = try shell.service.calibrationReport(session)
        return .output(Calibration.reportOutput(report, session: current, rubric: rubric))
    }
}

// MARK: - Shared

enum Calibration {
    static func what(_ session: CalibrationSession) -> String { ScoringService.what(session) }

    static func reportOutput(_ report: CalibrationReport, session: CalibrationSession, rubric: Rubric) -> CommandOutput {
        let json = JSONValue.object([
            ("session", .string(session.name)), ("task", .string(session.task)), ("component", .string(session.component)),
            (
                "raters",
                .array(
                    report.raters.map { rater in
                        .object([
                            ("rater", .string(rater.rater)), ("anchors", .int(rater.anchors)), ("exact", .number(rater.exact)),
                            ("within_one", .number(rater.withinOne)), ("bias", .number(rater.bias)), ("qualified", .bool(rater.qualified)),
                        ])
                    })
            ),
            (
                "anchors",
                .array(
                    report.anchors.map { anchor in
                        .object([
                            ("student", .string(anchor.student)), ("criterion", .string(anchor.criterion)), ("master", .int(anchor.master)),
                            ("scores", .object(anchor.scores.map { (String($0.score), .int($0.count)) })), ("exact", .number(anchor.exact)),
                            ("rationale", .string(anchor.rationale)),
                        ])
                    })
            ),
        ])
        let raterTable = TextTable(
            columns: ["rater", "anchors", "exact", "within one", "bias", "qualified"],
            rows: report.raters.map { rater in
                [
                    rater.rater, "\(rater.anchors)/\(session.anchors.count)", share(rater.exact), share(rater.withinOne),
                    signed(rater.bias), rater.qualified ? "yes" : "no",
                ]
            }, numericColumns: [1, 2, 3, 4])
        let anchorTable = TextTable(
            columns: ["anchor", "criterion", "master", "scores (" + rubric.scores.map(String.init).joined(separator: "/") + ")", "exact", "rationale"],
            rows: report.anchors.map { anchor in
                [
                    anchor.student, anchor.criterion, String(anchor.master), anchor.scores.map { String($0.count) }.joined(separator: "/"),
                    share(anchor.exact), anchor.rationale ?? "",
                ]
            }, numericColumns: [2, 4])
        var text = "calibration report \(session.name): \(what(session)), rubric \(rubric.id), "
        text += session.isOpen ? "open" : "closed \(session.closedAt!)"
        text += "\nqualifying: all \(Format.count(session.anchors.count, "anchor")), exact >= \(Format.share(session.exact)), within one >= \(Format.share(session.withinOne))\n\n"
        text += raterTable.aligned
        text += "\nanchors, most disagreed-upon first:\n\n"
        text += anchorTable.aligned
        return CommandOutput(json: json, table: raterTable, text: text)
    }

    static func share(_ value: Double?) -> String { value.map(Format.share) ?? "—" }

    static func signed(_ value: Double?) -> String { value.map(Format.difference) ?? "—" }

    static func sessionOutput(_ sessions: [CalibrationSession], raters: [String: [(rater: String, anchors: Int)]]) -> (json: [JSONValue], table: TextTable) {
        let json = sessions.map { session -> JSONValue in
            .object([
                ("session", .string(session.name)), ("task", .string(session.task)), ("component", .string(session.component)),
                ("rubric", .string(session.rubric)), ("status", .string(session.isOpen ? "open" : "closed")),
                ("exact", .double(session.exact)), ("within_one", .double(session.withinOne)),
                ("anchors", .array(session.anchors.map { .string($0) })),
                ("raters", .array((raters[session.name] ?? []).map { .string($0.rater) })),
                ("opened_at", .string(session.openedAt.description)), ("closed_at", .string(session.closedAt?.description)),
            ])
        }
        let table = TextTable(
            columns: ["session", "task", "component", "rubric", "status", "exact", "within one", "anchors", "raters", "opened at", "closed at"],
            rows: sessions.map { session in
                [
                    session.name, session.task, session.component, session.rubric, session.isOpen ? "open" : "closed",
                    Format.share(session.exact), Format.share(session.withinOne), String(session.anchors.count),
                    String(raters[session.name]?.count ?? 0), session.openedAt.description, session.closedAt?.description ?? "",
                ]
            }, numericColumns: [5, 6, 7, 8])
        return (json, table)
    }

    static func json(_ q: Qualification) -> JSONValue {
        .object([
            ("rater", .string(q.rater)), ("rubric", .string(q.rubric)), ("qualified", .bool(q.qualified)), ("session", .string(q.session)),
            ("anchors", .int(q.anchors)), ("exact", .number(q.exact)), ("within_one", .number(q.withinOne)),
            ("decided_at", .string(q.decidedAt.description)),
        ])
    }

    static func qualificationTable(_ qualifications: [Qualification]) -> TextTable {
        TextTable(
            columns: ["rater", "rubric", "qualified", "session", "anchors", "exact", "within one", "decided at"],
            rows: qualifications.map { q in
                [
                    q.rater, q.rubric, q.qualified ? "yes" : "no", q.session, String(q.anchors), share(q.exact), share(q.withinOne),
                    q.decidedAt.description,
                ]
            }, numericColumns: [4, 5, 6])
    }
}

// MARK: - Monitoring

struct MonitorCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Rater monitoring: each rater's agreement with co-raters per time window, and drift.",
        discussion: """
            Over the current operational reads (kind 'read') of a task component: per rater and window, the reads \
            given, and over every criterion score of those reads compared with each co-rater's score of the same \
            work, the share equal (exact), within one point, and the mean difference (rater - co-rater: above 0 \
            lenient, below 0 severe). Windows are whole UTC days counted back from the day of the latest read. A \
            rater whose latest window with comparisons falls below the rubric's calibration thresholds is flagged \
            as drifting: send them back to calibration.
            """)

    @Option(help: "The task.")
    var task: String

    @Option(help: "The component of a portfolio or capstone.")
    var component: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The length of a window: Nd (days) or Nw (weeks).", valueName: "length"))
    var window: String = "7d"

    func validate() throws {
        if Self.days(window) == nil {
            throw ValidationError("--window '\(Quoting.visible(window))' is not a length such as 7d or 2w")
        }
    }

    static func days(_ text: String) -> Int? {
        var digits = Substring(text)
        var unit = 1
        if digits.hasSuffix("d") {
            digits = digits.dropLast()
        } else if digits.hasSuffix("w") {
            digits = digits.dropLast()
            unit = 7
        }
        guard let count = Int(digits), count > 0, count <= 100_000 else { return nil }
        return count * unit
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let result = try shell.service.monitor(task: task, component: component, days: Self.days(window)!)
        let (rows, windows, rubric, days) = (result.rows, result.windows, result.rubric, result.days)
        let drifting = rows.filter(\.drift)
        let json = JSONValue.object([
            ("task", .string(result.task)), ("component", .string(result.component)), ("window_days", .int(days)),
            ("exact_threshold", .double(rubric.calibration.exact)), ("within_one_threshold", .double(rubric.calibration.withinOne)),
            (
                "rows",
                .array(
                    rows.map { row in
                        let span = windows.window(row.window)
                        return .object([
                            ("rater", .string(result.raters[Int(row.rater)])), ("from", .string(span.from)), ("to", .string(span.to)),
                            ("reads", .int(row.reads)), ("comparisons", .int(row.comparison.comparisons)),
                            ("exact", .number(row.comparison.exact)), ("within_one", .number(row.comparison.withinOne)),
                            ("mean_difference", .number(row.comparison.meanDifference)), ("drift", .bool(row.drift)),
                        ])
                    })
            ),
            ("drifting", .array(drifting.map { .string(result.raters[Int($0.rater)]) })),
        ])
        let textTable = TextTable(
            columns: ["rater", "from", "to", "reads", "comparisons", "exact", "within one", "mean diff", "drift"],
            rows: rows.map { row in
                let span = windows.window(row.window)
                return [
                    result.raters[Int(row.rater)], span.from, span.to, String(row.reads), String(row.comparison.comparisons),
                    Calibration.share(row.comparison.exact), Calibration.share(row.comparison.withinOne),
                    Calibration.signed(row.comparison.meanDifference), row.drift ? "DRIFT" : "",
                ]
            }, numericColumns: [3, 4, 5, 6, 7])
        var text = "monitor \(result.task)\(result.component == AssessmentTask.mainComponent ? "" : "/" + result.component): \(days)-day windows; "
        text += "thresholds exact \(Format.share(rubric.calibration.exact)), within one \(Format.share(rubric.calibration.withinOne))\n\n"
        text += textTable.aligned
        if drifting.isEmpty {
            text += "\nno rater's latest window is below the thresholds\n"
        } else {
            text += "\ndrifting (latest window below the thresholds; send back to calibration):\n"
            for row in drifting {
                text += "  \(result.raters[Int(row.rater)]): exact \(Calibration.share(row.comparison.exact)), within one \(Calibration.share(row.comparison.withinOne)), mean diff \(Calibration.signed(row.comparison.meanDifference)) (\(windows.window(row.window).from) to \(windows.window(row.window).to))\n"
            }
        }
        return .output(CommandOutput(json: json, table: textTable, text: text))
    }
}
