import Foundation
import ScoringCore
import ScoringService

/// Asks the person at the keyboard: shows `preamble`, then `prompt`, and Tab offers `choices`.
/// Returns what they typed, or nil when they pressed Ctrl-C or Ctrl-D to give up.
public typealias Asker = (_ preamble: String, _ prompt: String, _ choices: [String]) -> String?

/// The state of one shell session, shared by every command: the service the commands call, and
/// what only a shell has — the output format and where standard input goes.
public final class ShellContext {
    public let service: ScoringService
    public var format: OutputFormat
    /// Whether standard input is free to hold data (`import scores -`): not when it is the
    /// terminal or the commands themselves come from it.
    public var standardInputIsFree = false
    /// At an interactive prompt: asks the person a question (nil in batch mode).
    public var ask: Asker?
    /// At an interactive prompt: asks for a secret without showing what is typed (nil in batch).
    public var askSecret: ((_ prompt: String) -> String?)?

    public init(service: ScoringService, format: OutputFormat = .table) {
        self.service = service
        self.format = format
    }

    /// The path an import reads and the name its messages use: `-` and `/dev/stdin` are
    /// standard input, when it is not where the commands come from.
    func importSource(_ file: String) throws -> (path: String, name: String) {
        guard file == "-" || file == "/dev/stdin" else { return (file, file) }
        guard standardInputIsFree else {
            throw ServiceError(
                "standard input holds the commands; give the file's name, or pipe the file in and give the commands with -c or -f")
        }
        return ("-", "standard input")
    }
}
