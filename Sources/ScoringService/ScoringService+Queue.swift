import ScoringCore
import ScoringStore

/// One piece of work left on a task.
public struct QueueEntry: Sendable {
    public var student: String
    public var component: String
    public var status: ResolutionStatus
    public var reads: Int
    public var needed: Int
    public var readBy: [String]
    public var eligible: [String]
}

extension ScoringService {
    /// The work left on a task: every submission component short of its reads, and every one
    /// whose reads disagree, with the raters who may take it — never one who already read any
    /// part of that student's submission, and for adjudication only a lead or an adjudicator.
    public func queue(task: String, component: String?) throws -> [QueueEntry] {
        let task = try self.task(task)
        if let component { _ = try self.component(component, of: task) }
        var rubrics: [String: Rubric] = [:]
        for part in task.components { rubrics[part.id] = try rubric(part.rubric) }
        let table = try taskReads(task: task.id, component: component, kinds: Self.decisionKinds)
        let raters = try store.raters()
        // Every rater who read any component of a student's submission, by student.
        var readers = [Set<Int32>](repeating: [], count: table.students.count)
        for read in 0..<table.count where table.kind[read] != .backread {
            readers[Int(table.student[read])].insert(table.rater[read])
        }
        var entries: [QueueEntry] = []
        for run in table.submissions {
            let componentID = table.components[Int(table.component[run.lowerBound])]
            guard let rubric = rubrics[componentID] else { continue }
            let reads = run.map { Self.componentRead(table, $0) }
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
        if let mask = try eventMask() { entries.removeAll { mask.hides(task: task.id, student: $0.student) } }
        return entries
    }
}
