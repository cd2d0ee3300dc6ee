import Foundation
import ScoringCore
import ScoringStore

/// The state of one shell session, shared by every command: the store, the loaded content, the
/// output format and who is at the keyboard.
public final class ShellContext {
    public let store: any Store
    public private(set) var bank: Bank
    public var format: OutputFormat
    /// The rater this shell acts as (`--as`, `as`); nil for the coordinator at their own store,
    /// who sees everything.
    public var identity: Rater?
    /// The identity was given on the command line (`--as`): `as` may not change or drop it.
    public var identityIsFixed = false
    public let content: ContentLocation
    /// The database path as the user gave it, for messages.
    public let databasePath: String
    /// Whether standard input is free to hold data (`import scores -`): not when it is the
    /// terminal or the commands themselves come from it.
    public var standardInputIsFree = false
    private let clock: () -> Timestamp

    public init(
        store: any Store, bank: Bank, content: ContentLocation, databasePath: String, format: OutputFormat = .table,
        clock: @escaping () -> Timestamp = ShellContext.systemClock
    ) {
        self.store = store
        self.bank = bank
        self.content = content
        self.databasePath = databasePath
        self.format = format
        self.clock = clock
    }

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

    /// The path an import reads and the name its messages use: `-` and `/dev/stdin` are
    /// standard input, when it is not where the commands come from.
    func importSource(_ file: String) throws -> (path: String, name: String) {
        guard file == "-" || file == "/dev/stdin" else { return (file, file) }
        guard standardInputIsFree else {
            throw CommandError(
                "standard input holds the commands; give the file's name, or pipe the file in and give the commands with -c or -f")
        }
        return ("-", "standard input")
    }

    // MARK: - Look-ups that explain themselves

    public func task(_ id: String) throws -> AssessmentTask {
        if let task = bank.tasks[id] { return task }
        if let problem = bank.rejectedTasks[id] {
            throw CommandError("task '\(id)' did not load: \(problem)")
        }
        throw CommandError(Self.unknown("task", id, among: bank.tasks.keys, hint: "see 'task list'"))
    }

    public func rubric(_ id: String) throws -> Rubric {
        if let rubric = bank.rubrics[id] { return rubric }
        if let problem = bank.rejectedRubrics[id] {
            throw CommandError("rubric '\(id)' did not load: \(problem)")
        }
        throw CommandError(Self.unknown("rubric", id, among: bank.rubrics.keys, hint: "see 'rubric list'"))
    }

    /// The component of `task` named `component` (nil: the task's only component) and its rubric.
    public func component(_ component: String?, of task: AssessmentTask) throws -> (AssessmentTask.Component, Rubric) {
        let name = component ?? (task.isSinglePart ? AssessmentTask.mainComponent : "")
        if name.isEmpty {
            throw CommandError(
                "task \(task.id) has components \(task.components.map(\.id).joined(separator: ", ")); name one with --component")
        }
        guard let part = task.component(name) else {
            throw CommandError(ComponentProblem.message(task: task, component: name))
        }
        return (part, try rubric(part.rubric))
    }

    public func rater(_ id: String) throws -> Rater {
        if let rater = try store.rater(id) { return rater }
        throw CommandError(
            Self.unknown("rater", id, among: try store.ids(of: .rater, startingWith: String(id.prefix(1))), hint: "add it with 'rater add \(id)'"))
    }

    public func student(_ id: String) throws -> Student {
        if let student = try store.student(id) { return student }
        throw CommandError(
            Self.unknown("student", id, among: try store.ids(of: .student, startingWith: String(id.prefix(1))), hint: "add it with 'student add \(id)'"))
    }

    static func unknown(_ kind: String, _ id: String, among candidates: some Sequence<String>, hint: String) -> String {
        var message = "unknown \(kind) '\(Quoting.visible(id))'"
        if let near = Suggestion.nearest(to: id, among: candidates) {
            message += "; did you mean '\(near)'?"
        } else {
            message += " (\(hint))"
        }
        return message
    }
}

/// Where the rubric and task files live.
public struct ContentLocation: Sendable {
    public var rubrics: String
    public var bank: String

    public init(rubrics: String, bank: String) {
        self.rubrics = rubrics
        self.bank = bank
    }

    /// The framework's file name inside the bank folder.
    public static let frameworkFile = "competencies.yaml"

    /// Reads every `*.yaml` file and assembles the bank; a missing folder is an error, a bad
    /// file is a problem in the bank.
    public func load(snapshots: [RubricVersionKey: String]) throws -> Bank {
        let rubricFiles = try Self.yamlFiles(in: rubrics, what: "rubrics")
        var taskFiles = try Self.yamlFiles(in: bank, what: "task bank")
        let frameworkIndex = taskFiles.firstIndex { $0.id + ".yaml" == Self.frameworkFile }
        let framework = frameworkIndex.map { taskFiles.remove(at: $0) }
        return Bank.assemble(rubrics: rubricFiles, tasks: taskFiles, framework: framework, snapshots: snapshots)
    }

    private static func yamlFiles(in folder: String, what: String) throws -> [Bank.SourceFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw CommandError("cannot read the \(what) folder '\(folder)': it does not exist or is not readable")
        }
        var files: [Bank.SourceFile] = []
        for name in names.sorted() where name.hasSuffix(".yaml") && !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let id = String(name.dropLast(5))
            guard let data = FileManager.default.contents(atPath: path) else {
                files.append(Bank.SourceFile(path: path, id: id, problem: "the file cannot be read"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else {
                files.append(Bank.SourceFile(path: path, id: id, problem: "the file is not UTF-8 text"))
                continue
            }
            files.append(Bank.SourceFile(path: path, id: id, text: text))
        }
        return files
    }
}

/// A command's failure: what is wrong, and for some (an import) every bad line.
public struct CommandError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var details: [String]

    public init(_ message: String, details: [String] = []) {
        self.message = message
        self.details = details
    }

    public var description: String { message }
}
