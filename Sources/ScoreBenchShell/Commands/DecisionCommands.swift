import ArgumentParser
import ScoringCore
import ScoringStore

struct DecideCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Resolve each submission of a task from its current reads and decide proficiency.",
        discussion: """
            Per component: fewer reads than the rubric asks for is 'incomplete'; two reads that differ by the \
            rubric's adjudicate_at on any criterion need adjudication unless an adjudication read decides it; \
            otherwise each criterion's final score is the mean of the reads. The combined score is the weighted \
            mean; proficient means at least proficient_at with every criterion at or above the floor. Portfolios \
            and capstones need 'require' proficient components. Backreads never change a decision.
            """)

    @Option(help: "The task to decide.")
    var task: String

    @Option(help: "Only this student (listed even without reads).")
    var student: String?

    func validate() throws {
        if let student { try requireID(student, kind: "student") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let task = try shell.task(self.task)
        if let student { _ = try shell.student(student) }
        let decisions = try Decisions.decide(task: task, only: student, in: shell)
        return .output(CommandOutput(json: .array(decisions.map(\.json)), table: Decisions.table(decisions, task: task)))
    }
}

/// Decisions of a task's submissions from the store's current reads.
enum Decisions {
    static let kinds: Set<ReadKind> = [.read, .adjudication, .backread]

    /// One decision per student with a current read of the task (or just `only`), by student id.
    static func decide(task: AssessmentTask, only student: String?, in shell: ShellContext) throws -> [TaskDecision] {
        var rubrics: [String: Rubric] = [:]
        for component in task.components { rubrics[component.rubric] = try shell.rubric(component.rubric) }
        let table = try shell.store.taskReads(task: task.id, kinds: kinds)
        var byStudent: [Int32: [String: [ComponentRead]]] = [:]
        for read in 0..<table.count {
            let studentIndex = table.student[read]
            if let student, table.students[Int(studentIndex)] != student { continue }
            var scores: [String: Int] = [:]
            for index in Int(table.scoreStart[read])..<Int(table.scoreStart[read + 1]) {
                scores[table.criteria[Int(table.scoreCriterion[index])]] = Int(table.scoreValue[index])
            }
            let entry = ComponentRead(
                rater: table.raters[Int(table.rater[read])], kind: table.kind[read], scores: scores, scoredAt: table.scoredAt[read])
            byStudent[studentIndex, default: [:]][table.components[Int(table.component[read])], default: []].append(entry)
        }
        var decisions = byStudent.map { index, reads in
            TaskDecision.decide(student: table.students[Int(index)], task: task, rubrics: rubrics, reads: reads)
        }
        if let student, decisions.isEmpty {
            decisions = [TaskDecision.decide(student: student, task: task, rubrics: rubrics, reads: [:])]
        }
        return decisions.sorted { $0.student < $1.student }
    }

    static func yesNo(_ value: Bool?) -> String {
        value.map { $0 ? "yes" : "no" } ?? ""
    }

    static func score(_ value: Double?) -> String {
        value.map { Format.fixed($0, places: 3) } ?? ""
    }

    /// One row per submission; for a task with components, one column per component.
    static func table(_ decisions: [TaskDecision], task: AssessmentTask) -> TextTable {
        if task.isSinglePart {
            let rows = decisions.map { decision -> [String] in
                let resolution = decision.components.first?.resolution
                return [
                    decision.student, decision.status.rawValue, score(resolution?.score), resolution?.level ?? resolution?.code?.spelling ?? "",
                    yesNo(decision.proficient),
                ]
            }
            return TextTable(columns: ["student", "status", "score", "level", "proficient"], rows: rows, numericColumns: [2])
        }
        let rows = decisions.map { decision -> [String] in
            var row = [decision.student, decision.status.rawValue, yesNo(decision.proficient)]
            for part in task.components {
                guard let resolution = decision.component(part.id)?.resolution else {
                    row.append("")
                    continue
                }
                if resolution.status == .decided {
                    let mark = resolution.proficient == true ? "proficient" : "not proficient"
                    row.append("\(score(resolution.score)) \(resolution.level ?? resolution.code?.spelling ?? "") (\(mark))")
                } else {
                    row.append(resolution.status.rawValue)
                }
            }
            return row
        }
        return TextTable(columns: ["student", "status", "proficient"] + task.components.map(\.id), rows: rows)
    }
}
