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
        if let student { _ = try shell.service.student(student) }
        var decisions = try Decisions.decide(task: task, only: student, in: shell)
        // Acting as a rater, the work of an open session's anchors stays blind.
        let hidden = Set(try shell.service.hiddenAnchors().filter { $0.task == task.id }.map(\.student))
        if !hidden.isEmpty { decisions.removeAll { hidden.contains($0.student) } }
        return .output(CommandOutput(
            json: .array(decisions.map(\.json)), table: try Decisions.table(decisions, task: task, in: shell)))
    }
}

/// Decisions of a task's submissions from the store's current reads.
enum Decisions {
    static let kinds: Set<ReadKind> = [.read, .adjudication, .backread]

    /// One decision per student with a current read of the task (or just `only`), by student id.
    /// - Parameter listUnread: with `only`, an unread student is listed as incomplete.
    static func decide(task: AssessmentTask, only student: String?, in shell: ShellContext, listUnread: Bool = true) throws -> [TaskDecision] {
        var rubrics: [String: Rubric] = [:]
        for component in task.components { rubrics[component.rubric] = try shell.service.rubric(component.rubric) }
        let table = try shell.service.taskReads(task: task.id, student: student, kinds: kinds)
        // Each submission component's reads are one run; gather each student's runs.
        var runsOf = [[Range<Int>]](repeating: [], count: table.students.count)
        for run in table.submissions {
            let index = Int(table.student[run.lowerBound])
            if let student, table.students[index] != student { continue }
            runsOf[index].append(run)
        }
        let students = runsOf.indices.filter { !runsOf[$0].isEmpty }
        let runs = runsOf, rubricsByID = rubrics
        // Students are independent: decide them on every core, in contiguous chunks.
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, students.count / 2048))
        let results = ChunkResults<TaskDecision>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = students.count * chunk / chunks..<students.count * (chunk + 1) / chunks
            var decided: [TaskDecision] = []
            decided.reserveCapacity(range.count)
            for position in range {
                if Interruption.isRequested { break }
                let index = students[position]
                var reads: [String: [ComponentRead]] = [:]
                for run in runs[index] {
                    reads[table.components[Int(table.component[run.lowerBound])]] = run.map { componentRead(table, $0) }
                }
                decided.append(TaskDecision.decide(student: table.students[index], task: task, rubrics: rubricsByID, reads: reads))
            }
            results.store(decided, at: chunk)
        }
        try Interruption.check()
        var decisions = results.joined()
        if let student, listUnread, decisions.isEmpty {
            decisions = [TaskDecision.decide(student: student, task: task, rubrics: rubrics, reads: [:])]
        }
        return decisions.sorted { $0.student < $1.student }
    }

    static func componentRead(_ table: TaskReads, _ read: Int) -> ComponentRead {
        if let code = table.code[read] {
            return ComponentRead(rater: table.raters[Int(table.rater[read])], kind: table.kind[read], code: code, scoredAt: table.scoredAt[read])
        }
        var scores: [String: Int] = [:]
        let range = Int(table.scoreStart[read])..<Int(table.scoreStart[read + 1])
        scores.reserveCapacity(range.count)
        for index in range {
            scores[table.criteria[Int(table.scoreCriterion[index])]] = Int(table.scoreValue[index])
        }
        return ComponentRead(
            rater: table.raters[Int(table.rater[read])], kind: table.kind[read], scores: scores, scoredAt: table.scoredAt[read])
    }

    static func yesNo(_ value: Bool?) -> String {
        value.map { $0 ? "yes" : "no" } ?? ""
    }

    static func score(_ value: Double?) -> String {
        value.map(Format.score) ?? ""
    }

    /// One row per submission, with why it is not (yet) proficient; for a task with
    /// components, one column per component.
    static func table(_ decisions: [TaskDecision], task: AssessmentTask, in shell: ShellContext) throws -> TextTable {
        // Backreads never change a decision; a column shows them when there are any.
        let backreads = decisions.contains { $0.components.contains { $0.resolution.backreads > 0 } }
        if task.isSinglePart {
            let rubric = try shell.service.rubric(task.components[0].rubric)
            let rows = decisions.map { decision -> [String] in
                let resolution = decision.components.first?.resolution
                var row = [
                    decision.student, decision.status.rawValue, score(resolution?.score), resolution?.level ?? resolution?.code?.spelling ?? "",
                    yesNo(decision.proficient),
                ]
                if backreads { row.append(resolution.map { $0.backreads > 0 ? String($0.backreads) : "" } ?? "") }
                row.append(resolution.flatMap { DecisionReason.component($0, rubric: rubric) } ?? "")
                return row
            }
            return TextTable(
                columns: ["student", "status", "score", "level", "proficient"] + (backreads ? ["backreads"] : []) + ["why"], rows: rows,
                numericColumns: backreads ? [2, 5] : [2])
        }
        let rows = decisions.map { decision -> [String] in
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
        return TextTable(columns: ["student", "status", "proficient", "why"] + task.components.map(\.id), rows: rows)
    }
}

/// Results computed in parallel chunks, gathered in chunk order.
final class ChunkResults<Element: Sendable>: @unchecked Sendable {
    private var chunks: [[Element]]
    private let lock = NSLock()

    init(count: Int) {
        chunks = Array(repeating: [], count: count)
    }

    func store(_ elements: [Element], at chunk: Int) {
        lock.lock()
        chunks[chunk] = elements
        lock.unlock()
    }

    func joined() -> [Element] {
        lock.lock()
        defer { lock.unlock() }
        return chunks.flatMap { $0 }
    }
}
