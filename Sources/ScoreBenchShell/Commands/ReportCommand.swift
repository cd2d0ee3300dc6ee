import ArgumentParser
import ScoreBenchReports
import ScoringCore
import ScoringService

extension ReportKind: ExpressibleByArgument {}

struct ReportCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report as one self-contained HTML page with charts (agreement, raters, calibration, equity, event, dependability).",
        usage: "report <kind> [--task <task> [--component <component>] | --tasks <T1,T2,...>] [--session <name>] [--by school|grade|group] --out <file.html>",
        discussion: """
            Kinds: agreement --task (irr: shares, coefficients with intervals, read 1 x read 2); raters --task (rasch \
            and monitor: the Wright map, severity, fit, fair averages, agreement over time); calibration --session \
            (calibration report: raters against the thresholds, anchors by disagreement); equity [--by] [--task] \
            (proficiency --by with Wilson intervals and gaps, and bias); event --task (event status: progress, \
            validity agreement, lock-outs); dependability --task or --tasks (gstudy and dstudy curves). Every number \
            on the page is the JSON of the command named beside it, as this shell may see it. The page has no \
            scripts and loads nothing; it prints on A4 or Letter. It is written whole, mode 0600 (it holds student \
            data), over a regular file only.
            """)

    @Argument(help: ArgumentHelp("What to report.", valueName: "kind"))
    var kind: ReportKind

    @Option(help: "The task (agreement, raters, event, dependability; equity: only this task's bias).")
    var task: String?

    @Option(help: ArgumentHelp("Two or more tasks, each TASK or TASK/COMPONENT (dependability).", valueName: "T1,T2,..."))
    var tasks: String?

    @Option(help: "With --task: the component of a portfolio or capstone.")
    var component: String?

    @Option(help: "The calibration session (calibration).")
    var session: String?

    @Option(help: ArgumentHelp("Group students by school, grade or group (equity; default school).", valueName: "attribute"))
    var by: GroupingAttribute?

    @Option(help: ArgumentHelp("The page to write, e.g. agreement.html.", valueName: "file.html"))
    var out: String

    func validate() throws {
        let lowered = out.lowercased()
        guard lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") else {
            throw ValidationError("a report is an HTML page: give --out a name ending in .html, e.g. --out \(kind.rawValue).html")
        }
        let needsTask: Set<ReportKind> = [.agreement, .raters, .event]
        if needsTask.contains(kind), task == nil {
            throw ValidationError("report \(kind.rawValue) needs --task T")
        }
        if kind == .dependability {
            switch (task, tasks) {
            case (nil, nil): throw ValidationError("report dependability needs --task T or --tasks T1,T2,...")
            case (.some, .some): throw ValidationError("give --task or --tasks, not both")
            default: break
            }
        } else if tasks != nil {
            throw ValidationError("--tasks goes with report dependability; give --task T")
        }
        if kind == .calibration {
            guard let session else { throw ValidationError("report calibration needs --session NAME") }
            try requireID(session, kind: "session")
            if task != nil { throw ValidationError("report calibration takes the task from the session; leave out --task") }
        } else if session != nil {
            throw ValidationError("--session goes with report calibration")
        }
        if by != nil, kind != .equity { throw ValidationError("--by goes with report equity") }
        if component != nil, task == nil { throw ValidationError("--component goes with --task") }
        if let tasks { _ = try MeasuredTasks.parts(tasks) }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let request = ReportRequest(
            kind: kind, task: task, tasks: try tasks.map(MeasuredTasks.parts), component: component, session: session, by: by ?? .school)
        let report = try Reports.make(request, service: shell.service)
        try shell.writeStudentData(report.html, to: out, action: "report \(kind.rawValue)", detail: report.subject, students: report.students)
        let bytes = report.html.utf8.count
        let json = JSONValue.object([
            ("file", .string(out)), ("kind", .string(kind.rawValue)), ("subject", .string(report.subject)),
            ("figures", .int(report.figures)), ("bytes", .int(bytes)),
        ])
        let size = bytes >= 1_000_000 ? "\(Format.fixed(Double(bytes) / 1_000_000, places: 1)) MB" : "\(max(1, (bytes + 500) / 1000)) kB"
        return .output(CommandOutput(
            json: json,
            table: TextTable(
                columns: ["file", "kind", "subject", "figures", "bytes"],
                rows: [[out, kind.rawValue, report.subject, String(report.figures), String(bytes)]], numericColumns: [3, 4]),
            text: "wrote \(out): \(kind.rawValue) report of \(report.subject), \(Format.count(report.figures, "figure")), \(size)"))
    }
}
