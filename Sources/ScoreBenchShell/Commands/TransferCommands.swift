import ArgumentParser
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

struct ImportGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data from a file.",
        subcommands: [ImportScores.self, ImportStudents.self, ImportSubmissions.self, ImportStore.self, ImportFramework.self])
}

struct ImportScores: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores",
        abstract: "Import reads from a scores CSV, all or nothing.",
        discussion: """
            Columns: student, task, rater, criterion, score (required); component, kind, scored_at, note, session, \
            code (optional). A file ending in .json (or starting with '[') is read as 'export scores FILE.json' \
            writes it: an array of reads with their scores. One row per criterion; the rows of one (student, task, component, rater, kind) form a read \
            and must cover every criterion. On any error nothing is imported and every bad line is reported with \
            its line number. Importing the same file again changes nothing.
            """)

    @Argument(help: "The CSV file; - reads standard input (when the commands come from -c or -f).")
    var file: String

    @Flag(help: "Add students and raters that are not on the rosters instead of refusing them.")
    var addMissing = false

    func execute(in shell: ShellContext) throws -> ShellResult {
        let source = try shell.importSource(file)
        let summary = try shell.service.importScores(path: source.path, name: source.name, addMissing: addMissing)
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
        let counted = summary.rows == summary.reads
            ? Format.count(summary.reads, "read") : "\(Format.count(summary.rows, "row")), \(Format.count(summary.reads, "read"))"
        var text = "imported \(summary.file): \(counted) — \(summary.recorded) recorded, \(summary.corrected) corrected, \(summary.unchanged) unchanged"
        let added = [(summary.studentsAdded, "student"), (summary.ratersAdded, "rater")].filter { $0.0 > 0 }
        if !added.isEmpty {
            text += "\n  added \(added.map { Format.count($0.0, $0.1) }.joined(separator: " and ")) to the rosters"
        }
        return .output(CommandOutput(json: json, table: table, text: text))
    }
}

struct ImportStudents: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "students",
        abstract: "Add or update students from a roster CSV (id, grade, school, groups), all or nothing.",
        discussion: """
            Column 'id' is required; 'grade', 'school' and 'groups' (separated by ';', e.g. ell;frl) are optional. \
            A student already on the roster takes the file's attributes exactly; one not yet on it is added. On \
            any error nothing changes and every bad line is reported.
            """)

    @Argument(help: "The CSV file; - reads standard input (when the commands come from -c or -f).")
    var file: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let source = try shell.importSource(file)
        let summary = try shell.service.importStudents(path: source.path, name: source.name)
        let json = JSONValue.object([
            ("file", .string(summary.file)), ("rows", .int(summary.rows)), ("added", .int(summary.added)),
            ("updated", .int(summary.updated)), ("unchanged", .int(summary.unchanged)),
        ])
        let table = TextTable(
            columns: ["file", "rows", "added", "updated", "unchanged"],
            rows: [[summary.file, String(summary.rows), String(summary.added), String(summary.updated), String(summary.unchanged)]],
            numericColumns: [1, 2, 3, 4])
        let text = "imported \(summary.file): \(Format.count(summary.rows, "student")) — \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged"
        return .output(CommandOutput(json: json, table: table, text: text))
    }
}

struct ExportGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write results to a CSV file (or JSON when the name ends in .json), or the whole store to a new one.",
        subcommands: [
            ExportScores.self, ExportDecisions.self, ExportProficiency.self, ExportPublic.self, ExportClr.self, ExportStore.self, ExportRubric.self,
        ])
}

struct ExportScores: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores",
        abstract: "Write current reads to a file: CSV, or JSON when the name ends in .json; 'import scores' reads both back.",
        discussion: "Every field of a read is written (session, note, condition code), so an import of the file changes nothing.")

    @Argument(help: "The file to write; .json for JSON, anything else for CSV.")
    var file: String

    @Option(help: "Only this task.")
    var task: String?

    func execute(in shell: ShellContext) throws -> ShellResult {
        let reads = try shell.service.reads(ReadFilter(task: task))
        var rows = 0
        let contents: String
        if file.lowercased().hasSuffix(".json") {
            contents = JSONValue.array(reads.map(ReadListing.exportJSON)).encoded + "\n"
            rows = reads.count
        } else {
            let table = try ReadListing.csvTable(reads)
            contents = table.csv
            rows = table.rows.count
        }
        try shell.writeStudentData(
            contents, to: file, action: "export scores", detail: task.map { "task \($0)" } ?? "",
            students: Set(reads.map(\.student)).count)
        return .output(FileOutput.summary(file: file, rows: rows, reads: reads.count))
    }
}

struct ExportDecisions: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "Write the decisions of a task (or of every task) to a file: CSV, or JSON as 'decide' prints it.",
        discussion: "CSV has one row per submission component: student, task, task status and proficiency, then the component's status, combined score, level, proficiency, condition code and each criterion's final score as criterion=score pairs.")

    @Argument(help: "The file to write; .json for JSON, anything else for CSV.")
    var file: String

    @Option(help: "Only this task (default: every task).")
    var task: String?

    func execute(in shell: ShellContext) throws -> ShellResult {
        let tasks = task.map { [$0] } ?? shell.service.bank.tasks.keys.sorted()
        var decisions: [TaskDecision] = []
        for task in tasks { decisions += try shell.service.decisions(task: task, student: nil) }
        var rows = 0
        let contents: String
        if file.lowercased().hasSuffix(".json") {
            contents = JSONValue.array(decisions.map(\.json)).encoded + "\n"
            rows = decisions.count
        } else {
            var csv = CSVWriter.record([
                "student", "task", "task_status", "task_proficient", "component", "status", "score", "level", "proficient", "code", "finals",
            ]) + "\n"
            for decision in decisions {
                for component in decision.components {
                    let resolution = component.resolution
                    let finals = zip(resolution.criteria, resolution.finals ?? []).map { "\($0)=\(Format.number($1))" }
                    csv += CSVWriter.record([
                        decision.student, decision.task, decision.status.rawValue, Decisions.yesNo(decision.proficient),
                        component.component, resolution.status.rawValue, resolution.score.map { Format.number($0) } ?? "",
                        resolution.level ?? "", Decisions.yesNo(resolution.proficient), resolution.code?.spelling ?? "",
                        finals.joined(separator: ";"),
                    ]) + "\n"
                    rows += 1
                }
            }
            contents = csv
        }
        try shell.writeStudentData(
            contents, to: file, action: "export decisions", detail: task.map { "task \($0)" } ?? "",
            students: Set(decisions.map(\.student)).count)
        return .output(FileOutput.summary(file: file, rows: rows, of: decisions.count, "submission"))
    }
}

struct ExportProficiency: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "proficiency",
        abstract: "Write every student's competency roll-ups to a file: CSV, or JSON as 'proficiency' prints it.",
        discussion: """
            With --by, the counts of 'proficiency --by' instead: per competency all students and each group, \
            with the cells that could identify students withheld (empty in CSV, with the reason in 'withheld'; \
            null in JSON).
            """)

    @Argument(help: "The file to write; .json for JSON, anything else for CSV.")
    var file: String

    @Option(help: ArgumentHelp("Counts by school, grade or group instead of one row per student.", valueName: "attribute"))
    var by: GroupingAttribute?

    func execute(in shell: ShellContext) throws -> ShellResult {
        if let by { return try exportSummary(by: by, in: shell) }
        let rollup = try shell.service.competencyRollup()
        let students = try shell.service.proficiency(rollup: rollup, only: nil)
        let listing = Proficiency.listing(students, rollup: rollup, competency: nil)
        let contents: String
        var rows = 0
        if file.lowercased().hasSuffix(".json") {
            contents = listing.json.encoded + "\n"
            rows = listing.table?.rows.count ?? 0
        } else {
            var csv = CSVWriter.record(["student", "competency", "method", "evidence", "value", "proficient"]) + "\n"
            for student in students {
                for (index, result) in student.results.enumerated() where result.hasEvidence {
                    csv += CSVWriter.record([
                        student.student, rollup.competencies[index].id, result.method.rawValue, String(result.evidence),
                        result.value.map { Format.number($0) } ?? "", result.proficient ? "yes" : "no",
                    ]) + "\n"
                    rows += 1
                }
            }
            contents = csv
        }
        try shell.writeStudentData(contents, to: file, action: "export proficiency", students: students.count)
        return .output(FileOutput.summary(file: file, rows: rows, of: students.count, "student"))
    }

    /// The suppressed counts of `proficiency --by`: the rows it prints, in its order.
    private func exportSummary(by attribute: GroupingAttribute, in shell: ShellContext) throws -> ShellResult {
        let summary = try shell.service.equity(by: attribute)
        let contents: String
        if file.lowercased().hasSuffix(".json") {
            contents = JSONValue.array(summary.rows.map(\.json)).encoded + "\n"
        } else {
            var csv = CSVWriter.record([attribute.rawValue, "competency", "students", "proficient", "rate", "withheld"]) + "\n"
            for row in summary.rows {
                let withheld: String
                switch row.suppression {
                case .shown: withheld = ""
                case .tooFewStudents: withheld = "fewer than \(GroupSummary.minimumStudents) students"
                case .complementary: withheld = "would let a withheld count be worked out"
                }
                csv += CSVWriter.record([
                    row.group ?? "", row.competency, String(row.students), row.proficient.map(String.init) ?? "",
                    row.rate.map { Format.number($0) } ?? "", withheld,
                ]) + "\n"
            }
            contents = csv
        }
        let students = summary.rows.filter { $0.group == nil }.map(\.students).max() ?? 0
        try shell.writeStudentData(contents, to: file, action: "export proficiency", detail: "counts by \(attribute.rawValue)", students: students)
        let groups = Set(summary.rows.compactMap(\.group)).count
        return .output(FileOutput.summary(file: file, rows: summary.rows.count, of: groups, attribute == .group ? "group" : attribute.rawValue))
    }
}
