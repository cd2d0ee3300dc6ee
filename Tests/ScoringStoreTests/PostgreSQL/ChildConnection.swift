import Foundation
import Testing
@testable import ScoringStore

/// Opens a connection in a child process with an environment of its own, to check the `PG*`
/// variables, `~/.pgpass` and service files: `setenv` in this process would change every other
/// test's connections while they run.
///
/// The child is this test binary, asked to run only `PostgresChildProcess.connectAndReport()`,
/// which does nothing unless `SCOREBENCH_CHILD_REPORT` names the file to write its report to.
enum ChildConnection {
    /// What the child saw: `database`, `user`, `connectTimeout` and `notices` after connecting,
    /// or `kind` and `error` when connecting failed; `stderr` is the child's standard error.
    typealias Report = [String: String]

    /// Whether this platform can run the test binary as a child (swift-corelibs' plain executable).
    static var isAvailable: Bool {
        #if os(Linux)
        return true
        #else
        return false
        #endif
    }

    static let unavailable: Comment = "runs the test binary as a child process, which only Linux's test runner allows"

    /// Connects with `connectionString` in a child whose environment is this one without any
    /// `PG*` variable, plus `environment`.
    static func run(connectionString: String, environment: [String: String]) async throws -> Report {
        try await onOwnThread { try runAndWait(connectionString: connectionString, environment: environment) }
    }

    private static func runAndWait(connectionString: String, environment: [String: String]) throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(TestServer.uniqueName("scorebench-child"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let reportPath = folder.appendingPathComponent("report").path
        let outputPath = folder.appendingPathComponent("output")
        let errorPath = folder.appendingPathComponent("stderr")

        var childEnvironment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        childEnvironment["SCOREBENCH_TEST_POSTGRES"] = nil
        childEnvironment["SCOREBENCH_REQUIRE_POSTGRES"] = nil
        childEnvironment["SCOREBENCH_CHILD_REPORT"] = reportPath
        childEnvironment["SCOREBENCH_CHILD_CONNECTION"] = connectionString
        childEnvironment.merge(environment) { $1 }

        let status = try spawnAndWait(
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, ["--testing-library", "swift-testing", "--filter", "PostgresChildProcess"],
            environment: childEnvironment, output: outputPath.path, error: errorPath.path)
        let output = (try? String(contentsOf: outputPath, encoding: .utf8)) ?? ""
        guard let text = try? String(contentsOfFile: reportPath, encoding: .utf8) else {
            Issue.record("the child process wrote no report (\(status)):\n\(output)")
            return [:]
        }
        var report = Report()
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            report[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        report["stderr"] = (try? String(contentsOf: errorPath, encoding: .utf8)) ?? ""
        return report
    }

    /// Runs a program to its end (killing it after a minute) and says how it ended.
    ///
    /// `posix_spawn` and `waitpid` rather than Foundation's `Process`, which on Linux sometimes
    /// never notices that a child exited while other tests start processes of their own; and
    /// with the signal mask cleared, which the child would otherwise inherit from this thread.
    private static func spawnAndWait(
        _ path: String, _ arguments: [String], environment: [String: String], output: String, error: String
    ) throws -> String {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }

        let deadline = ContinuousClock.now + .seconds(60)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped == -1 && errno != EINTR { return "not waited for: errno \(errno)" }
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return "killed after a minute"
            }
            usleep(20_000)
        }
        return "wait status \(status)"
    }
}

/// The child's side of `ChildConnection`; skipped in an ordinary run.
@Suite struct PostgresChildProcess {
    static let reportPath = ProcessInfo.processInfo.environment["SCOREBENCH_CHILD_REPORT"]

    @Test(.enabled(if: reportPath != nil, "runs only in the child process the PostgreSQL environment tests start"))
    func connectAndReport() throws {
        let connectionString = ProcessInfo.processInfo.environment["SCOREBENCH_CHILD_CONNECTION"] ?? ""
        var lines: [String]
        do throws(PostgresError) {
            let connection = try PostgresConnection(connectionString)
            // A notice, to show that none reaches standard error.
            try connection.execute("DROP TABLE IF EXISTS scorebench_no_such_table")
            lines = [
                "database=\(connection.database)",
                "user=\(try connection.currentUser())",
                "connectTimeout=\(connection.connectTimeout.map { "\($0.components.seconds)" } ?? "none")",
                "notices=\(connection.takeNotices().joined(separator: " | "))",
            ]
        } catch {
            lines = ["kind=\(error.kind)", "error=\(error.description)"]
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: Self.reportPath!, atomically: true, encoding: .utf8)
    }
}
