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
        let task = try shell.service.task(self.task)
        if let component { _ = try shell.service.component(component, of: task) }
        var rubrics: [String: Rubric] = [:]
        for part in task.components { rubrics[part.id] = try shell.service.rubric(part.rubric) }
        let table = try shell.service.taskReads(task: task.id, component: component, kinds: Decisions.kinds)
        let raters = try shell.service.store.raters()
        // Every rater who read any component of a student's submission, by student.
        var readers = [Set<Int32>](repeating: [], count: table.students.count)
        for read in 0..<table.count where table.kind[read] != .backread {
            readers[Int(table.student[read])].insert(table.rater[read])
        }
        var entries: [QueueEntry] = []
        for run in table.submissions {
            let componentID = table.components[Int(table.component[run.lowerBound])]
            guard let rubric = rubrics[componentID] else { continue }
            let reads = run.map { Decisions.componentRead(table, $0) }
            let resolution = ComponentResolution.resolve(reads, rubric: rubric)
            guard resolution.status != .decided else { continue }
            let student = Int(table.student[run.lowerBound])
            let readBy = Set(readers[student].map { table.raters[Int($0)] })
            let needsAdjudication = resolution.status == .needsAdjudication
            let eligible = raters.filter { rater in
                !readBy.contains(rater.id) && (!needsAdjudication || rater.role == .lead || rater.role == .adjudicator)
            }.map(\.id)
            entries.append(QueueEntry(
                student: table.students[student], component: componentID, status: resolution.status,
                reads: resolution.reads, needed: rubric.resolution.reads, readBy: readBy.sorted(), eligible: eligible))
        }
        entries.sort { ($0.student, $0.component) < ($1.student, $1.component) }
        return .output(QueueEntry.output(entries, task: task.id, show: show))
    }
}

/// One piece of work left on a task.
struct QueueEntry {
    var student: String
    var component: String
    var status: ResolutionStatus
    var reads: Int
    var needed: Int
    var readBy: [String]
    var eligible: [String]

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
