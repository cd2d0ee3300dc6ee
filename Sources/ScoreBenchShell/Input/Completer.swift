import ArgumentParser
import Foundation
import ScoringCore
import ScoringStore

/// Tab completion of command words, options and ids, worked out from the command table itself
/// (ArgumentParser's description of every command), so it never drifts from what parses.
///
/// Completion must never print errors while the user types: every look-up that fails simply
/// offers nothing.
public struct Completer {
    /// What the completer needs to know about ids.
    public protocol Data {
        func taskIDs() -> [String]
        func rubricIDs() -> [String]
        func componentIDs(task: String) -> [String]
        func criterionIDs(task: String, component: String?) -> [String]
        func scaleScores(task: String, component: String?) -> [Int]
        func raterIDs(prefix: String) -> [String]
        func studentIDs(prefix: String) -> [String]
        func sessionNames(prefix: String) -> [String]
        func competencyIDs() -> [String]
        /// The task and component the work of a response code belongs to, if the shell may know.
        func work(ofCode code: String) -> (task: String, component: String)?
    }

    /// What to offer: words, or the file names readline completes by itself.
    public enum Candidates: Equatable {
        case words([String])
        case files
    }

    let data: any Data

    public init(data: any Data) {
        self.data = data
    }

    /// The candidates for the word being typed at the end of `text` (the line up to the cursor).
    public func complete(_ text: String) -> Candidates {
        let (words, partial) = Self.split(text)
        var type: ParsableCommand.Type = CommandRoot.self
        var consumed = 0
        for word in words {
            let subcommands = type.configuration.subcommands
            guard !subcommands.isEmpty else { break }
            if let next = subcommands.first(where: { CommandTable.name(of: $0) == word }) {
                type = next
                consumed += 1
            } else if let fallback = type.configuration.defaultSubcommand {
                type = fallback
                break
            } else {
                return .words([])
            }
        }
        if consumed == words.count, !type.configuration.subcommands.isEmpty {
            var names = type.configuration.subcommands.filter { $0 != type.configuration.defaultSubcommand }.map(CommandTable.name(of:))
            if let fallback = type.configuration.defaultSubcommand {
                type = fallback
                if !partial.hasPrefix("-") {
                    // `score ` may continue with `history` or with a student id.
                    names += values(for: Self.signature(of: type).positionals.first?.name ?? "", partial: partial, words: [], type: type)
                }
                return .words(Self.filter(names, partial))
            }
            return .words(Self.filter(names, partial))
        }
        return completeArguments(of: type, words: Array(words[consumed...]), partial: partial)
    }

    private func completeArguments(of type: ParsableCommand.Type, words: [String], partial: String) -> Candidates {
        let signature = Self.signature(of: type)
        var positional = 0
        var index = 0
        var pendingOption: Signature.Option?
        while index < words.count {
            let word = words[index]
            if let option = signature.options.first(where: { $0.names.contains(word) }) {
                if option.takesValue {
                    if index + 1 == words.count {
                        pendingOption = option
                        break
                    }
                    index += 1
                }
            } else if !word.hasPrefix("-") {
                positional += 1
            }
            index += 1
        }
        if let pendingOption {
            if let all = pendingOption.allValues { return .words(Self.filter(all, partial)) }
            return wordsOrFiles(values(for: pendingOption.valueName, partial: partial, words: words, type: type), name: pendingOption.valueName)
        }
        if partial.hasPrefix("-") {
            let names = signature.options.flatMap(\.names).filter { $0.hasPrefix("--") && $0 != "--help" }
            return .words(Self.filter(names, partial))
        }
        guard !signature.positionals.isEmpty else { return .words([]) }
        let argument = positional < signature.positionals.count ? signature.positionals[positional] : signature.positionals.last!
        guard positional < signature.positionals.count || argument.repeating else { return .words([]) }
        if let all = argument.allValues { return .words(Self.filter(all, partial)) }
        return wordsOrFiles(values(for: argument.name, partial: partial, words: words, type: type), name: argument.name)
    }

    private func wordsOrFiles(_ words: [String], name: String) -> Candidates {
        name == "file" ? .files : .words(words)
    }

    /// Ids for an argument, by the argument's name: the command table names its arguments after
    /// what they hold (`<task>`, `<student>`, `--rater <rater>`).
    private func values(for name: String, partial: String, words: [String], type: ParsableCommand.Type) -> [String] {
        // After a response code, the words are the criterion levels of its work.
        if let code = words.first, code.hasPrefix("@"), name == "task" || name == "criterion=level" {
            guard let work = data.work(ofCode: code) else { return [] }
            return levels(task: work.task, component: work.component, partial: partial, words: words)
        }
        switch name {
        case "task": return Self.filter(data.taskIDs(), partial)
        case "rubric": return Self.filter(data.rubricIDs(), partial)
        case "rater", "raters": return data.raterIDs(prefix: partial)
        case "student": return data.studentIDs(prefix: partial)
        case "session": return data.sessionNames(prefix: partial)
        case "competency": return Self.filter(data.competencyIDs(), partial)
        case "criterion":
            guard let task = Self.value(of: "task", in: words, type: type) else { return [] }
            return Self.filter(data.criterionIDs(task: task, component: Self.optionValue("--component", in: words)), partial)
        case "component":
            guard let task = Self.value(of: "task", in: words, type: type) else { return [] }
            return Self.filter(data.componentIDs(task: task), partial)
        case "command":
            return Self.filter(CommandTable.names(below: words), partial)
        case "criterion=level":
            guard let task = Self.value(of: "task", in: words, type: type) else { return [] }
            return levels(task: task, component: Self.optionValue("--component", in: words), partial: partial, words: words)
        default: return []
        }
    }

    /// `claim=` for criteria not given yet, and `claim=3` once the criterion is typed.
    private func levels(task: String, component: String?, partial: String, words: [String]) -> [String] {
        if let equals = partial.firstIndex(of: "=") {
            let criterion = partial[..<equals]
            return Self.filter(data.scaleScores(task: task, component: component).map { "\(criterion)=\($0)" }, partial)
        }
        let given = Set(words.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        return Self.filter(data.criterionIDs(task: task, component: component).filter { !given.contains($0) }.map { $0 + "=" }, partial)
    }

    /// The value given for the positional argument `name` among `words`.
    private static func value(of name: String, in words: [String], type: ParsableCommand.Type) -> String? {
        let signature = signature(of: type)
        if let option = optionValue("--\(name)", in: words) { return option }
        guard let position = signature.positionals.firstIndex(where: { $0.name == name }) else { return nil }
        var positional = 0
        var index = 0
        while index < words.count {
            let word = words[index]
            if let option = signature.options.first(where: { $0.names.contains(word) }) {
                index += option.takesValue ? 2 : 1
                continue
            }
            if positional == position { return word }
            positional += 1
            index += 1
        }
        return nil
    }

    private static func optionValue(_ option: String, in words: [String]) -> String? {
        guard let index = words.lastIndex(of: option), index + 1 < words.count else { return nil }
        return words[index + 1]
    }

    private static func filter(_ candidates: [String], _ partial: String) -> [String] {
        candidates.filter { $0.hasPrefix(partial) }.sorted()
    }

    /// Splits the text before the cursor into finished words and the word being typed; an open
    /// quote is allowed (the user is still typing).
    static func split(_ text: String) -> (words: [String], partial: String) {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else {
                current.append(character)
                inWord = true
            }
        }
        return (words, current)
    }

    // MARK: - The command table's arguments

    struct Signature {
        struct Positional {
            var name: String
            var repeating: Bool
            var allValues: [String]?
        }
        struct Option {
            var names: [String]
            var valueName: String
            var takesValue: Bool
            var allValues: [String]?
        }
        var positionals: [Positional] = []
        var options: [Option] = []
    }

    /// A command's positionals and options, from ArgumentParser's own description of it.
    static func signature(of type: ParsableCommand.Type) -> Signature {
        var signature = Signature()
        if let data = type._dumpHelp().data(using: .utf8),
            let info = try? JSONDecoder().decode(ToolInfo.self, from: data)
        {
            for argument in info.command.arguments ?? [] {
                let names = (argument.names ?? []).map { ($0.kind == "short" ? "-" : "--") + $0.name }
                switch argument.kind {
                case "positional":
                    signature.positionals.append(
                        Signature.Positional(name: argument.valueName ?? "", repeating: argument.isRepeating, allValues: argument.allValues))
                case "option":
                    signature.options.append(
                        Signature.Option(names: names, valueName: argument.valueName ?? "", takesValue: true, allValues: argument.allValues))
                default:
                    signature.options.append(Signature.Option(names: names, valueName: "", takesValue: false, allValues: nil))
                }
            }
        }
        return signature
    }

    /// The part of ArgumentParser's `--experimental-dump-help` JSON that completion reads.
    private struct ToolInfo: Decodable {
        struct Command: Decodable {
            var arguments: [Argument]?
        }
        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }
            var kind: String
            var names: [Name]?
            var valueName: String?
            var isRepeating: Bool
            var allValues: [String]?
        }
        var command: Command
    }
}
