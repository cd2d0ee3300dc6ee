import Foundation
import Testing
@testable import ScoringStore

/// Connecting to a real server every way libpq allows, and failing to, clearly and in time.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresConnectionTests {
    @Test func connectsWithAURI() throws {
        let scratch = try ScratchSchema()
        let admin = scratch.admin
        let uri: String
        let options = "options=-csearch_path%3D\(scratch.name)"
        if admin.host.hasPrefix("/") {
            let socket = admin.host.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? admin.host
            uri = "postgresql:///\(scratch.database)?host=\(socket)&port=\(admin.port)&user=\(admin.user)&\(options)"
        } else {
            uri = "postgres://\(admin.user)@\(admin.host):\(admin.port)/\(scratch.database)?\(options)"
        }
        #expect(PostgresConnection.isConnectionString(uri))
        let connection = try PostgresConnection(uri)
        #expect(connection.database == scratch.database)
        #expect(try connection.currentUser() == admin.user)
        #expect(try connection.query("SELECT current_schema()").scalar == scratch.name)
    }

    @Test func connectsWithAKeyValueString() throws {
        let scratch = try ScratchSchema()
        let admin = scratch.admin
        let string = "host='\(admin.host)' port=\(admin.port) user='\(admin.user)' dbname='\(scratch.database)' connect_timeout=3"
        #expect(PostgresConnection.isConnectionString(string))
        let connection = try PostgresConnection(string)
        #expect(connection.database == scratch.database)
        #expect(connection.connectTimeout == .seconds(3))
        #expect(connection.isOpen)
    }

    @Test func knowsTheServerAndTheLogin() throws {
        let connection = try TestServer.admin()
        let environment = ProcessInfo.processInfo.environment
        let string = try TestServer.requiredConnectionString()
        if environment["PGCONNECT_TIMEOUT"] == nil && !string.contains("connect_timeout") {
            #expect(connection.connectTimeout == .seconds(10))
        }
        if environment["PGAPPNAME"] == nil && !string.contains("application_name") {
            #expect(try connection.query("SHOW application_name").scalar == "scorebench")
        }
        #expect(connection.serverVersion >= 100_000)
        #expect(connection.serverVersionString.hasPrefix("\(connection.serverVersion / 10_000)."))
        #expect(try connection.currentUser() == connection.user)
    }

    @Test func aPasswordComesFromThePasswordFile() throws {
        let scratch = try ScratchSchema()
        let (role, password) = try passwordRole(scratch)
        let (host, port) = scratch.tcpHost
        let passwords = try TemporaryFile("pgpass", contents: passwordLine(host, port, "*", role, password))
        let connection = try scratch.connect([("host", host), ("user", role), ("passfile", passwords.path)])
        #expect(try connection.currentUser() == role)
    }

    @Test func aWrongPasswordIsAnAuthenticationFailure() throws {
        let scratch = try ScratchSchema()
        let (role, _) = try passwordRole(scratch)
        let error = #expect(throws: PostgresError.self) {
            try scratch.connect([("host", scratch.tcpHost.host), ("user", role), ("password", "not it"), ("passfile", "/nonexistent/pgpass")])
        }
        #expect(error?.kind == .authenticationFailed)
        #expect(error?.sqlState == "28P01")
        #expect(error?.description == "password authentication failed for user \"\(role)\"")
    }

    @Test func noPasswordAtAllIsAnAuthenticationFailure() throws {
        let scratch = try ScratchSchema()
        let (role, _) = try passwordRole(scratch)
        let error = #expect(throws: PostgresError.self) {
            try scratch.connect([("host", scratch.tcpHost.host), ("user", role), ("passfile", "/nonexistent/pgpass")])
        }
        #expect(error?.kind == .authenticationFailed)
        #expect(error?.description == "no password was given for user \"\(role)\" (in the connection string, PGPASSWORD or ~/.pgpass)")
    }

    @Test func aMissingDatabaseIsNamed() throws {
        let name = TestServer.uniqueName("scorebench_test_missing")
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(TestServer.requiredConnectionString(), settings: [("dbname", name)])
        }
        #expect(error?.kind == .databaseMissing)
        #expect(error?.description == "database \"\(name)\" does not exist")
    }

    @Test func aPortNobodyListensOnFailsAtOnce() throws {
        let closed = try LocalPort.closed()
        let port = closed.port
        let started = ContinuousClock.now
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection("host=127.0.0.1 port=\(port) dbname=event")
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.description == "cannot connect to the server at 127.0.0.1:\(port): Connection refused")
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func aServerThatNeverAnswersTimesOutAsAsked() async throws {
        let server = try LocalPort.silentServer()
        let (error, elapsed) = try await failedConnection("host=127.0.0.1 port=\(server.port) dbname=event connect_timeout=2")
        #expect(error?.kind == .connectionFailed)
        #expect(error?.description == "cannot connect to the server at 127.0.0.1:\(server.port): timeout expired after 2 s")
        #expect(elapsed >= .seconds(2) && elapsed < .seconds(4), "took \(elapsed)")
    }

    @Test func aServerThatNeverAnswersTimesOutAfterTenSecondsByDefault() async throws {
        let server = try LocalPort.silentServer()
        let (error, elapsed) = try await failedConnection("host=127.0.0.1 port=\(server.port) dbname=event")
        #expect(error?.kind == .connectionFailed)
        #expect(error?.description == "cannot connect to the server at 127.0.0.1:\(server.port): timeout expired after 10 s")
        #expect(elapsed >= .seconds(10) && elapsed < .seconds(13), "took \(elapsed)")
    }

    /// How connecting failed, and how long it took to.
    private func failedConnection(_ connectionString: String) async throws -> (PostgresError?, Duration) {
        try await onOwnThread {
            let started = ContinuousClock.now
            do throws(PostgresError) {
                _ = try PostgresConnection(connectionString)
                return (nil, ContinuousClock.now - started)
            } catch {
                return (error, ContinuousClock.now - started)
            }
        }
    }

    @Test func theSessionEndingIsAConnectionFailure() throws {
        let connection = try TestServer.admin()
        let error = #expect(throws: PostgresError.self) {
            try connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.description.hasPrefix("lost the connection to the server: ") == true)
        #expect(!connection.isOpen)
    }

    // MARK: The environment, in a child process

    @Test(.enabled(if: ChildConnection.isAvailable, ChildConnection.unavailable))
    func environmentVariablesNameTheServerAndThePassword() async throws {
        let scratch = try ScratchSchema()
        let (role, password) = try passwordRole(scratch)
        let report = try await ChildConnection.run(connectionString: "", environment: [
            "PGHOST": scratch.tcpHost.host, "PGPORT": scratch.tcpHost.port, "PGUSER": role,
            "PGPASSWORD": password, "PGDATABASE": scratch.database, "PGCONNECT_TIMEOUT": "4",
        ])
        #expect(report["error"] == nil)
        #expect(report["database"] == scratch.database)
        #expect(report["user"] == role)
        #expect(report["connectTimeout"] == "4")
    }

    @Test(.enabled(if: ChildConnection.isAvailable, ChildConnection.unavailable))
    func thePasswordFileInTheHomeFolderIsRead() async throws {
        let scratch = try ScratchSchema()
        let (role, password) = try passwordRole(scratch)
        let (host, port) = scratch.tcpHost
        let home = try TemporaryFile(".pgpass", contents: passwordLine(host, port, scratch.database, role, password))
        let report = try await ChildConnection.run(
            connectionString: "host=\(host) port=\(port) dbname=\(scratch.database) user=\(role)",
            environment: ["HOME": home.folder.path])
        #expect(report["error"] == nil)
        #expect(report["user"] == role)
    }

    @Test(.enabled(if: ChildConnection.isAvailable, ChildConnection.unavailable))
    func aServiceFileNamesTheServer() async throws {
        let scratch = try ScratchSchema()
        let admin = scratch.admin
        let service = TestServer.uniqueName("scorebench_test_service")
        let file = try TemporaryFile("pg_service.conf", contents: """
            [\(service)]
            host=\(admin.host)
            port=\(admin.port)
            user=\(admin.user)
            dbname=\(scratch.database)
            connect_timeout=5

            """)
        let named = try await ChildConnection.run(connectionString: "service=\(service)", environment: ["PGSERVICEFILE": file.path])
        #expect(named["error"] == nil)
        #expect(named["database"] == scratch.database)
        #expect(named["connectTimeout"] == "5")

        let fromEnvironment = try await ChildConnection.run(
            connectionString: "", environment: ["PGSERVICEFILE": file.path, "PGSERVICE": service])
        #expect(fromEnvironment["database"] == scratch.database)

        let overridden = try await ChildConnection.run(
            connectionString: "service=\(service) connect_timeout=3", environment: ["PGSERVICEFILE": file.path])
        #expect(overridden["connectTimeout"] == "3")
    }

    @Test(.enabled(if: ChildConnection.isAvailable, ChildConnection.unavailable))
    func noticesNeverReachStandardError() async throws {
        let scratch = try ScratchSchema()
        let admin = scratch.admin
        let report = try await ChildConnection.run(
            connectionString: "host='\(admin.host)' port=\(admin.port) user='\(admin.user)' dbname='\(scratch.database)'",
            environment: [:])
        #expect(report["notices"] == "table \"scorebench_no_such_table\" does not exist, skipping")
        #expect(report["stderr"]?.contains("NOTICE") == false)
    }

    @Test(.enabled(if: ChildConnection.isAvailable, ChildConnection.unavailable))
    func aMissingServiceIsReported() async throws {
        let file = try TemporaryFile("pg_service.conf", contents: "[other]\ndbname=x\n")
        let report = try await ChildConnection.run(connectionString: "service=nowhere", environment: ["PGSERVICEFILE": file.path])
        #expect(report["kind"] == "connectionFailed")
        #expect(report["error"] == "cannot connect to the server: definition of service \"nowhere\" not found")
    }

    /// A line of a password file, with `:` and `\` escaped.
    private func passwordLine(_ fields: String...) -> String {
        fields.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:") }
            .joined(separator: ":") + "\n"
    }

    /// A role that logs in with a password (with characters that need quoting in SQL and in a
    /// password file).
    private func passwordRole(_ scratch: ScratchSchema) throws -> (role: String, password: String) {
        let password = "pa'ss:wo\\rd \(UInt32.random(in: 0...UInt32.max))"
        let role = try scratch.role("LOGIN PASSWORD \(scratch.admin.quoteLiteral(password))")
        return (role, password)
    }
}

/// A TCP port on 127.0.0.1, held for as long as this lives, so that no other test can take it.
final class LocalPort {
    let port: Int
    private let socket: Int32

    /// A port that accepts connections (the kernel completes the handshake) but never says a
    /// word, like a server behind a firewall that drops replies.
    static func silentServer() throws -> LocalPort { try LocalPort(listening: true) }

    /// A port that refuses connections: bound but not listening, so the kernel answers a
    /// connection with a reset.
    static func closed() throws -> LocalPort { try LocalPort(listening: false) }

    private init(listening: Bool) throws {
        // Close-on-exec, or a process another test starts meanwhile would keep the port open.
        let descriptor = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                Foundation.bind(descriptor, pointer, length) == 0
                    && (!listening || Foundation.listen(descriptor, 8) == 0)
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        socket = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(socket)
    }
}
