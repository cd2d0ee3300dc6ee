import ArgumentParser
import Dispatch
import Foundation
import ScoringCore
import ScoringService
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
        let task = try shell.service.task(self.task)
        let student = self.student
        if let student { _ = try shell.service.student(student) }
        let rubric = task.isSinglePart ? try shell.service.rubric(task.components[0].rubric) : nil
        // Decided and written a chunk of students at a time: JSON as it comes, a table's rows
        // kept as bytes until the columns' widths are known.
        return .stream(StreamedOutput(
            stream: { format, write in
                // Each piece of decisions is rendered on the core that made it.
                if format == .json {
                    var opened = false
                    try shell.service.decisions(task: task.id, student: student, render: { decisions in
                        var text = ""
                        for decision in decisions {
                            text += ","
                            decision.json.write(to: &text)
                        }
                        return text
                    }) { pieces in
                        for piece in pieces where !piece.isEmpty {
                            write(opened ? piece : "[" + piece.dropFirst())
                            opened = true
                        }
                    }
                    write(opened ? "]\n" : "[]\n")
                    return
                }
                var rows = Decisions.rowBuffer(task: task)
                try shell.service.decisions(task: task.id, student: student, render: { decisions in
                    var piece = Decisions.rowBuffer(task: task)
                    for decision in decisions { piece.append(Decisions.row(decision, task: task, rubric: rubric)) }
                    return piece
                }) { pieces in
                    for piece in pieces { rows.append(contentsOf: piece) }
                }
                rows.write(as: format, to: write)
            },
            collect: {
                let decisions = try shell.service.decisions(task: task.id, student: student)
                return CommandOutput(json: .array(decisions.map(\.json)), table: try Decisions.table(decisions, task: task, in: shell))
            }))
    }
}

enum Decisions {
    static func yesNo(_ value: Bool?) -> String {
        value.map { $0 ? "yes" : "no" } ?? ""
    }

    static func score(_ value: Double?) -> String {
        value.map(Format.score) ?? ""
    }

    /// The rows of `table`, kept compactly: the backreads column of a single-part task is
    /// shown only when some submission has backreads.
    static func rowBuffer(task: AssessmentTask) -> RowBuffer {
        if task.isSinglePart {
            return RowBuffer(
                columns: ["student", "status", "score", "level", "proficient", "backreads", "why"], numeric: [2, 5], optional: [5])
        }
        return RowBuffer(columns: ["student", "status", "proficient", "why"] + task.components.map(\.id))
    }

    /// One row of `rowBuffer`; `rubric` is the single part's.
    static func row(_ decision: TaskDecision, task: AssessmentTask, rubric: Rubric?) -> [String] {
        if let rubric {
            let resolution = decision.components.first?.resolution
            return [
                decision.student, decision.status.rawValue, score(resolution?.score), resolution?.level ?? resolution?.code?.spelling ?? "",
                yesNo(decision.proficient), resolution.map { $0.backreads > 0 ? String($0.backreads) : "" } ?? "",
                resolution.flatMap { DecisionReason.component($0, rubric: rubric) } ?? "",
            ]
        }
        var row = [decision.student, decision.status.rawValue, yesNo(decision.proficient), DecisionReason.task(decision) ?? ""]
        for part in task.components {
            guard let resolution = decision.component(part.id)?.resolution else {
                row.append("")
                continue
            }
            var cell = resolution.status.rawValue
            if resolution.status == .decided {
                let mark = resolution.proficient == true ? "proficient" : "not proficient"
                cell = "\(score(resolution.score)) \(resolution.level ?? resolution.code?.spelling ?? "") (\(mark))"
            }
            if resolution.backreads > 0 { cell += ", \(Format.count(resolution.backreads, "backread"))" }
            row.append(cell)
        }
        return row
    }

    /// One row per submission, with why it is not (yet) proficient; for a task with
    /// components, one column per component.
    static func table(_ decisions: [TaskDecision], task: AssessmentTask, in shell: ShellContext) throws -> TextTable {
        let rubric = task.isSinglePart ? try shell.service.rubric(task.components[0].rubric) : nil
        var rows = rowBuffer(task: task)
        for decision in decisions { rows.append(row(decision, task: task, rubric: rubric)) }
        return rows.table
    }
}
