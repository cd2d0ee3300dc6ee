import ArgumentParser
import ScoringCore
import ScoringService

struct ImportFramework: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "framework",
        abstract: "Replace the competency framework with a 1EdTech CASE 1.1 package (CFPackage JSON), all or nothing.",
        discussion: """
            Each CFItem becomes a competency: id = humanCodingScheme (else identifier), name = fullStatement, \
            parent from isChildOf associations, and its CASE identifier and uri kept under 'case'; the \
            CFDocument's title names the framework. Roll-up rules are not in CASE: those of the framework file \
            there now are kept for every competency id the package still has, and a new competency follows the \
            framework's method with the proficient_at most others use. Writes competencies.yaml in the bank \
            folder and reloads. A malformed package, an item code that cannot be an id, a cycle, or a package \
            without a competency a rubric is evidence for writes nothing.
            """)

    @Argument(help: "The CASE package (CFPackage JSON); - reads standard input (when the commands come from -c or -f).")
    var file: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let source = try shell.importSource(file)
        let summary = try shell.service.importFramework(path: source.path, name: source.name)
        let json = JSONValue.object([
            ("file", .string(summary.file)), ("written", .string(summary.written)), ("framework", .string(summary.framework)),
            ("document", .string(summary.document)), ("competencies", .int(summary.competencies)),
            ("with_parent", .int(summary.withParent)), ("added", .array(summary.added.map(JSONValue.string))),
            ("kept", .array(summary.kept.map(JSONValue.string))), ("removed", .array(summary.removed.map(JSONValue.string))),
        ])
        let table = TextTable(
            columns: ["file", "framework", "competencies", "with parent", "added", "kept", "removed"],
            rows: [[
                summary.file, summary.framework, String(summary.competencies), String(summary.withParent),
                String(summary.added.count), String(summary.kept.count), String(summary.removed.count),
            ]], numericColumns: [2, 3, 4, 5, 6])
        var text = "imported \(summary.file): \(Format.count(summary.competencies, "competency", plural: "competencies")) of "
            + "\"\(summary.framework)\" (\(summary.withParent) with a parent) — \(summary.added.count) added, "
            + "\(summary.kept.count) kept their roll-up rules, \(summary.removed.count) removed\n  wrote \(summary.written)"
        for (label, ids) in [("added", summary.added), ("removed", summary.removed)] where !ids.isEmpty {
            text += "\n  \(label): \(ids.joined(separator: ", "))"
        }
        return .output(CommandOutput(json: json, table: table, text: text))
    }
}

struct ExportRubric: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric",
        abstract: "Write a rubric as a 1EdTech CASE 1.1 CFRubric (JSON): its criteria with weights and its levels with scores, labels and descriptors.",
        discussion: """
            Identifiers are UUIDs derived from the rubric id and version, so exporting a version again gives the \
            same file and a new version new identifiers; each uri is the urn:uuid: of its identifier. A criterion \
            whose competency was imported from CASE links that item (CFItemURI). lastChangeDateTime is the \
            rubric file's modification time.
            """)

    @Argument(help: "The rubric to export.")
    var rubric: String

    @Argument(help: "The file to write (FILE.json).")
    var file: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let export = try shell.service.caseRubric(rubric)
        try FileOutput.write(export.json.encoded + "\n", to: file, protecting: shell.service.storeFile)
        let json = JSONValue.object([
            ("file", .string(file)), ("rubric", .string(export.rubric)), ("version", .int(export.version)),
            ("identifier", .string(export.identifier)), ("criteria", .int(export.criteria)), ("levels", .int(export.levels)),
            ("aligned", .int(export.aligned)),
        ])
        let table = TextTable(
            columns: ["file", "rubric", "version", "identifier", "criteria", "levels", "aligned"],
            rows: [[
                file, export.rubric, String(export.version), export.identifier, String(export.criteria), String(export.levels),
                String(export.aligned),
            ]], numericColumns: [2, 4, 5, 6])
        let text = "wrote \(file): CFRubric \(export.identifier) for \(export.rubric) version \(export.version) — "
            + "\(Format.count(export.criteria, "criterion", plural: "criteria")), \(Format.count(export.levels, "level")), "
            + "\(export.aligned) aligned to CASE items"
        return .output(CommandOutput(json: json, table: table, text: text))
    }
}
