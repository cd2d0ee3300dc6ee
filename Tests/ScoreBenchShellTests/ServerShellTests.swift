import Foundation
import Synchronization
import Testing

/// The shell on a PostgreSQL server: the login is the identity, a coordinator makes logins,
/// and a server that cannot be reached or refuses the password costs one line and exit 2.
@Suite struct ServerShellTests {
    static let server = ShellEngine.available.contains(.postgres)
    static let skipped: Comment = "set SCOREBENCH_TEST_POSTGRES to run the shell's server tests"

    /// The password `rater add --login` generated, from its JSON.
    private func password(of run: Harness.Run) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return try #require(object?["password"] as? String, "no password in \(run.stdout) \(run.stderr)")
    }

    @Test(.enabled(if: server, skipped)) func aRaterLoginActsAsThatRaterAndNoOneElse() throws {
        let folder = try Harness.workspace()
        let server = try ShellServerSchema(in: folder)
        let lead = server.newLogin("lead"), rater = server.newLogin("r")
        let made = try Harness.run(
            server.arguments + ["--format", "json", "-c", "rater add \(lead) --role lead", "-c", "rater add \(rater) --login"],
            in: folder, environment: server.environment)
        #expect(made.status == 0, "\(made.stderr)")
        let secret = try password(of: Harness.Run(stdout: String(made.stdout.split(separator: "\n").last ?? ""), stderr: made.stderr, status: 0))
        #expect(secret.count == 20)
        let login = ["--db", server.uri(login: rater, password: secret)]

        let who = try Harness.run(login + ["-c", "as"], in: folder)
        #expect(who.stdout == "acting as \(rater) (rater)\n")
        #expect(who.status == 0)

        let other = try Harness.run(login + ["--as", lead, "-c", "as"], in: folder)
        #expect(other.stdout.isEmpty)
        #expect(other.stderr == "error: --as is refused on a server: the login is the rater (you are logged in as \(rater)); only a coordinator login may act as another rater\n")
        #expect(other.status == 2)

        let switching = try Harness.run(login + ["-c", "as \(lead)", "-c", "rater add r-x"], in: folder)
        #expect(switching.stderr == """
            error: line 1: on a server the login is the rater: this shell acts as \(rater); log in as another rater to act as them
            error: line 2: only the coordinator may add raters; acting as \(rater) (rater)

            """)
        #expect(switching.status == 1)
    }

    @Test(.enabled(if: server, skipped)) func aServerThatCannotBeReachedOrRefusesThePasswordIsOneLine() throws {
        let folder = try Harness.workspace()
        let server = try ShellServerSchema(in: folder)
        let closed = try Harness.run(["--db", "host=127.0.0.1 port=1 dbname=nothing connect_timeout=5", "-c", "as"], in: folder)
        #expect(closed.stdout.isEmpty)
        #expect(closed.stderr.hasPrefix("error: cannot connect to the server at 127.0.0.1:1"))
        #expect(closed.stderr.split(separator: "\n").count == 1)
        #expect(closed.status == 2)

        let rater = server.newLogin("r")
        _ = try Harness.run(server.arguments + ["-c", "rater add \(rater) --login"], in: folder, environment: server.environment)
        let wrong = try Harness.run(["--db", server.uri(login: rater, password: "not-the-password"), "-c", "as"], in: folder)
        #expect(wrong.stderr == "error: password authentication failed for user \"\(rater)\"\n")
        #expect(!wrong.stderr.contains("not-the-password"))
        #expect(wrong.status == 2)
    }

    @Test func aSQLiteStoreHasNoLoginsAndNeedsNoInit() throws {
        let folder = try Harness.workspace()
        let run = try Harness.run(["-c", "server init", "-c", "rater add r-1 --login"], in: folder)
        #expect(run.stderr == """
            error: line 1: server init sets up a PostgreSQL server; a SQLite store needs none (it is created on first use)
            error: line 2: --login creates a login on a PostgreSQL server; a SQLite store has no logins (use --as to act as a rater)

            """)
        #expect(run.status == 1)
    }


    /// SPEC 12: many shells scoring one server at once lose nothing, and each read is
    /// committed before its shell prints it.
    @Test(.enabled(if: server, skipped)) func fiftyShellsScoringAtOnceLoseNothing() throws {
        let folder = try Harness.workspace()
        let server = try ShellServerSchema(in: folder)
        let shells = 50, students = 20
        let roster = (1...shells).map { "rater add r-\($0)" } + (1...students).map { "student add s-\($0)" }
        let made = try Harness.run(server.arguments + roster.flatMap { ["-c", $0] }, in: folder, environment: server.environment)
        #expect(made.status == 0, "\(made.stderr)")
        // A thread each, so that all fifty are connected and writing at the same time.
        let arguments = server.arguments, environment = server.environment
        let results = Mutex<[Int: Result<Harness.Run, any Error>]>([:])
        let finished = DispatchGroup()
        for shell in 1...shells {
            finished.enter()
            Thread.detachNewThread {
                let script = (1...students).map { "score s-\($0) essay-task claim=\(1 + ($0 + shell) % 4) evidence=3 style=2\n" }.joined()
                let run = Result {
                    try Harness.run(
                        arguments + ["--as", "r-\(shell)"], input: Data(script.utf8), in: folder, environment: environment)
                }
                results.withLock { $0[shell] = run }
                finished.leave()
            }
        }
        finished.wait()
        let runs = try results.withLock { try $0.values.map { try $0.get() } }
        #expect(runs.count == shells)
        #expect(runs.allSatisfy { $0.status == 0 && $0.stderr.isEmpty }, "\(runs.first { $0.status != 0 }?.stderr ?? "")")
        // Every acknowledgement is a stored read.
        let acknowledged = runs.map { $0.stdout.components(separatedBy: "recorded: ").count - 1 }.reduce(0, +)
        #expect(acknowledged == shells * students)
        let stored = try Harness.run(server.arguments + ["--format", "csv", "-c", "scores"], in: folder, environment: server.environment)
        // One line per criterion of each read.
        #expect(stored.stdout.split(separator: "\n").count == 1 + 3 * shells * students)
        let rows = stored.stdout.split(separator: "\n").filter { $0.hasPrefix("s-7,essay-task,main,r-11,read,,") }
        #expect(rows.map { $0.split(separator: ",", omittingEmptySubsequences: false)[6...7].joined(separator: "=") } == ["claim=\(1 + (7 + 11) % 4)", "evidence=3", "style=2"])
    }

    @Test(.enabled(if: server, skipped), .enabled(if: Terminal.isAvailable, "tmux is not installed"))
    func aPasswordTypedAtThePromptIsNeverShown() throws {
        let folder = try Harness.workspace()
        let server = try ShellServerSchema(in: folder)
        let rater = server.newLogin("r")
        let terminal = try Terminal(
            folder: folder, arguments: server.arguments.map { "'\($0)'" }.joined(separator: " "), environment: server.environment)
        defer { terminal.close() }
        try terminal.waitFor("scorebench> ")
        terminal.type("rater add \(rater) --login", enter: true)
        try terminal.waitFor("password for the login \(rater) (Enter alone: generate one)> ")
        terminal.type("correct-horse-battery", enter: true)
        try terminal.waitFor("added rater \(rater) (rater) with a login\n")
        #expect(!(try terminal.screen().contains("correct-horse")))
        // The typed password is the login's, and the banner of the rater's shell never shows it.
        let rating = try Terminal(folder: folder, arguments: "--db '\(server.uri(login: rater, password: "correct-horse-battery"))'")
        defer { rating.close() }
        try rating.waitFor("scorebench (\(rater))> ")
        let banner = try rating.screen()
        #expect(banner.contains("· store postgresql://\(rater)@127.0.0.1"))
        #expect(!banner.contains("correct-horse"))
    }
}
