import ArgumentParser
import Foundation
import ScoringCore
import ScoringService

/// A command the shell can run: parsed from one line by ArgumentParser, then executed against
/// the session. It returns its output rather than printing, so the loop alone decides how and
/// where results and errors appear.
protocol ShellCommand: ParsableCommand {
    mutating func execute(in shell: ShellContext) throws -> ShellResult
}

/// What the loop should do after a command.
enum ShellResult {
    case output(CommandOutput)
    /// Output written a piece at a time as it is made.
    case stream(StreamedOutput)
    /// Leave the shell (`quit`).
    case quit
}

/// The root of the command table. Every command is listed here once; dispatch, `help` and tab
/// completion all read this one table.
struct CommandRoot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorebench",
        subcommands: [
            HelpCommand.self,
            TaskGroup.self, RubricGroup.self, RaterGroup.self, StudentGroup.self,
            ScoreGroup.self, ScoresCommand.self, SubmissionGroup.self, NextCommand.self, SkipCommand.self, ConfirmCommand.self,
            EventGroup.self, AgreementCommand.self, DecideCommand.self, QueueCommand.self,
            ProficiencyCommand.self, TranscriptCommand.self, ImportGroup.self, ExportGroup.self, KeyGroup.self, AuditGroup.self,
            AnchorGroup.self, SessionGroup.self, CalibrationGroup.self, MonitorCommand.self,
            RaschCommand.self, BiasCommand.self, GStudyCommand.self, DStudyCommand.self, ReportCommand.self,
            ServerGroup.self, SetGroup.self, AsCommand.self, CheckCommand.self, ReloadCommand.self, QuitCommand.self,
        ])
}

/// Walks the command table.
enum CommandTable {
    /// A command's words (`task show`) and type.
    struct Entry {
        var path: [String]
        var type: ParsableCommand.Type
        var abstract: String { type.configuration.abstract }
        var isGroup: Bool { !type.configuration.subcommands.isEmpty }
        var isShown: Bool { type.configuration.shouldDisplay }
    }

    static func name(of type: ParsableCommand.Type) -> String {
        type.configuration.commandName ?? String(describing: type).lowercased()
    }

    /// Every runnable command, in table order. Each is a `ShellCommand` (a test checks): asking
    /// the runtime, type by type, cost a sixth of a shell's start-up, a scan of every
    /// conformance in the program for each of the sixty types.
    static let leaves: [Entry] = {
        var entries: [Entry] = []
        func visit(_ type: ParsableCommand.Type, path: [String]) {
            let subcommands = type.configuration.subcommands
            // A group runs its default subcommand, entered below under the group's words.
            if subcommands.isEmpty { entries.append(Entry(path: path, type: type)) }
            for subcommand in subcommands {
                if subcommand == type.configuration.defaultSubcommand {
                    entries.append(Entry(path: path, type: subcommand))
                } else {
                    visit(subcommand, path: path + [name(of: subcommand)])
                }
            }
        }
        for type in CommandRoot.configuration.subcommands { visit(type, path: [name(of: type)]) }
        return entries
    }()

    /// The subcommand names below `path` (top-level names for an empty path).
    static func names(below path: [String]) -> [String] {
        var type: ParsableCommand.Type = CommandRoot.self
        for word in path {
            guard let next = type.configuration.subcommands.first(where: { name(of: $0) == word || $0.configuration.aliases.contains(word) }) else {
                return []
            }
            type = next
        }
        return type.configuration.subcommands.filter { $0 != type.configuration.defaultSubcommand }.map(name(of:))
    }

    /// Finds the command `words` start with, or explains why there is none.
    ///
    /// - Returns: the command's entry and how many words name it.
    static func resolve(_ words: [String]) throws -> (entry: Entry, length: Int) {
        var type: ParsableCommand.Type = CommandRoot.self
        var path: [String] = []
        for word in words {
            let subcommands = type.configuration.subcommands
            if subcommands.isEmpty { break }
            if let next = subcommands.first(where: { name(of: $0) == word || $0.configuration.aliases.contains(word) }) {
                type = next
                path.append(word)
                continue
            }
            if let fallback = type.configuration.defaultSubcommand {
                return (Entry(path: path, type: fallback), path.count)
            }
            throw ServiceError(unknownCommand(word, under: path))
        }
        let subcommands = type.configuration.subcommands
        if !subcommands.isEmpty {
            if let fallback = type.configuration.defaultSubcommand {
                return (Entry(path: path, type: fallback), path.count)
            }
            let choices = subcommands.map { (path + [name(of: $0)]).joined(separator: " ") }
            throw ServiceError("'\(path.joined(separator: " "))' needs a subcommand: \(choices.joined(separator: ", "))")
        }
        return (Entry(path: path, type: type), path.count)
    }

    private static func unknownCommand(_ word: String, under path: [String]) -> String {
        let candidates = names(below: path)
        let what = path.isEmpty ? "unknown command" : "'\(path.joined(separator: " "))' has no subcommand"
        var message = "\(what) '\(Quoting.visible(word))'"
        if let near = Suggestion.nearest(to: word, among: candidates) {
            message += "; did you mean '\((path + [near]).joined(separator: " "))'?"
        } else if path.isEmpty {
            message += " (type 'help' for the list)"
        } else {
            message += " (choose from: \(candidates.joined(separator: ", ")))"
        }
        return message
    }

    /// One line of usage, as typed at the prompt (without the program name).
    static func usage(of entry: Entry) -> String {
        // A command with several forms is shown by its first in a one-line message.
        if let custom = entry.type.configuration.usage { return String(custom.prefix { $0 != "\n" }) }
        var usage = CommandRoot.usageString(for: entry.type)
        if usage.hasPrefix("scorebench ") { usage.removeFirst("scorebench ".count) }
        return usage
    }

    /// The full help text of a command, as typed at the prompt.
    static func help(of entry: Entry, columns: Int = 80) -> String {
        var text = CommandRoot.helpMessage(for: entry.type, columns: columns)
            .replacingOccurrences(of: "USAGE: scorebench ", with: "USAGE: ")
            .replacingOccurrences(of: "\n  -h, --help              Show help information.\n", with: "\n")
        // A command without options (once --help is gone) ends after its usage.
        if text.hasSuffix("\n\nOPTIONS:\n") { text.removeLast("\nOPTIONS:\n".count) }
        return text
    }
}
