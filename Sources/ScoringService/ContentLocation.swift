import Foundation
import ScoringCore

/// Where the rubric and task files live.
public struct ContentLocation: Sendable {
    public var rubrics: String
    public var bank: String
    /// Where an assembled bank is kept for the next shell on the same files; nil: none.
    public var cache: BankCache?

    public init(rubrics: String, bank: String, cache: BankCache? = nil) {
        self.rubrics = rubrics
        self.bank = bank
        self.cache = cache
    }

    /// The framework's file name inside the bank folder.
    public static let frameworkFile = "competencies.yaml"

    /// Reads every `*.yaml` file and assembles the bank; a missing folder is an error, a bad
    /// file is a problem in the bank. With a cache, a bank assembled before from exactly these
    /// files and snapshots is taken from it instead (the same bank: `BankCache`).
    public func load(snapshots: [RubricVersionKey: String]) throws -> Bank {
        let rubricFiles = try Self.yamlFiles(in: rubrics, what: "rubrics")
        var taskFiles = try Self.yamlFiles(in: bank, what: "task bank")
        let frameworkIndex = taskFiles.firstIndex { $0.id + ".yaml" == Self.frameworkFile }
        let framework = frameworkIndex.map { taskFiles.remove(at: $0) }
        guard let cache,
            let key = BankCache.key(rubrics: rubricFiles, tasks: taskFiles, framework: framework, snapshots: snapshots)
        else {
            return Bank.assemble(rubrics: rubricFiles, tasks: taskFiles, framework: framework, snapshots: snapshots)
        }
        let path = cache.path(for: self)
        if let kept = cache.bank(for: key, at: path) { return kept }
        let bank = Bank.assemble(rubrics: rubricFiles, tasks: taskFiles, framework: framework, snapshots: snapshots)
        cache.keep(bank, for: key, at: path)
        return bank
    }

    private static func yamlFiles(in folder: String, what: String) throws -> [Bank.SourceFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw ServiceError("cannot read the \(what) folder '\(folder)': it does not exist or is not readable")
        }
        var files: [Bank.SourceFile] = []
        for name in names.sorted() where name.hasSuffix(".yaml") && !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let id = String(name.dropLast(5))
            guard let data = FileManager.default.contents(atPath: path) else {
                files.append(Bank.SourceFile(path: path, id: id, problem: "the file cannot be read"))
                continue
            }
            // The NUL test looks at bytes: `contains` with a string argument is Foundation's
            // search, a tenth of a shell's start-up over the bank's seventeen files.
            guard let text = String(data: data, encoding: .utf8), !text.utf8.contains(0) else {
                files.append(Bank.SourceFile(path: path, id: id, problem: "the file is not UTF-8 text"))
                continue
            }
            files.append(Bank.SourceFile(path: path, id: id, text: text))
        }
        return files
    }
}
