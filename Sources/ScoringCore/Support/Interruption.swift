import Synchronization

/// A request to stop the command that is running (Ctrl-C at an interactive prompt), which the
/// long loops of imports, scans, statistics and exports poll.
///
/// The flag is one atomic, so a signal handler may set it. Stopping throws `Interrupted` out of
/// whatever transaction is open, which rolls it back: an interrupted command changes nothing.
public enum Interruption {
    private static let requested = Atomic<Bool>(false)

    /// Asks the running command to stop. Async-signal-safe.
    public static func request() { requested.store(true, ordering: .relaxed) }

    /// Forgets an earlier request, before a command starts.
    public static func reset() { requested.store(false, ordering: .relaxed) }

    public static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Throws `Interrupted` if a stop was requested.
    public static func check() throws(Interrupted) {
        if isRequested { throw Interrupted() }
    }
}

/// The error of a command stopped by `Interruption`.
public struct Interrupted: Error, Equatable, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted (Ctrl-C); nothing was changed" }
}
