import Foundation
import ScoringStore
import Synchronization
import Testing

/// The stores the service's tests run on: SQLite in memory always, and a schema of the test's
/// own on the PostgreSQL server `SCOREBENCH_TEST_POSTGRES` names (CI sets
/// `SCOREBENCH_REQUIRE_POSTGRES=1`, which makes a missing server fail those cases instead).
enum ServiceEngine: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let serverString: String? = {
        let value = ProcessInfo.processInfo.environment["SCOREBENCH_TEST_POSTGRES"] ?? ""
        return value.isEmpty ? nil : value
    }()
    static let serverIsRequired = ProcessInfo.processInfo.environment["SCOREBENCH_REQUIRE_POSTGRES"] == "1"

    static var available: [ServiceEngine] { serverString != nil || serverIsRequired ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "SCOREBENCH_REQUIRE_POSTGRES=1 but SCOREBENCH_TEST_POSTGRES is not set: the PostgreSQL service tests need a server"
        }
    }

    /// A new, empty store; on the server, in a new schema made by `server init` as the test
    /// login, dropped when the test process ends.
    func emptyStore() throws -> any Store {
        switch self {
        case .sqlite:
            return try SQLiteStore.inMemory()
        case .postgres:
            guard let server = Self.serverString else { throw MissingServer() }
            let name = "scorebench_service_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            try PostgresConnection(server).execute("CREATE SCHEMA \(name)")
            ServiceSchemas.made(name)
            let store = try PostgresStore(
                connection: PostgresConnection(server, settings: [("options", "-c search_path=\(name)")]), location: server)
            _ = try store.initialize()
            return store
        }
    }
}

/// The schemas the service tests made on the server, dropped as the process exits (the stores
/// that use them live as long as their services, which the tests do not hand back).
enum ServiceSchemas {
    private static let names = Mutex<[String]>([])

    static func made(_ name: String) {
        let first = names.withLock { names in
            names.append(name)
            return names.count == 1
        }
        if first { atexit { ServiceSchemas.dropAll() } }
    }

    static func dropAll() {
        guard let server = ServiceEngine.serverString, let admin = try? PostgresConnection(server) else { return }
        for name in names.withLock({ $0 }) { try? admin.execute("DROP SCHEMA IF EXISTS \(name) CASCADE") }
    }
}
