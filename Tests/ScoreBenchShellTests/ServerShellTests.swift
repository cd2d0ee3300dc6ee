import Foundation
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
