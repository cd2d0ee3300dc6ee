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
        var all: [TaskDecision] = []
        try self.decisions(task: task, student: student) { all += $0 }
        return all
    }

    /// The same decisions by student id, handed to `chunk` a few thousand at a time as they are
    /// made: a statewide task's million decisions are never all held at once.
    public func decisions(task: String, student: String?, chunk: ([TaskDecision]) throws -> Void) throws {
        let task = try self.task(task)
        if let student { _ = try self.student(student) }
        let hidden = Set(try hiddenAnchors().filter { $0.task == task.id }.map(\.student))
        // A rater's shell never names whose event work it is.
        let mask = try eventMask()
        try decide(task: task, only: student) { decided in
            var decisions = decided
            if !hidden.isEmpty { decisions.removeAll { hidden.contains($0.student) } }
            if let mask { decisions.removeAll { mask.hides(task: task.id, student: $0.student) } }
            if !decisions.isEmpty { try chunk(decisions) }
        }
    }

    /// One decision per student with a current read of the task (or just `only`), by student id.
    /// - Parameter listUnread: with `only`, an unread student is listed as incomplete.
    func decide(task: AssessmentTask, only student: String?, listUnread: Bool = true) throws -> [TaskDecision] {
        var decisions: [TaskDecision] = []
        try decide(task: task, only: student, listUnread: listUnread) { decisions += $0 }
        return decisions
    }

    /// The decisions of `decide`, handed to `chunk` in order, `studentsPerChunk` students at a time.
    func decide(
        task: AssessmentTask, only student: String?, listUnread: Bool = true, chunk: ([TaskDecision]) throws -> Void
    ) throws {
        let rubrics = try rubrics(of: task)
        let table = try taskReads(task: task.id, student: student, kinds: Self.decisionKinds)
        let any = try decide(table, task: task, rubrics: rubrics, only: student, chunk: chunk)
        if let student, listUnread, !any {
            try chunk([TaskDecision.decide(student: student, task: task, rubrics: rubrics, reads: [:])])
        }
    }

    /// The rubrics of `task`'s components, by rubric id.
    func rubrics(of task: AssessmentTask) throws -> [String: Rubric] {
        var rubrics: [String: Rubric] = [:]
        for component in task.components { rubrics[component.rubric] = try rubric(component.rubric) }
        return rubrics
    }

    /// One decision per student of `table` (or just `only`), a table of `task`'s reads of
    /// `decisionKinds`, handed to `chunk` in order of student id, `studentsPerChunk` at a time.
    ///
    /// - Returns: whether any student was decided.
    func decide(
        _ table: TaskReads, task: AssessmentTask, rubrics: [String: Rubric], only student: String?, chunk: ([TaskDecision]) throws -> Void
    ) throws -> Bool {
        // Each submission component's reads are one run; gather each student's runs, flat:
        // `runs[runStart[s]..<runStart[s + 1]]` are student s's (an array per student would cost
        // more than the runs themselves).
        let allRuns = table.submissions
        var runStart = [Int32](repeating: 0, count: table.students.count + 1)
        for run in allRuns { runStart[Int(table.student[run.lowerBound]) + 1] += 1 }
        for index in table.students.indices { runStart[index + 1] += runStart[index] }
        var filled = runStart
        var runsByStudent = [Range<Int>](repeating: 0..<0, count: allRuns.count)
        for run in allRuns {
            let index = Int(table.student[run.lowerBound])
            runsByStudent[Int(filled[index])] = run
            filled[index] += 1
        }
        filled = []
        var students = table.students.indices.filter {
            runStart[$0 + 1] > runStart[$0] && (student == nil || table.students[$0] == student)
        }
        // Usually already in order (the scan is by student); sorting is for the rest.
        let names = table.students
        if zip(students, students.dropFirst()).contains(where: { !(names[$0.0] < names[$0.1]) }) {
            students.sort { names[$0] < names[$1] }
        }
        let runs = runsByStudent, starts = runStart, order = students
        let size = max(1, studentsPerChunk)
        var start = 0
        var any = false
        while start < order.count {
            let end = min(order.count, start + size)
            // Students are independent: decide them on every core, in contiguous pieces.
            let count = end - start, first = start
            let pieces = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, count / 2048))
            let results = ChunkResults<TaskDecision>(count: pieces)
            DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                let range = (first + count * piece / pieces)..<(first + count * (piece + 1) / pieces)
                var decided: [TaskDecision] = []
                decided.reserveCapacity(range.count)
                for position in range {
                    if Interruption.isRequested { break }
                    let index = order[position]
                    var reads: [String: [ComponentRead]] = [:]
                    for run in runs[Int(starts[index])..<Int(starts[index + 1])] {
                        reads[table.components[Int(table.component[run.lowerBound])]] = run.map { Self.componentRead(table, $0) }
                    }
                    decided.append(TaskDecision.decide(student: table.students[index], task: task, rubrics: rubrics, reads: reads))
                }
                results.store(decided, at: piece)
            }
            try Interruption.check()
            let decided = results.joined()
            any = any || !decided.isEmpty
            try chunk(decided)
            start = end
        }
        return any
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
