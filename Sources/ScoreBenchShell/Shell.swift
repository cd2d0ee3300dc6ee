import ArgumentParser
import Foundation
import GRDB
import ScoringCore
import ScoringService
import ScoringStore

/// The loop: reads lines from a source, runs each as a command, prints results to standard
/// output and errors to standard error, and works out the exit status (SPEC section 5).
public final class Shell {
    public let context: ShellContext
    let output: any OutputSink
    let errors: any OutputSink
    /// Batch errors carry `line N:`; interactive ones do not.
    public let isInteractive: Bool
    /// Stop at the first failing command (`--bail`).
    public let bail: Bool
    /// The terminal results go to, at an interactive prompt: wide tables fold, long output pages.
    var screen: TerminalScreen?
    public private(set) var failures = 0

    public init(context: ShellContext, output: any OutputSink, errors: any OutputSink, interactive: Bool, bail: Bool = false) {
        self.context = context
        self.output = output
        self.errors = errors
        self.isInteractive = interactive
        self.bail = bail
    }

    /// What running one line came to.
    public enum LineOutcome: Equatable {
        case succeeded
        case failed
        case skipped
        case quit
    }

    /// Runs every line of `source`.
    ///
    /// - Returns: the exit status. In batch: 0 when every command succeeded, 1 when any failed.
    ///   Interactively, as psql: 0 unless the last command failed, since a person corrects a
    ///   typo by typing again.
    public func run(_ source: any LineSource) -> Int32 {
        var lastFailed = false
        while let line = source.nextLine() {
            let outcome = run(line)
            if outcome == .failed { lastFailed = true } else if outcome == .succeeded { lastFailed = false }
            if outcome == .quit || !output.isOpen { break }
            if outcome == .failed, bail { break }
        }
        if isInteractive { return lastFailed ? 1 : 0 }
        return failures == 0 ? 0 : 1
    }

    /// Runs one line and prints what it produced.
    @discardableResult
    public func run(_ line: InputLine) -> LineOutcome {
        let prefix = isInteractive ? "" : "line \(line.number): "
        do {
            guard let text = line.text else { throw ServiceError(line.problem ?? "unreadable line") }
            if text.utf8.count > InputLine.maximumBytes { throw ServiceError(InputLine.tooLong) }
            let words: [String]
            do {
                words = try Tokenizer.words(text)
            } catch {
                throw ServiceError(error.message)
            }
            if words.isEmpty { return .skipped }
            Interruption.reset()
            // The argument parser's work grows with the square of the words; no command needs
            // anywhere near this many, so a pasted flood is refused before it costs minutes.
            if words.count > Self.maximumWords {
                throw ServiceError("the line has \(words.count) words; a command may have at most \(Self.maximumWords)")
            }
            switch try execute(words) {
            case .quit:
                return .quit
            case .output(let result):
                if let screen {
                    screen.show(result.rendered(as: context.format, width: screen.size?.columns), on: output)
                } else {
                    output.write(result.rendered(as: context.format))
                }
                return .succeeded
            case .stream(let streamed):
                if let screen {
                    screen.show(try streamed.collect().rendered(as: context.format, width: screen.size?.columns), on: output)
                } else {
                    try streamed.stream(context.format) { output.write($0) }
                }
                return .succeeded
            }
        } catch {
            failures += 1
            // One error line per failing command; its details (every bad line of an import)
            // follow indented, each with its own location only.
            let messages = Self.messages(for: error)
            errors.write("error: \(prefix)\(messages[0])\n")
            for detail in messages.dropFirst() { errors.write("  \(detail)\n") }
            return .failed
        }
    }

    /// The most words one command may have.
    static let maximumWords = 1_000

    /// Parses `words` against the command table and runs the command.
    func execute(_ words: [String]) throws -> ShellResult {
        let (entry, _) = try CommandTable.resolve(words)
        let parsed: ParsableCommand
        do {
            parsed = try CommandRoot.parseAsRoot(words)
        } catch {
            if CommandRoot.exitCode(for: error) == .success {
                // `--help` anywhere: show the command's help as its result.
                return .output(try HelpCommand.help(for: entry.path))
            }
            var message = CommandRoot.message(for: error)
            if let first = message.first { message = first.lowercased() + message.dropFirst() }
            // The parser quotes what it did not like in full; a message quotes at most a short,
            // visible prefix of any word.
            for word in Set(words) where word.count > 40 && message.contains(word) {
                message = message.replacingOccurrences(of: word, with: Quoting.visible(word))
            }
            throw ServiceError("\(message) (usage: \(CommandTable.usage(of: entry)))")
        }
        guard var command = parsed as? any ShellCommand else {
            // ArgumentParser answers `--help` with a command of its own.
            if words.contains("--help") || words.contains("-h") {
                return .output(try HelpCommand.help(for: entry.path))
            }
            throw ServiceError("'\(entry.path.joined(separator: " "))' cannot run on its own (type 'help \(entry.path.joined(separator: " "))')")
        }
        return try command.execute(in: context)
    }

    /// The lines to print for an error: its message, then any per-line details.
    static func messages(for error: any Error) -> [String] {
        switch error {
        case let error as ServiceError: return [error.message] + error.details
        case let error as StoreError: return [error.message] + error.details
        case let error as DatabaseError:
            if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                return ["the database is busy (another shell holds a write lock); nothing was changed, try again"]
            }
            return ["database error: \(error.message ?? error.resultCode.description); nothing was changed"]
        case let error as ContentError: return [error.description]
        case let error as Interrupted: return [error.description]
        case let error as PostgresError:
            if error.kind == .insufficientPrivilege {
                return ["the server refused: \(error.message) (your login may not do that); nothing was changed"]
            }
            return [error.description + (error.kind == .connectionFailed || error.kind == .authenticationFailed ? "" : "; nothing was changed")]
        default: return ["\(error)"]
        }
    }
}
