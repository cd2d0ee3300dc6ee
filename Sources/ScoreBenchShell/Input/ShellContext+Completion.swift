import ScoringCore
import ScoringStore

/// Ids for tab completion. Every look-up that fails offers nothing: completion never prints.
extension ShellContext: Completer.Data {
    public func taskIDs() -> [String] { service.bank.tasks.keys.sorted() }

    public func rubricIDs() -> [String] { service.bank.rubrics.keys.sorted() }

    public func competencyIDs() -> [String] { service.bank.framework?.competencies.map(\.id) ?? [] }

    public func componentIDs(task: String) -> [String] {
        service.bank.tasks[task]?.components.map(\.id) ?? []
    }

    private func rubric(task: String, component: String?) -> Rubric? {
        guard let task = service.bank.tasks[task] else { return nil }
        let name = component ?? (task.isSinglePart ? AssessmentTask.mainComponent : "")
        return service.bank.rubric(task: task, component: name)
    }

    public func criterionIDs(task: String, component: String?) -> [String] {
        rubric(task: task, component: component)?.criteria.map(\.id) ?? []
    }

    public func scaleScores(task: String, component: String?) -> [Int] {
        rubric(task: task, component: component)?.scores ?? []
    }

    public func raterIDs(prefix: String) -> [String] {
        service.ids(of: .rater, startingWith: prefix)
    }

    public func studentIDs(prefix: String) -> [String] {
        service.ids(of: .student, startingWith: prefix)
    }

    public func sessionNames(prefix: String) -> [String] {
        service.sessionNames(startingWith: prefix)
    }

    public func work(ofCode code: String) -> (task: String, component: String)? {
        guard let assignment = try? service.assignment(code) else { return nil }
        return (assignment.task, assignment.component)
    }
}
