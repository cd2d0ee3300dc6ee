import Foundation
import ScoringCore
import ScoringService

/// The state of one shell session, shared by every command: the service the commands call, and
/// what only a shell has — the output format and where standard input goes.
public final class ShellContext {
    public let service: ScoringService
    public var format: OutputFormat
    /// Whether standard input is free to hold data (`import scores -`): not when it is the
    /// terminal or the commands themselves come from it.
    public var standardInputIsFree = false

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
