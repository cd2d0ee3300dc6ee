import ArgumentParser
import ScoringCore
import ScoringService

struct HelpCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "help", abstract: "List the commands, or show one command's usage and options ('\\?' too).", aliases: ["\\?"])

    @Argument(help: "A command, e.g. 'task show'.")
    var command: [String] = []

    func execute(in shell: ShellContext) throws -> ShellResult {
        .output(try Self.help(for: command, format: shell.format))
    }

    /// The list of commands, or one command's help.
    ///
    /// - Parameter format: the format it will be shown in. The list as a table names each
    ///   command and what it does; only CSV and JSON carry every command's usage, which
    ///   ArgumentParser works out by reflection (three quarters of a `-c help`'s time).
    static func help(for command: [String], format: OutputFormat = .json) throws -> CommandOutput {
        if command.isEmpty {
            let entries = CommandTable.leaves.filter(\.isShown)
            let usages = format == .table ? entries.map { _ in "" } : entries.map { CommandTable.usage(of: $0) }
            let table = TextTable(
                columns: ["command", "usage", "does"],
                rows: entries.indices.map { [entries[$0].path.joined(separator: " "), usages[$0], entries[$0].abstract] })
            var text = "Commands (type 'help COMMAND' for its usage and options):\n\n"
            let names = entries.map { $0.path.joined(separator: " ") }
            let width = names.map(\.count).max() ?? 0
            for (name, entry) in zip(names, entries) {
                text += "  " + name + String(repeating: " ", count: width - name.count) + "  " + entry.abstract + "\n"
            }
            let json = JSONValue.array(
                entries.indices.map {
                    .object([
                        ("command", .string(entries[$0].path.joined(separator: " "))), ("usage", .string(usages[$0])),
                        ("abstract", .string(entries[$0].abstract)),
                    ])
                })
            return CommandOutput(json: json, table: table, text: text)
        }
        let (entry, length) = try CommandTable.resolve(command)
        if length < command.count {
            throw ServiceError("unknown command '\(command.joined(separator: " "))' (type 'help' for the list)")
        }
        let help = CommandTable.help(of: entry)
        let json = JSONValue.object([
            ("command", .string(entry.path.joined(separator: " "))), ("usage", .string(CommandTable.usage(of: entry))),
            ("abstract", .string(entry.abstract)), ("help", .string(help)),
        ])
        return CommandOutput(json: json, table: TextTable(columns: ["help"], rows: [[help]]), text: help)
    }
}

struct SetGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change a setting of this session.", subcommands: [SetFormat.self])
}

extension OutputFormat: ExpressibleByArgument {}

struct SetFormat: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "format", abstract: "Choose the output format for the rest of the session: table, csv or json.")

    @Argument(help: "table (aligned, for people), csv (for spreadsheets) or json (one line per command, for scripts).")
    var format: OutputFormat

    func execute(in shell: ShellContext) throws -> ShellResult {
        shell.format = format
        return .output(
            CommandOutput(
                json: .object([("format", .string(format.rawValue))]),
                table: TextTable(columns: ["format"], rows: [[format.rawValue]]), text: "output format: \(format.rawValue)"))
    }
}

struct AsCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "as",
        abstract: "Act as a rater (what they may see), or show who this shell acts as.",
        discussion: """
            A shell acting as a rater never sees master reads, or other raters' reads, of the anchors of an \
            open calibration session. Without an identity (or as a lead) a shell sees everything. \
            'as --nobody' drops the identity. A shell started with --as keeps that identity: 'as' only shows it. \
            On a store file this is a view for the person at the keyboard, not access control.
            """)

    @Argument(help: "The rater to act as.")
    var rater: String?

    @Flag(help: "Act as nobody: the coordinator's view.")
    var nobody = false

    func validate() throws {
        if nobody && rater != nil { throw ValidationError("give a rater or --nobody, not both") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        if nobody || rater != nil { try shell.service.act(as: rater) }
        let json = JSONValue.object([
            ("rater", .string(shell.service.identity?.id)), ("role", .string(shell.service.identity?.role.rawValue)),
        ])
        let text = shell.service.identity.map { "acting as \($0.id) (\($0.role.rawValue))" } ?? "acting as nobody (the coordinator's view)"
        return .output(
            CommandOutput(
                json: json, table: TextTable(columns: ["rater", "role"], rows: [[shell.service.identity?.id ?? "", shell.service.identity?.role.rawValue ?? ""]]),
                text: text))
    }
}

struct CheckCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every rubric, task and the competency framework; fail if any file was rejected.")

    func execute(in shell: ShellContext) throws -> ShellResult {
        let bank = try shell.service.reload()
        guard bank.problems.isEmpty else {
            throw ServiceError(
                "\(bank.problems.count) content file\(bank.problems.count == 1 ? " was" : "s were") rejected",
                details: bank.problems.map(\.description))
        }
        let summary = ContentSummary(bank)
        return .output(CommandOutput(json: summary.json, table: summary.table, text: summary.text))
    }
}

struct ReloadCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload", abstract: "Read the rubric and task files again, e.g. after editing one.")

    func execute(in shell: ShellContext) throws -> ShellResult {
        let bank = try shell.service.reload()
        let summary = ContentSummary(bank)
        var text = summary.text
        for problem in bank.problems { text += "\nrejected: \(problem)" }
        return .output(CommandOutput(json: summary.json, table: summary.table, text: text))
    }
}

/// Counts of what loaded, and what did not.
struct ContentSummary {
    var json: JSONValue
    var table: TextTable
    var text: String

    init(_ bank: Bank) {
        let framework = bank.framework?.competencies.count ?? 0
        json = .object([
            ("rubrics", .int(bank.rubrics.count)), ("tasks", .int(bank.tasks.count)), ("competencies", .int(framework)),
            ("rejected", .array(bank.problems.map { .string($0.description) })),
        ])
        table = TextTable(
            columns: ["rubrics", "tasks", "competencies", "rejected"],
            rows: [[String(bank.rubrics.count), String(bank.tasks.count), String(framework), String(bank.problems.count)]])
        text = "\(bank.rubrics.count) rubrics, \(bank.tasks.count) tasks, \(framework) competencies"
        if !bank.problems.isEmpty { text += "; \(bank.problems.count) file\(bank.problems.count == 1 ? "" : "s") rejected" }
    }
}

struct QuitCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "quit", abstract: "Leave the shell (Ctrl-D, 'exit' and psql's '\\q' do the same).", aliases: ["exit", "\\q"])

    func execute(in shell: ShellContext) throws -> ShellResult { .quit }
}
