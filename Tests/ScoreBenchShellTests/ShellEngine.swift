import Foundation
import ScoringStore
import Testing

/// The stores a shell test runs the real binary on: a SQLite file always, and a PostgreSQL
/// server when `SCOREBENCH_TEST_POSTGRES` names one (CI sets `SCOREBENCH_REQUIRE_POSTGRES=1`,
/// and then a missing server fails the PostgreSQL cases instead of skipping them).
enum ShellEngine: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let serverString: String? = {
        let value = ProcessInfo.processInfo.environment["SCOREBENCH_TEST_POSTGRES"] ?? ""
        return value.isEmpty ? nil : value
    }()
    static let serverIsRequired = ProcessInfo.processInfo.environment["SCOREBENCH_REQUIRE_POSTGRES"] == "1"

    static var available: [ShellEngine] { serverString != nil || serverIsRequired ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "SCOREBENCH_REQUIRE_POSTGRES=1 but SCOREBENCH_TEST_POSTGRES is not set: the PostgreSQL shell tests need a server"
        }
    }
}

/// A schema of a shell test's own on the test server, with the ScoreBench schema in it made by
/// `server init`; the shell reaches it through `PGOPTIONS`, as any libpq program would, so the
/// `--db` string is the server's exactly as given. Dropped on deinit, with the logins that
/// `newLogin` named (a login belongs to the whole cluster, not the schema).
final class ShellServerSchema {
    let name: String
    let connectionString: String
    private let admin: PostgresConnection
    private var logins: [String] = []

    init(in folder: URL) throws {
        guard let connectionString = ShellEngine.serverString else { throw ShellEngine.MissingServer() }
        self.connectionString = connectionString
        name = "scorebench_shell_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        admin = try PostgresConnection(connectionString)
        try admin.execute("CREATE SCHEMA \(name)")
        let initialized = try Harness.run(arguments + ["-c", "server init"], in: folder, environment: environment)
        guard initialized.status == 0 else { throw SetupFailure(text: initialized.stderr) }
    }

    deinit {
        try? admin.execute("DROP SCHEMA IF EXISTS \(name) CASCADE")
        for login in logins {
            try? admin.execute("DROP ROLE IF EXISTS \((try? admin.quoteIdentifier(login)) ?? login)")
        }
    }

    /// A rater id no other test run uses: a login is a role of the whole cluster, dropped with the schema.
    func newLogin(_ prefix: String) -> String {
        let login = prefix + "-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        logins.append(login)
        return login
    }

    /// A URI that logs in as `login` over TCP with its password, as a rater at another site would.
    func uri(login: String, password: String) -> String {
        let host = admin.host.isEmpty || admin.host.hasPrefix("/") ? "127.0.0.1" : admin.host
        let options = "-c search_path=\(name)".replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "=", with: "%3D")
        return "postgresql://\(login):\(password)@\(host):\(admin.port)/\(admin.database)?options=\(options)"
    }

    /// The arguments and environment that open the shell on this schema.
    var arguments: [String] { ["--db", connectionString] }
    var environment: [String: String] {
        var environment = ["PGOPTIONS": "-c search_path=\(name)"]
        for key in ["PGPASSFILE", "PGPASSWORD", "PGHOST", "PGPORT", "PGUSER", "PGSSLMODE"] {
            if let value = ProcessInfo.processInfo.environment[key] { environment[key] = value }
        }
        return environment
    }

    struct SetupFailure: Error, CustomStringConvertible {
        var text: String
        var description: String { "server init failed: \(text)" }
    }
}

/// The shell on `engine`'s store in `folder`: its arguments and environment.
struct ShellTarget {
    var arguments: [String]
    var environment: [String: String]
    var server: ShellServerSchema?

    init(_ engine: ShellEngine, in folder: URL) throws {
        server = engine == .postgres ? try ShellServerSchema(in: folder) : nil
        arguments = server?.arguments ?? []
        environment = server?.environment ?? [:]
    }

    func run(_ commands: [String], format: String = "table", in folder: URL) throws -> Harness.Run {
        try Harness.run(arguments + ["--format", format] + commands.flatMap { ["-c", $0] }, in: folder, environment: environment)
    }
}
