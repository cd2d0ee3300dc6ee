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
        try decisions(task: task, student: student, render: { $0 }) { pieces in
            let decisions = pieces.flatMap { $0 }
            if !decisions.isEmpty { try chunk(decisions) }
        }
    }

    /// The same decisions, made a piece at a time on every core: each piece (consecutive
    /// students, in order) goes to `render` on the core that decided it, and a chunk's rendered
    /// pieces to `chunk`, in order. Rendering as it decides, a front end uses every core for
    /// its text too; a piece may be empty.
    public func decisions<Piece: Sendable>(
        task: String, student: String?, render: @escaping @Sendable ([TaskDecision]) -> Piece, chunk: ([Piece]) throws -> Void
    ) throws {
        let task = try self.task(task)
        if let student { _ = try self.student(student) }
        let hidden = Set(try hiddenAnchors().filter { $0.task == task.id }.map(\.student))
        // A rater's shell never names whose event work it is.
        let mask = try eventMask()
        let taskID = task.id
        try decide(task: task, only: student, render: { decided in
            var decisions = decided
            if !hidden.isEmpty { decisions.removeAll { hidden.contains($0.student) } }
            if let mask { decisions.removeAll { mask.hides(task: taskID, student: $0.student) } }
            return render(decisions)
        }, chunk: chunk)
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
        try decide(task: task, only: student, listUnread: listUnread, render: { $0 }) { pieces in
            try chunk(pieces.flatMap { $0 })
        }
    }

    /// The decisions of `decide`, each piece of consecutive students handed to `render` on the
    /// core that decided it, `studentsPerChunk` students' pieces at a time to `chunk`, in order.
    func decide<Piece: Sendable>(
        task: AssessmentTask, only student: String?, listUnread: Bool = true, render: @escaping @Sendable ([TaskDecision]) -> Piece,
        chunk: ([Piece]) throws -> Void
    ) throws {
        let rubrics = try rubrics(of: task)
        let table = try taskReads(task: task.id, student: student, kinds: Self.decisionKinds)
        let any = try decide(table, task: task, rubrics: rubrics, only: student, render: render, chunk: chunk)
        if let student, listUnread, !any {
            try chunk([render([TaskDecision.decide(student: student, task: task, rubrics: rubrics, reads: [:])])])
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
        try decide(table, task: task, rubrics: rubrics, only: student, render: { $0 }) { pieces in try chunk(pieces.flatMap { $0 }) }
    }

    /// A piece of `decide`'s work: how many students it decided, and what `render` made of them.
    private struct RenderedPiece<Piece: Sendable>: Sendable {
        var decided: Int
        var piece: Piece
    }

    /// The same decisions, each piece of consecutive students handed to `render` on the core
    /// that decided it, a chunk's rendered pieces to `chunk` in order.
    func decide<Piece: Sendable>(
        _ table: TaskReads, task: AssessmentTask, rubrics: [String: Rubric], only student: String?,
        render: @escaping @Sendable ([TaskDecision]) -> Piece, chunk: ([Piece]) throws -> Void
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
        // Matched once for the whole task: each table component's place among the task's, each
        // task component's place among the rubrics it has (-1: its rubric is missing), and the
        // places of the table's criteria among each rubric's.
        let componentPosition = table.components.map { id in task.components.firstIndex { $0.id == id } ?? -1 }
        let componentRubrics = task.components.compactMap { rubrics[$0.rubric] }
        var places: [Int] = []
        for component in task.components {
            places.append(rubrics[component.rubric] == nil ? -1 : places.count { $0 >= 0 })
        }
        let criterionPositions = componentRubrics.map { rubric in
            let ids = rubric.criteria.map(\.id)
            return table.criteria.map { ids.firstIndex(of: $0) ?? -1 }
        }
        let runs = runsByStudent, starts = runStart, order = students, rubricPlaces = places
        let size = max(1, studentsPerChunk)
        var start = 0
        var any = false
        while start < order.count {
            let end = min(order.count, start + size)
            // Students are independent: decide them on every core, in contiguous pieces.
            let count = end - start, first = start
            let pieces = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, count / 2048))
            let results = ChunkResults<RenderedPiece<Piece>>(count: pieces)
            DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                let range = (first + count * piece / pieces)..<(first + count * (piece + 1) / pieces)
                var decided: [TaskDecision] = []
                decided.reserveCapacity(range.count)
                // A buffer per component with a rubric, reused from student to student.
                var buffers = componentRubrics.map(RubricReads.init(rubric:))
                var runOf = [Range<Int>?](repeating: nil, count: task.components.count)
                for position in range {
                    if Interruption.isRequested { break }
                    let index = order[position]
                    for component in runOf.indices { runOf[component] = nil }
                    for run in runs[Int(starts[index])..<Int(starts[index + 1])] {
                        let component = componentPosition[Int(table.component[run.lowerBound])]
                        if component >= 0 { runOf[component] = run }
                    }
                    var parts: [ComponentDecision] = []
                    parts.reserveCapacity(task.components.count)
                    for component in task.components.indices {
                        let place = rubricPlaces[component]
                        let resolution: ComponentResolution
                        if place >= 0 {
                            if let run = runOf[component] {
                                Self.fill(&buffers[place], from: table, run: run, positions: criterionPositions[place])
                            }
                            resolution = buffers[place].resolveAndClear()
                        } else {
                            resolution = .withoutRubric
                        }
                        parts.append(ComponentDecision(component: task.components[component].id, resolution: resolution))
                    }
                    decided.append(TaskDecision(student: table.students[index], task: task.id, require: task.require, components: parts))
                }
                results.store([RenderedPiece(decided: decided.count, piece: render(decided))], at: piece)
            }
            try Interruption.check()
            let rendered = results.joined()
            any = any || rendered.contains { $0.decided > 0 }
            try chunk(rendered.map(\.piece))
            start = end
        }
        return any
    }

    /// Appends the reads of `run` to `reads`, each score at its criterion's place in `positions`
    /// (by the table's criterion index; -1 for a criterion the rubric lacks, which is ignored).
    static func fill(_ reads: inout RubricReads, from table: TaskReads, run: Range<Int>, positions: [Int]) {
        for read in run {
            if let code = table.code[read] {
                reads.append(kind: table.kind[read], scoredAt: table.scoredAt[read], code: code)
                continue
            }
            reads.appendScored(kind: table.kind[read], scoredAt: table.scoredAt[read])
            for index in Int(table.scoreStart[read])..<Int(table.scoreStart[read + 1]) {
                let position = positions[Int(table.scoreCriterion[index])]
                if position >= 0 { reads.setScore(Int(table.scoreValue[index]), at: position) }
            }
        }
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
