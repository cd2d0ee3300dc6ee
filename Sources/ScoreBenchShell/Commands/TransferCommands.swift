import ArgumentParser
import Foundation
import ScoringCore
import ScoringStore

struct ImportGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data from a file.", subcommands: [ImportScores.self])
}

struct ImportScores: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores",
        abstract: "Import reads from a scores CSV, all or nothing.",
        discussion: """
            Columns: student, task, rater, criterion, score (required); component, kind, scored_at, note, session \
            (optional). One row per criterion; the rows of one (student, task, component, rater, kind) form a read \
            and must cover every criterion. On any error nothing is imported and every bad line is reported with \
            its line number. Importing the same file again changes nothing.
            """)

    @Argument(help: "The CSV file.")
    var file: String

    @Flag(help: "Add students and raters that are not on the rosters instead of refusing them.")
    var addMissing = false

    func execute(in shell: ShellContext) throws -> ShellResult {
        let summary = try shell.store.importScores(path: file, bank: shell.bank, addMissing: addMissing, at: shell.now())
        let json = JSONValue.object([
            ("file", .string(summary.file)), ("rows", .int(summary.rows)), ("reads", .int(summary.reads)),
            ("recorded", .int(summary.recorded)), ("corrected", .int(summary.corrected)), ("unchanged", .int(summary.unchanged)),
            ("students_added", .int(summary.studentsAdded)), ("raters_added", .int(summary.ratersAdded)),
        ])
        let table = TextTable(
            columns: ["file", "rows", "reads", "recorded", "corrected", "unchanged", "students added", "raters added"],
            rows: [[
                summary.file, String(summary.rows), String(summary.reads), String(summary.recorded), String(summary.corrected),
                String(summary.unchanged), String(summary.studentsAdded), String(summary.ratersAdded),
            ]], numericColumns: Set(1...7))
        var text = "imported \(summary.file): \(Format.count(summary.rows, "row")), \(Format.count(summary.reads, "read")) — \(summary.recorded) recorded, \(summary.corrected) corrected, \(summary.unchanged) unchanged"
        if summary.studentsAdded + summary.ratersAdded > 0 {
            text += "\n  added \(Format.count(summary.studentsAdded, "student")) and \(Format.count(summary.ratersAdded, "rater")) to the rosters"
        }
        return .output(CommandOutput(json: json, table: table, text: text))
    }
}

struct ExportGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write results to a CSV file (or JSON when the name ends in .json).",
        subcommands: [ExportScores.self])
}

struct ExportScores: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores",
        abstract: "Write current reads to a file: CSV that 'import scores' reads back, or JSON.")

    @Argument(help: "The file to write; .json for JSON, anything else for CSV.")
    var file: String

    @Option(help: "Only this task.")
    var task: String?

    func execute(in shell: ShellContext) throws -> ShellResult {
        if let task { _ = try shell.task(task) }
        let reads = try shell.visible(try shell.store.currentReads(ScoreStore.ReadFilter(task: task)))
        var rows = 0
        let contents: String
        if file.lowercased().hasSuffix(".json") {
            contents = JSONValue.array(reads.map { .object(ReadListing.json($0)) }).encoded + "\n"
            rows = reads.count
        } else {
            var csv = CSVWriter.record(["student", "task", "component", "rater", "kind", "session", "criterion", "score", "scored_at", "note"]) + "\n"
            for read in reads {
                for score in read.scores {
                    csv += CSVWriter.record([
                        read.student, read.task, read.component, read.rater, read.kind.rawValue, read.session ?? "",
                        score.criterion, String(score.score), read.scoredAt.description, read.note ?? "",
                    ]) + "\n"
                    rows += 1
                }
            }
            contents = csv
        }
        try FileOutput.write(contents, to: file)
        return .output(FileOutput.summary(file: file, rows: rows, reads: reads.count))
    }
}

/// Writes export files whole or not at all.
enum FileOutput {
    /// Writes to a temporary file beside `path`, then renames it over `path`, so a failed export
    /// never leaves a half-written file where a good one was.
    static func write(_ contents: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        let folder = url.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandError("cannot write \(path): there is no folder \(folder.path)")
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        do {
            try Data(contents.utf8).write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: url)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CommandError("cannot write \(path): \(ScoreStore.reason(error))")
        }
    }

    static func summary(file: String, rows: Int, reads: Int) -> CommandOutput {
        CommandOutput(
            json: .object([("file", .string(file)), ("rows", .int(rows)), ("reads", .int(reads))]),
            table: TextTable(columns: ["file", "rows", "reads"], rows: [[file, String(rows), String(reads)]], numericColumns: [1, 2]),
            text: rows == reads ? "wrote \(file): \(Format.count(reads, "read"))" : "wrote \(file): \(Format.count(reads, "read")) in \(Format.count(rows, "row"))")
    }
}
