import Foundation

/// The terminal an interactive shell prints to, as psql treats it: tables wider than the
/// window are shown one record at a time, and output taller than the window goes through a
/// pager (`$PAGER`, else `less`).
final class TerminalScreen {
    /// The pager's command line; nil shows everything directly.
    var pager: String?
    private let descriptor: Int32

    /// - Parameters:
    ///   - descriptor: the terminal's file descriptor (standard output).
    ///   - environment: `PAGER` names the pager (empty: none); otherwise `less` when installed.
    init(descriptor: Int32 = STDOUT_FILENO, environment: [String: String]) {
        self.descriptor = descriptor
        if let chosen = environment["PAGER"] {
            pager = chosen.trimmingCharacters(in: .whitespaces).isEmpty ? nil : chosen
        } else if let path = environment["PATH"], path.split(separator: ":").contains(where: {
            FileManager.default.isExecutableFile(atPath: "\($0)/less")
        }) {
            // Quit at once when the text fits after all, keep what was shown on the screen.
            pager = "less -FRX"
        }
    }

    /// The window's size now (it may have been resized since the last command).
    var size: (columns: Int, rows: Int)? {
        var window = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else { return nil }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    /// Shows `text`: through the pager when it is taller than the window, else directly.
    func show(_ text: String, on output: any OutputSink) {
        guard let pager, let rows = size?.rows, text.utf8.reduce(0, { $0 + ($1 == 0x0A ? 1 : 0) }) >= rows - 1,
            page(text, through: pager)
        else {
            output.write(text)
            return
        }
    }

    /// Runs the pager with `text` on its standard input and waits for it; false when it could
    /// not be started.
    private func page(_ text: String, through pager: String) -> Bool {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        var environment = ProcessInfo.processInfo.environment
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        let command: [String] = ["/bin/sh", "-c", pager]
        let arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, arguments, variables)
        close(fds[0])
        guard spawned == 0 else {
            close(fds[1])
            return false
        }
        // The reader may quit early ('q' in less): the write then fails, which is fine.
        FileDescriptorSink(descriptor: fds[1]).write(text)
        close(fds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // 127: the shell found no such pager; show the text without one.
        return !(status & 0x7F == 0 && (status >> 8) & 0xFF == 127)
    }
}
