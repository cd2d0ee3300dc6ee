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
        terminal.key("C-u")
        terminal.type("report dep")
        terminal.key("Tab")
        terminal.type("--by sch")
        terminal.key("Tab")
        try terminal.waitFor("scorebench> report dependability --by school ")
    }

    @Test func historyPersistsAcrossSessions() throws {
        let terminal = try Terminal()
        defer { terminal.close() }
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

    @Test func anInteractiveSessionFailsOnlyWhenItsLastCommandFailed() throws {
        let corrected = try Terminal()
        defer { corrected.close() }
        try corrected.waitFor("scorebench> ")
        corrected.type("tsak list", enter: true)
        try corrected.waitFor("error: unknown command 'tsak'")
        corrected.type("task list", enter: true)
        try corrected.waitFor("essay-task  performance-task")
        corrected.key("C-d")
        try corrected.waitForExit()
        #expect(try corrected.exitStatus() == 0)

        let failing = try Terminal()
        defer { failing.close() }
        try failing.waitFor("scorebench> ")
        failing.type("tsak list", enter: true)
        try failing.waitFor("error: unknown command 'tsak'")
        failing.key("C-d")
        try failing.waitForExit()
        #expect(try failing.exitStatus() == 1)
    }

    @Test func aTableWiderThanTheWindowIsShownOneRecordAtATime() throws {
        let note = String(repeating: "a long remark ", count: 12)
        let terminal = try Terminal(setup: [
            "rater add r-1", "student add s-1", "score s-1 essay-task --rater r-1 claim=3 evidence=2 style=4 --note '\(note)'",
        ])
        defer { terminal.close() }
        try terminal.waitFor("scorebench> ")
        terminal.type("scores", enter: true)
        try terminal.waitFor("-[ 1 ]----")
        let screen = try terminal.screen()
        #expect(screen.contains("student   | s-1\n"))
        #expect(screen.contains("evidence  | 2\n"))
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 160 })
    }

    @Test func outputTallerThanTheWindowGoesThroughThePager() throws {
        let terminal = try Terminal(setup: (1...60).map { "student add s-\($0)" }, pager: "sed s/^/paged:/")
        defer { terminal.close() }
        try terminal.waitFor("scorebench> ")
        terminal.type("student list", enter: true)
        try terminal.waitFor("paged:s-60")
        // Short output is shown as it is.
        terminal.type("as", enter: true)
        try terminal.waitFor("\nacting as nobody")
    }

    @Test func controlCStopsARunningCommandAndChangesNothing() throws {
        let terminal = try Terminal()
        defer { terminal.close() }
        // Big enough that the import is still running when Ctrl-C comes, on a busy machine too.
        var csv = "student,task,rater,criterion,score\n"
        for student in 0..<250_000 {
            for criterion in ["claim", "evidence", "style"] { csv += "s-\(student),essay-task,r-1,\(criterion),3\n" }
        }
        try Data(csv.utf8).write(to: terminal.folder.appendingPathComponent("big.csv"))
        try terminal.waitFor("scorebench> ")
        terminal.type("import scores big.csv --add-missing", enter: true)
        usleep(700_000)
        terminal.key("C-c")
        try terminal.waitFor("error: interrupted (Ctrl-C); nothing was changed", seconds: 30)
        terminal.type("student list", enter: true)
        try terminal.waitFor("(none)")
    }

    @Test func scoringByCodeAsksForEachCriterionWithItsDescriptors() throws {
        let folder = try Harness.workspace()
        try Data("An essay about a later start.\n".utf8).write(to: folder.appendingPathComponent("essay.txt"))
        let setup = ["rater add r-1", "student add s-1", "student add s-2", "submission add s-1 essay-task essay.txt", "submission add s-2 essay-task essay.txt"]
        _ = try Harness.run(setup.flatMap { ["-c", $0] }, in: folder)
        let work = try Harness.run(["--as", "r-1", "--format", "json", "-c", "next --task essay-task"], in: folder)
        let code = try #require((try JSONSerialization.jsonObject(with: Data(work.stdout.utf8)) as? [String: Any])?["code"] as? String)
        let terminal = try Terminal(folder: folder, arguments: "--as r-1")
        defer { terminal.close() }
        try terminal.waitFor("scorebench (r-1)> ")
        terminal.type("score \(code)", enter: true)
        // Each criterion in turn, its descriptors first; Tab offers the levels.
        try terminal.waitFor("  4 Advanced: A precise, qualified claim.")
        try terminal.waitFor("\(code) claim (1/2/3/4)> ")
        terminal.key("Tab")
        terminal.key("Tab")
        try terminal.waitFor("1  2  3  4")
        terminal.type("3", enter: true)
        try terminal.waitFor("\(code) evidence (1/2/3/4)> ")
        terminal.type("9", enter: true)
        try terminal.waitFor("'9' is not a level of essay: give one of 1, 2, 3, 4")
        terminal.type("2", enter: true)
        try terminal.waitFor("\(code) style (1/2/3/4)> ")
        terminal.type("4", enter: true)
        try terminal.waitFor("recorded: \(code) essay-task by r-1 — claim 3, evidence 2, style 4")
        // Ctrl-C abandons a read half-way: nothing is recorded.
        let next = try Harness.run(["--as", "r-1", "--format", "json", "-c", "next --task essay-task"], in: folder)
        let second = try #require((try JSONSerialization.jsonObject(with: Data(next.stdout.utf8)) as? [String: Any])?["code"] as? String)
        terminal.type("score \(second)", enter: true)
        try terminal.waitFor("\(second) claim (1/2/3/4)> ")
        terminal.type("2", enter: true)
        try terminal.waitFor("\(second) evidence (1/2/3/4)> ")
        terminal.key("C-c")
        try terminal.waitFor("error: abandoned: nothing was recorded for \(second)")
        terminal.type("scores", enter: true)
        try terminal.waitFor("(r-1)> scores")
        usleep(300_000)
        #expect(try terminal.screen().components(separatedBy: "essay-task  main       r-1").count == 2)
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
    private var closed = false
    var historyFile: String { folder.appendingPathComponent("history").path }
    var statusFile: String { folder.appendingPathComponent("exit-status").path }

    /// Starts the shell; `setup` commands run first in batch mode on the same store. There is no
    /// pager unless `pager` names one.
    init(
        folder: URL? = nil, setup: [String] = [], pager: String = "", arguments: String = "", environment: [String: String] = [:]
    ) throws {
        self.folder = try folder ?? Harness.workspace()
        if !setup.isEmpty {
            _ = try Harness.run(setup.flatMap { ["-c", $0] }, in: self.folder)
        }
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)' " }.joined()
        let command = "\(assignments)SCOREBENCH_NOW=\(Harness.now) SCOREBENCH_HISTORY='\(historyFile)' HOME='\(self.folder.path)' INPUTRC=/dev/null PAGER=\"\(pager)\" '\(Harness.binary.path)' \(arguments); echo $? > '\(statusFile)'"
        // The server this starts outlives the call: it must not inherit a pipe we wait on.
        try tmux(["new-session", "-d", "-s", "t", "-x", "160", "-y", "50", "-c", self.folder.path, command], capture: false)
        try tmux(["set-option", "-t", "t", "remain-on-exit", "on"])
    }

    /// Runs one tmux client and returns what it printed. Spawned with `posix_spawn` and reaped
    /// with `waitpid`: the server a `new-session` starts daemonizes from this child, and
    /// Foundation's `Process` never noticed the client exit in that case. A client that has
    /// not finished within `seconds` is killed, so a wedged server fails one test instead of
    /// hanging the whole run.
    @discardableResult
    func tmux(_ arguments: [String], capture: Bool = true, seconds: Double = 10) throws -> String {
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var fds: [Int32] = [-1, -1]
        if capture {
            guard pipe(&fds) == 0 else { throw SpawnFailure() }
            // Only the copy dup'ed onto the client's standard output may reach the client.
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        // The test runner's thread blocks signals; a server inheriting that mask would shrug off
        // the SIGTERM of kill-server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        let deadline = Date().addingTimeInterval(seconds)
        var output = Data()
        var timedOut = false
        if capture {
            Glibc.close(fds[1])
            if status == 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                // Until the client closes its end, but never past the deadline: a server started
                // by this client may keep a copy of the pipe open.
                while true {
                    let left = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
                    var poller = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
                    if left == 0 || poll(&poller, 1, left) <= 0 {
                        timedOut = true
                        break
                    }
                    let count = read(fds[0], &buffer, buffer.count)
                    if count <= 0 { break }
                    output.append(contentsOf: buffer[0..<count])
                }
            }
            Glibc.close(fds[0])
        }
        guard status == 0 else { throw SpawnFailure() }
        var exit: Int32 = 0
        while true {
            let reaped = waitpid(pid, &exit, WNOHANG)
            if reaped == pid || (reaped == -1 && errno != EINTR) { break }
            if timedOut || Date() > deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &exit, 0) == -1 && errno == EINTR {}
                throw TerminalTimeout()
            }
            usleep(5_000)
        }
        if timedOut { throw TerminalTimeout() }
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

    /// The exit status of the shell, once it has left (tmux 3.3 does not report it reliably, so
    /// the pane's command writes it to a file).
    func exitStatus() throws -> Int? {
        Int(try String(contentsOfFile: statusFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
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

    /// Ends the tmux server and the shell in it, and waits until both are gone: a server left
    /// behind outlives `swift test`.
    func close() {
        if closed { return }
        closed = true
        let pids = ((try? tmux(["display-message", "-p", "-t", "t", "#{pid} #{pane_pid}"], seconds: 3)) ?? "")
            .split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
        _ = try? tmux(["kill-server"], seconds: 3)
        for pid in pids {
            let deadline = Date().addingTimeInterval(3)
            while kill(pid, 0) == 0, Date() < deadline { usleep(20_000) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
    }

    struct TerminalTimeout: Error {}

    deinit { close() }
}
