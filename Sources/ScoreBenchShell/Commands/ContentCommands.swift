import ArgumentParser
import ScoringCore
import ScoringService

struct TaskGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "The task bank.", subcommands: [TaskList.self, TaskShow.self])
}

struct TaskList: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the performance tasks, portfolios and capstones.")

    func execute(in shell: ShellContext) throws -> ShellResult {
        let tasks = shell.service.bank.sortedTasks
        let table = TextTable(
            columns: ["id", "kind", "subject", "grades", "components", "title"],
            rows: tasks.map { task in
                [
                    task.id, task.kind.rawValue, task.subject ?? "", task.grades ?? "",
                    task.isSinglePart ? task.components[0].rubric : task.components.map(\.id).joined(separator: ", "),
                    task.title,
                ]
            })
        return .output(CommandOutput(json: .array(tasks.map(TaskShow.json)), table: table))
    }
}

struct TaskShow: ShellCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a task: its prompt and how it is scored.")

    @Argument(help: "The task id.")
    var task: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let task = try shell.service.task(self.task)
        var text = "\(task.title)\n"
        text += "id \(task.id) · \(task.kind.rawValue)"
        if let subject = task.subject { text += " · \(subject)" }
        if let grades = task.grades { text += " · grades \(grades)" }
        text += "\n\n"
        let rows = task.components.map { part -> [String] in
            [part.id, part.rubric, shell.service.bank.rubrics[part.rubric]?.title ?? ""]
        }
        let table = TextTable(columns: ["component", "rubric", "rubric title"], rows: rows)
        text += table.aligned
        if !task.isSinglePart {
            text += "\nProficient when \(task.require) of \(task.components.count) components are proficient.\n"
        }
        if let prompt = task.prompt {
            let lines = prompt.split(separator: "\n", omittingEmptySubsequences: false).reversed().drop { $0.isEmpty }.reversed()
            text += "\nPrompt:\n" + lines.map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
        }
        return .output(CommandOutput(json: Self.json(task), table: table, text: text))
    }

    static func json(_ task: AssessmentTask) -> JSONValue {
        .object([
            ("id", .string(task.id)), ("title", .string(task.title)), ("kind", .string(task.kind.rawValue)),
            ("subject", .string(task.subject)), ("grades", .string(task.grades)),
            ("components", .array(task.components.map { .object([("id", .string($0.id)), ("rubric", .string($0.rubric))]) })),
            ("require", .int(task.require)), ("prompt", .string(task.prompt)),
        ])
    }
}

struct RubricGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric", abstract: "The shared rubrics.", subcommands: [RubricList.self, RubricShow.self])
}

struct RubricList: ShellCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rubrics.")

    func execute(in shell: ShellContext) throws -> ShellResult {
        let rubrics = shell.service.bank.sortedRubrics
        let table = TextTable(
            columns: ["id", "version", "scale", "criteria", "proficient at", "title"],
            rows: rubrics.map {
                [$0.id, String($0.version), $0.scaleDescription, String($0.criteria.count), Format.number($0.decision.proficientAt), $0.title]
            },
            numericColumns: [1, 3, 4])
        return .output(CommandOutput(json: .array(rubrics.map(\.contentJSON)), table: table))
    }
}

struct RubricShow: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a rubric: scale, criteria with weights and competencies, descriptors and decision rules.",
        discussion: "With --version, prints the copy of an earlier version that recorded scores were given under.")

    @Argument(help: "The rubric id.")
    var rubric: String

    @Option(parsing: .unconditional, help: "An earlier version kept in the store.")
    var version: Int?

    func execute(in shell: ShellContext) throws -> ShellResult {
        if let version {
            let source = try shell.service.rubricSource(rubric, version: version)
            return .output(
                CommandOutput(
                    json: .object([("id", .string(rubric)), ("version", .int(version)), ("source", .string(source))]),
                    table: TextTable(columns: ["source"], rows: [[source]]), text: source))
        }
        let rubric = try shell.service.rubric(self.rubric)
        let table = TextTable(
            columns: ["criterion", "name", "weight", "competency"] + rubric.scale.map { "\($0.score) \($0.label)" },
            rows: rubric.criteria.map { criterion in
                [criterion.id, criterion.name, Format.number(criterion.weight), criterion.competency ?? ""]
                    + rubric.scale.map { criterion.descriptors[$0.score] ?? "" }
            })
        return .output(CommandOutput(json: rubric.contentJSON, table: table, text: Self.text(rubric)))
    }

    static func text(_ rubric: Rubric) -> String {
        var text = "\(rubric.title)\nid \(rubric.id) · version \(rubric.version) · scale "
        text += rubric.scale.map { "\($0.score) \($0.label)" }.joined(separator: ", ") + "\n"
        for criterion in rubric.criteria {
            text += "\n\(criterion.id): \(criterion.name) (weight \(Format.number(criterion.weight))"
            if let competency = criterion.competency { text += ", evidence for \(competency)" }
            text += ")\n"
            for level in rubric.scale.reversed() {
                guard let descriptor = criterion.descriptors[level.score] else { continue }
                text += "  \(level.score) \(level.label): \(descriptor)\n"
            }
        }
        let decision = rubric.decision
        text += "\nProficient when the weighted mean of the criteria is at least \(Format.number(decision.proficientAt))"
        if let floor = decision.floor { text += " and every criterion is at least \(floor)" }
        text += ".\n"
        if !decision.levels.isEmpty {
            text += "Levels: " + decision.levels.map { "\($0.label) from \(Format.number($0.at))" }.joined(separator: ", ") + ".\n"
        }
        let resolution = rubric.resolution
        text += "Reads: \(resolution.reads) per submission"
        if resolution.reads > 1 { text += "; adjudication when two reads differ by \(resolution.adjudicateAt) or more" }
        text += ".\n"
        let calibration = rubric.calibration
        text += "Calibration: qualify with \(Format.share(calibration.exact)) exact and \(Format.share(calibration.withinOne)) within one"
        text += calibration.required ? "; only qualified raters may score.\n" : ".\n"
        return text
    }
}
