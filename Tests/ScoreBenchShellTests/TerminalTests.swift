import Foundation
import Testing

/// The interactive shell driven for real in a terminal: tmux runs `scorebench` in a pane,
/// `send-keys` types, `capture-pane` reads the screen.
@Suite(.enabled(if: Terminal.isAvailable, "tmux is not installed; install it (apt-get install tmux) to run the terminal tests"))
struct TerminalTests {
    @Test func thePromptRunsCommands() throws {
        let terminal = try Terminal()
        defer { terminal.close() }
        try terminal.waitFor("scorebench> ")
        #expect(try terminal.screen().contains("ScoreBench 1.0.0 — 2 tasks, 2 rubrics, 3 competencies"))
        terminal.type("task list", enter: true)
        try terminal.waitFor("essay-task  performance-task")
        terminal.type("tsak", enter: true)
        try terminal.waitFor("error: unknown command 'tsak'; did you mean 'task'?")
    }

    @Test func tabCompletesCommandsIdsAndCriteria() throws {
        let terminal = try Terminal(setup: ["rater add r-chen", "student add s-100", "student add s-200"])
        defer { terminal.close() }
        try terminal.waitFor("scorebench> ")
        terminal.type("ta")
        terminal.key("Tab")
        terminal.type("sh")
        terminal.key("Tab")
        terminal.type("ess")
        terminal.key("Tab")
        try terminal.waitFor("scorebench> task show essay-task ")
        terminal.key("C-u")
        terminal.type("score s-1")  // unique: completes to "s-100 "
        terminal.key("Tab")
        terminal.type("essay")
        terminal.key("Tab")
        terminal.type("--rater r-c")
        terminal.key("Tab")
        terminal.type("cl")
        terminal.key("Tab")
        terminal.type("3 ev")
        terminal.key("Tab")
        try terminal.waitFor("scorebench> score s-100 essay-task --rater r-chen claim=3 evidence=")
        terminal.type("2 style=4", enter: true)
        try terminal.waitFor("recorded: s-100 essay-task by r-chen — claim 3, evidence 2, style 4")
    }

    @Test func tabCompletesStatisticsOptions() throws {
        let terminal = try Terminal()
        defer { terminal.close() }
        try terminal.waitFor("scorebench> ")
        terminal.type("irr --task ess")
        terminal.key("Tab")
        terminal.type("--criterion cl")
        terminal.key("Tab")
        try terminal.waitFor("scorebench> irr --task essay-task --criterion claim ")
        terminal.key("C-u")
        terminal.type("proficiency --competency R")
        terminal.key("Tab")
        try terminal.waitFor("scorebench> proficiency --competency RES ")
    }

    @Test func historyPersistsAcrossSessions() throws {
        let terminal = try Terminal()
        try terminal.waitFor("scorebench> ")
        terminal.type("rater add r-history", enter: true)
        try terminal.waitFor("added rater r-history")
        terminal.key("C-d")
        try terminal.waitForExit()
        terminal.close()
        let mode = try FileManager.default.attributesOfItem(atPath: terminal.historyFile)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        let again = try Terminal(folder: terminal.folder)
        defer { again.close() }
        try again.waitFor("scorebench> ")
        again.key("Up")
        try again.waitFor("scorebench> rater add r-history")
    }

    @Test func controlCAbandonsTheLineAndControlDLeaves() throws {
        let terminal = try Terminal()
        defer { terminal.close() }
        try terminal.waitFor("scorebench> ")
        terminal.type("rater add r-never")
        terminal.key("C-c")
        terminal.type("rater list", enter: true)
        try terminal.waitFor("(none)")
        let screen = try terminal.screen()
        #expect(!screen.contains("added rater r-never"))
        #expect(screen.contains("scorebench> rater add r-never^C"))
        terminal.key("C-d")
        try terminal.waitForExit()
    }
}

/// One tmux server (on its own socket) running one `scorebench` in a fresh workspace.
final class Terminal {
    static var isAvailable: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let folder: URL
    let socket = "scorebench-test-\(UUID().uuidString.prefix(8))"
    var historyFile: String { folder.appendingPathComponent("history").path }

    /// Starts the shell; `setup` commands run first in batch mode on the same store.
    init(folder: URL? = nil, setup: [String] = []) throws {
        self.folder = try folder ?? Harness.workspace()
        if !setup.isEmpty {
            _ = try Harness.run(setup.flatMap { ["-c", $0] }, in: self.folder)
        }
        let command = "SCOREBENCH_NOW=\(Harness.now) SCOREBENCH_HISTORY='\(historyFile)' HOME='\(self.folder.path)' INPUTRC=/dev/null '\(Harness.binary.path)'"
        // The server this starts outlives the call: it must not inherit a pipe we wait on.
        try tmux(["new-session", "-d", "-s", "t", "-x", "160", "-y", "50", "-c", self.folder.path, command], capture: false)
        try tmux(["set-option", "-t", "t", "remain-on-exit", "on"])
    }

    /// Runs one tmux client and returns what it printed. Spawned with `posix_spawn` and reaped
    /// with `waitpid`: the server a `new-session` starts daemonizes from this child, and
    /// Foundation's `Process` never noticed the client exit in that case.
    @discardableResult
    func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var fds: [Int32] = [-1, -1]
        if capture, pipe(&fds) != 0 { throw SpawnFailure() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Foundation's pipes are not close-on-exec here, so without this the server would
        // inherit whatever another test has open at that moment, such as the write end of a
        // shell's stdin, and that shell would never see end of file. glibc (2.34+) has the
        // action, but Swift's Glibc module hides it behind _GNU_SOURCE.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        // The test thread that spawns may block signals; a server that inherited that mask
        // would pass it to the shell, which then ignores the SIGHUP of `kill-server` and
        // outlives the test with its server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let status = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        var output = Data()
        if capture {
            Glibc.close(fds[1])
            if status == 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = read(fds[0], &buffer, buffer.count)
                    if count <= 0 { break }
                    output.append(contentsOf: buffer[0..<count])
                }
            }
            Glibc.close(fds[0])
        }
        guard status == 0 else { throw SpawnFailure() }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) == -1 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    struct SpawnFailure: Error {}

    func type(_ text: String, enter: Bool = false) {
        _ = try? tmux(["send-keys", "-t", "t", "-l", "--", text])
        if enter { key("Enter") }
    }

    func key(_ name: String) {
        _ = try? tmux(["send-keys", "-t", "t", name])
        // readline needs a moment to act on a key before the next arrives, as with a person.
        usleep(150_000)
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-N", "-t", "t", "-S", "-200"])
    }

    /// Waits until the screen shows `text`, failing after `seconds`.
    func waitFor(_ text: String, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try screen().contains(text) { return }
            usleep(50_000)
        }
        Issue.record("the screen never showed \"\(text)\"; it shows:\n\(try screen())")
        throw TerminalTimeout()
    }

    func waitForExit(seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try tmux(["display-message", "-p", "-t", "t", "#{pane_dead}"]).hasPrefix("1") { return }
            usleep(50_000)
        }
        Issue.record("the shell did not leave; the screen shows:\n\(try screen())")
        throw TerminalTimeout()
    }

    func close() {
        _ = try? tmux(["kill-server"])
    }

    struct TerminalTimeout: Error {}
}
