import ArgumentParser
import ScoringCore
import ScoringService
import ScoringStore

struct ExportStore: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Copy the whole store into a new SQLite file (the coordinator's): rosters, rubric versions, work, calibration and every read with its history.",
        discussion: """
            Works from a server or a SQLite store, read at one moment. The copy keeps every read's id, the \
            corrections and the reads they replaced, and is a store of its own: open it with --db FILE, or move \
            it onto another store with 'import store'. Work assignments (response codes) stay where they were \
            handed out. The file must not exist: it is written beside its name, mode 0600, flushed to disk and \
            put in place in one step, and a failed export leaves nothing.
            """)

    @Argument(help: "The new file to write (FILE.sqlite); an existing file is never written over.")
    var file: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        try shell.service.checkMayMoveStore("export the store")
        let summary = try FileOutput.create(file, by: "export store", protecting: shell.service.storeFile) { temporary in
            let summary = try shell.service.exportStore(intoEmptyFile: temporary)
            let students = summary.kinds.first { $0.name == "students" }?.count.added ?? 0
            try shell.service.audit("export store", detail: file, students: students)
            return summary
        }
        let kinds = summary.kinds
        var json: [(String, JSONValue)] = [("file", .string(file))]
        // Written into an empty store, everything is added, and a read that corrects another too.
        json += kinds.map { (TextTable.snakeCase($0.name), JSONValue.int($0.count.added + $0.count.corrected)) }
        let corrections = summary.reads.corrected
        let listed = kinds.filter { $0.name != "reads" && $0.count.added > 0 }.map { Format.count($0.count.added, String($0.name.dropLast())) }
        var text = "wrote \(file): \(Format.count(summary.reads.added + corrections, "read"))"
        if corrections > 0 { text += " (\(corrections) of them \(corrections == 1 ? "a correction" : "corrections"))" }
        if !listed.isEmpty { text += ", " + listed.joined(separator: ", ") }
        return .output(CommandOutput(
            json: .object(json),
            table: TextTable(
                columns: ["what", "written"], rows: kinds.map { [$0.name, String($0.count.added + $0.count.corrected)] }, numericColumns: [1]),
            text: text))
    }
}

struct ImportStore: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move a SQLite store onto this one (the coordinator's), all or nothing; reads already here are skipped, differing ones become corrections.",
        discussion: """
            Raters, students, rubric versions, stored work and calibration sessions are added when missing; one \
            present here with other attributes or content is a conflict, and any conflict refuses the whole \
            import, listing them all. Reads are replayed in the order they were recorded: a read this store \
            already holds (the same slot, scores, note and time given), or one that says what the current read \
            says, is skipped; one that differs from the current read is recorded as its correction, as 'import \
            scores' does. Into a store without reads every read keeps its id. The file is only read.
            """)

    @Argument(help: "The SQLite store file to import (one 'export store' wrote, or any ScoreBench store file).")
    var file: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let summary = try shell.service.importStore(path: file, name: file)
        let kinds = summary.kinds
        let counts = { (count: StoreMergeSummary.Count) -> JSONValue in
            .object([
                ("in_file", .int(count.inFile)), ("added", .int(count.added)), ("corrected", .int(count.corrected)),
                ("unchanged", .int(count.unchanged)),
            ])
        }
        var json: [(String, JSONValue)] = [("file", .string(file)), ("ids_kept", .bool(summary.idsKept))]
        json += kinds.map { (TextTable.snakeCase($0.name), counts($0.count)) }
        let table = TextTable(
            columns: ["what", "in file", "added", "corrected", "unchanged"],
            rows: kinds.map { [$0.name, String($0.count.inFile), String($0.count.added), String($0.count.corrected), String($0.count.unchanged)] },
            numericColumns: [1, 2, 3, 4])
        let reads = summary.reads
        var text = "imported \(file): \(Format.count(reads.inFile, "read")) — \(reads.added) added, \(reads.corrected) corrected, \(reads.unchanged) unchanged"
        if summary.idsKept, reads.added > 0 { text += " (ids kept)" }
        return .output(CommandOutput(json: .object(json), table: table, text: text + "\n" + table.aligned))
    }
}
