import Dispatch
import Foundation
import ScoringCore
import ScoringStore

/// Decisions of a task's submissions from the store's current reads.
extension ScoringService {
    /// The reads decisions are made from: backreads are reported, never used.
    static let decisionKinds: Set<ReadKind> = [.read, .adjudication, .backread]

    /// One decision per submission of `task` (or just `student`'s, listed even unread) this
    /// service may show: acting as a rater, an open session's anchors stay out.
    public func decisions(task: String, student: String?) throws -> [TaskDecision] {
        let task = try self.task(task)
        if let student { _ = try self.student(student) }
        var decisions = try decide(task: task, only: student)
        let hidden = Set(try hiddenAnchors().filter { $0.task == task.id }.map(\.student))
        if !hidden.isEmpty { decisions.removeAll { hidden.contains($0.student) } }
        // A rater's shell never names whose event work it is.
        if let mask = try eventMask() { decisions.removeAll { mask.hides(task: task.id, student: $0.student) } }
        return decisions
    }

    /// One decision per student with a current read of the task (or just `only`), by student id.
    /// - Parameter listUnread: with `only`, an unread student is listed as incomplete.
    func decide(task: AssessmentTask, only student: String?, listUnread: Bool = true) throws -> [TaskDecision] {
        var rubrics: [String: Rubric] = [:]
        for component in task.components { rubrics[component.rubric] = try rubric(component.rubric) }
        let table = try taskReads(task: task.id, student: student, kinds: Self.decisionKinds)
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
                    reads[table.components[Int(table.component[run.lowerBound])]] = run.map { Self.componentRead(table, $0) }
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

    public static func componentRead(_ table: TaskReads, _ read: Int) -> ComponentRead {
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
}
