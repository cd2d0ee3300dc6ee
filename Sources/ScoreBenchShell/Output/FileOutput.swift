import Foundation
import ScoringCore
import ScoringService

/// Writes the files commands produce through the service's `OutputFile`, and words their summaries.
enum FileOutput {
    /// Writes `contents` to `path` whole or not at all (see `OutputFile.write`).
    static func write(_ contents: String, to path: String, protecting store: String?, audit: (() throws -> Void)? = nil) throws {
        try OutputFile.write(contents, to: path, protecting: store, audit: audit)
    }

    /// Creates `path` as a new file, never over anything (see `OutputFile.create`).
    static func create<T>(_ path: String, by command: String, protecting store: String?, _ fill: (String) throws -> T) throws -> T {
        try OutputFile.create(path, by: command, protecting: store, fill)
    }

    /// Whether two paths name one existing file (the same device and inode, so a hard link or a
    /// symbolic link to it matches too).
    static func isSameFile(_ path: String, _ other: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(path, &first) == 0, stat(other, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    static func summary(file: String, rows: Int, reads: Int) -> CommandOutput {
        CommandOutput(
            json: .object([("file", .string(file)), ("rows", .int(rows)), ("reads", .int(reads))]),
            table: TextTable(columns: ["file", "rows", "reads"], rows: [[file, String(rows), String(reads)]], numericColumns: [1, 2]),
            text: rows == reads ? "wrote \(file): \(Format.count(reads, "read"))" : "wrote \(file): \(Format.count(reads, "read")) in \(Format.count(rows, "row"))")
    }

    /// The summary of an export of `count` things of `kind` (submissions, students) in `rows` rows.
    static func summary(file: String, rows: Int, of count: Int, _ kind: String) -> CommandOutput {
        let key = kind + "s"
        return CommandOutput(
            json: .object([("file", .string(file)), ("rows", .int(rows)), (key, .int(count))]),
            table: TextTable(columns: ["file", "rows", key], rows: [[file, String(rows), String(count)]], numericColumns: [1, 2]),
            text: "wrote \(file): \(Format.count(count, kind)) in \(Format.count(rows, "row"))")
    }
}
