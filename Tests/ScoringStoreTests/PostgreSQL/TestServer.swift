import Foundation
import Testing
@testable import ScoringStore

/// The PostgreSQL server the PostgreSQL tests run against.
///
/// `SCOREBENCH_TEST_POSTGRES` names it and the test database with a URI or `key=value` string,
/// for a superuser login (the tests create schemas and roles, and set `deadlock_timeout`). Without
/// it the tests are skipped on a developer's machine, but fail in CI, which sets
/// `SCOREBENCH_REQUIRE_POSTGRES=1` so that a missing server cannot pass for a green run.
enum TestServer {
    static let connectionString: String? = {
        let value = ProcessInfo.processInfo.environment["SCOREBENCH_TEST_POSTGRES"] ?? ""
        return value.isEmpty ? nil : value
    }()

    static let isRequired = ProcessInfo.processInfo.environment["SCOREBENCH_REQUIRE_POSTGRES"] == "1"

    /// Whether the server tests run: with a server, and without one when it is required (so that
    /// each of them fails saying so).
    static let isEnabled = connectionString != nil || isRequired

    static let skipped: Comment =
        "set SCOREBENCH_TEST_POSTGRES to a PostgreSQL URI or key=value string to run the PostgreSQL tests"

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "SCOREBENCH_REQUIRE_POSTGRES=1 but SCOREBENCH_TEST_POSTGRES is not set: the PostgreSQL tests need a server"
        }
    }

    static func requiredConnectionString() throws -> String {
        guard let connectionString else { throw Missing() }
        return connectionString
    }

    /// A new session on the server's own database, as the test login.
    static func admin() throws -> PostgresConnection {
        try PostgresConnection(requiredConnectionString())
    }

    /// A name no other test (or test run) uses.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }
}

/// A schema of one test's own in the test database, dropped with everything in it (and the
/// roles the test made) when the test is done.
///
/// A schema rather than a database: `CREATE DATABASE` copies a template with `fsync`, about a
/// second each on a busy machine, and the tests would queue behind one another.
final class ScratchSchema {
    let name: String
    let admin: PostgresConnection
    private var roles: [String] = []

    init() throws {
        name = TestServer.uniqueName("scorebench_test")
        admin = try TestServer.admin()
        try admin.execute("CREATE SCHEMA \(name)")
    }

    deinit {
        try? admin.execute("DROP SCHEMA IF EXISTS \(name) CASCADE")
        for role in roles {
            try? admin.execute("DROP ROLE IF EXISTS \((try? admin.quoteIdentifier(role)) ?? role)")
        }
    }

    /// The test database, which holds the schema.
    var database: String { admin.database }

    /// The settings that put a session in the schema.
    var searchPath: (keyword: String, value: String) { ("options", "-c search_path=\(name)") }

    /// A new session in the schema, as the test login unless `settings` say otherwise.
    func connect(_ settings: [(keyword: String, value: String)] = []) throws -> sending PostgresConnection {
        try PostgresConnection(TestServer.requiredConnectionString(), settings: [searchPath] + settings)
    }

    /// A role that exists for the test only, dropped after the schema.
    func role(_ options: String = "NOLOGIN") throws -> String {
        let role = TestServer.uniqueName("scorebench_test_role")
        try admin.execute("CREATE ROLE \(role) \(options)")
        roles.append(role)
        return role
    }

    /// Drops `role` with the schema: for roles the code under test creates (raters' logins).
    func adopt(role: String) {
        roles.append(role)
    }

    /// A session in the schema as `login`, over TCP with its password, as a rater's psql would connect.
    func connect(as login: String, password: String) throws -> sending PostgresConnection {
        try connect([
            ("host", tcpHost.host), ("port", tcpHost.port), ("user", login), ("password", password),
            ("passfile", "/nonexistent/pgpass"),
        ])
    }

    /// A store on the schema, as the test login unless `settings` say otherwise.
    func store(_ settings: [(keyword: String, value: String)] = []) throws -> PostgresStore {
        try PostgresStore(connection: connect(settings), location: TestServer.requiredConnectionString())
    }

    /// A store on the schema, its ScoreBench schema created by `server init` as the test login.
    func initializedStore() throws -> PostgresStore {
        let store = try store()
        _ = try store.initialize()
        return store
    }

    /// How the server is reached over TCP: the test login's host when it uses TCP, else
    /// 127.0.0.1 on the same port (`pg_hba.conf` then decides how a password login is checked;
    /// Debian's allows scram-sha-256 from 127.0.0.1).
    var tcpHost: (host: String, port: String) {
        let host = admin.host
        return (host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@") ? "127.0.0.1" : host, admin.port)
    }
}

/// Runs blocking work on a thread of its own and waits for it without holding one of the
/// cooperative threads Swift Testing runs tests on (two on a two-core machine): a test that
/// waits ten seconds for a timeout would otherwise stall the tests queued behind it.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// A file in a fresh temporary folder, removed with it.
final class TemporaryFile {
    let folder: URL
    let path: String

    init(_ name: String, contents: String, permissions: Int = 0o600) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(TestServer.uniqueName("scorebench"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}

@Suite struct PostgresTestServerTests {
    /// The one check that runs whatever the environment says, so that CI cannot skip its way
    /// past a missing server.
    @Test func aRequiredServerIsNamed() {
        #expect(!TestServer.isRequired || TestServer.connectionString != nil, "\(TestServer.Missing())")
    }
}
