import ArgumentParser
import ScoringCore
import ScoringService
import ScoringStore

struct QueueCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "What still needs scoring on a task, and which raters may take each piece.",
        discussion: """
            Lists every submission component with fewer reads than its rubric asks for ('read') and every one \
            whose reads disagree ('adjudicate'). A rater who already read any part of a student's submission \
            never reads it again (their new read would only correct their own); adjudication is only for raters \
            whose role is lead or adjudicator. Components no one has read yet are not listed: the store knows a \
            submission only from its first read.
            """)

    @Option(help: "The task.")
    var task: String

    @Option(help: "Only this component.")
    var component: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("How many eligible raters to name per row in the table (JSON lists all).", valueName: "n"))
    var show: Int = 5

    func validate() throws {
        if show < 0 { throw ValidationError("--show must be 0 or more") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let entries = try shell.service.queue(task: task, component: component)
        return .output(QueueEntry.output(entries, task: task, show: show))
    }
}

extension QueueEntry {
    var work: String { status == .needsAdjudication ? "adjudicate" : "read" }

    static func output(_ entries: [QueueEntry], task: String, show: Int) -> CommandOutput {
        let json = JSONValue.array(entries.map { entry in
            .object([
                ("student", .string(entry.student)), ("task", .string(task)), ("component", .string(entry.component)),
                ("status", .string(entry.status.rawValue)), ("work", .string(entry.work)), ("reads", .int(entry.reads)),
                ("needed", .int(entry.needed)), ("read_by", .array(entry.readBy.map { .string($0) })),
                ("eligible", .array(entry.eligible.map { .string($0) })),
            ])
        })
        let rows = entries.map { entry -> [String] in
            var named = entry.eligible.prefix(show).joined(separator: ", ")
            if entry.eligible.count > show { named += (named.isEmpty ? "" : ", ") + "… \(entry.eligible.count - show) more" }
            if entry.eligible.isEmpty {
                named = entry.status == .needsAdjudication ? "(no lead or adjudicator who has not read it)" : "(no rater who has not read it)"
            }
            return [entry.student, entry.component, entry.work, "\(entry.reads)/\(entry.needed)", entry.readBy.joined(separator: ", "), named]
        }
        return CommandOutput(
            json: json,
            table: TextTable(columns: ["student", "component", "work", "reads", "read by", "may take it"], rows: rows))
    }
}
