import Foundation
import ScoringCore
import ScoringStore

/// The use cases of ScoreBench, once for every front end: who is acting and what they may see
/// and do, the inputs the core's statistics and decisions take, assembled from the store, and
/// the recording of reads. A front end parses, calls the service and renders what it returns.
public final class ScoringService {
    public let store: any Store
    public private(set) var bank: Bank
    public let content: ContentLocation
    /// The rater this service acts as; nil for the coordinator, who sees everything.
    public internal(set) var identity: Rater?
    /// The identity was given when the service started (`--as`, or a server login): it may
    /// not be changed or dropped.
    public internal(set) var identityIsFixed = false
    /// The identity is the server login's own (a rater logged in as themselves).
    public internal(set) var identityIsLogin = false
    private let clock: () -> Timestamp
    /// How many students `decide` decides, and `proficiency` gathers the evidence of, before
    /// handing them on: a statewide roster is never held at once. Tests make it small.
    var studentsPerChunk = 16_384

    public init(
        store: any Store, bank: Bank, content: ContentLocation, clock: @escaping () -> Timestamp = ScoringService.systemClock
    ) {
        self.store = store
        self.bank = bank
        self.content = content
        self.clock = clock
    }

    /// The file holding the store, which no export may write over; nil for a server.
    public var storeFile: String? { store.file }

    /// Now, to the second.
    public func now() -> Timestamp { clock() }

    public static func systemClock() -> Timestamp {
        Timestamp(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    /// Reloads the rubric and task files, e.g. after editing one.
    public func reload() throws -> Bank {
        bank = try content.load(snapshots: store.rubricSnapshots())
        return bank
    }

    // MARK: - Look-ups that explain themselves

    public func task(_ id: String) throws -> AssessmentTask {
        if let task = bank.tasks[id] { return task }
        if let problem = bank.rejectedTasks[id] {
            throw ServiceError("task '\(id)' did not load: \(problem)")
        }
        throw ServiceError(Self.unknown("task", id, among: bank.tasks.keys, hint: "see 'task list'"))
    }

    public func rubric(_ id: String) throws -> Rubric {
        if let rubric = bank.rubrics[id] { return rubric }
        if let problem = bank.rejectedRubrics[id] {
            throw ServiceError("rubric '\(id)' did not load: \(problem)")
        }
        throw ServiceError(Self.unknown("rubric", id, among: bank.rubrics.keys, hint: "see 'rubric list'"))
    }

    /// The component of `task` named `component` (nil: the task's only component) and its rubric.
    public func component(_ component: String?, of task: AssessmentTask) throws -> (AssessmentTask.Component, Rubric) {
        let name = component ?? (task.isSinglePart ? AssessmentTask.mainComponent : "")
        if name.isEmpty {
            throw ServiceError(
                "task \(task.id) has components \(task.components.map(\.id).joined(separator: ", ")); name one with --component")
        }
        guard let part = task.component(name) else {
            throw ServiceError(ComponentProblem.message(task: task, component: name))
        }
        return (part, try rubric(part.rubric))
    }

    public func rater(_ id: String) throws -> Rater {
        if let rater = try store.rater(id) { return rater }
        throw ServiceError(
            Self.unknown("rater", id, among: try store.ids(of: .rater, startingWith: String(id.prefix(1))), hint: "add it with 'rater add \(id)'"))
    }

    public func student(_ id: String) throws -> Student {
        if let student = try store.student(id) { return student }
        throw ServiceError(
            Self.unknown("student", id, among: try store.ids(of: .student, startingWith: String(id.prefix(1))), hint: "add it with 'student add \(id)'"))
    }

    public static func unknown(_ kind: String, _ id: String, among candidates: some Sequence<String>, hint: String) -> String {
        var message = "unknown \(kind) '\(Quoting.visible(id))'"
        if let near = Suggestion.nearest(to: id, among: candidates) {
            message += "; did you mean '\(near)'?"
        } else {
            message += " (\(hint))"
        }
        return message
    }
}
