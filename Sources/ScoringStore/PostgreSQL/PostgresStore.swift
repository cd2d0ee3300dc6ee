import ScoringCore
import Synchronization

/// The PostgreSQL store (SPEC 12): the same rosters, reads with their full history, rubric
/// versions and calibration sessions as `SQLiteStore`, with the same outcomes, messages and
/// ordering, on a server many shells share.
///
/// Every method that writes runs in one READ COMMITTED transaction; a serialization failure or
/// deadlock runs it again (`PostgresConnection.transaction`), and so does losing a race for a
/// read's slot (see `writing(_:)`). Reads run in one REPEATABLE READ, READ ONLY transaction, so a
/// listing that takes two queries sees one moment.
///
/// The server enforces what SPEC 12 says it enforces, for any client: the login is the identity,
/// the group roles' privileges say who may write what, and row-level security on `read` keeps
/// calibration anchors blind (see `PostgresStore+Schema.swift`).
///
/// One connection, used by one caller at a time: the store is `Sendable` because a mutex guards
/// the connection, which libpq lets only one thread use at once.
public final class PostgresStore: Store, Sendable {
    /// The `--db` string exactly as given (it may hold a password: show `description`).
    public let location: String
    public var file: String? { nil }

    /// Whether the schema must be created or migrated (`initialize()`) before the store serves.
    public var needsInitialization: Bool { schema.withLock { $0 != .current } }

    /// The server as messages and banners name it: login, host and database, never a password.
    public var description: String {
        schema.withLock { _ in
            let host = connection.host.hasPrefix("/") ? "" : connection.host + (connection.port == "5432" ? "" : ":\(connection.port)")
            return "postgresql://\(connection.user)@\(host)/\(connection.database)"
        }
    }

    /// The session; used only while holding `schema`'s lock, which is what makes sharing the
    /// store between threads safe.
    private nonisolated(unsafe) let connection: PostgresConnection
    private let schema: Mutex<SchemaStatus>

    /// What the session found in the schema its `search_path` names.
    enum SchemaStatus: Equatable {
        case current
        /// No ScoreBench tables yet: only `initialize()` works.
        case missing
        /// Tables from an older ScoreBench, which `initialize()` migrates.
        case older(lacking: String)
    }

    /// Connects to the server `connectionString` names and checks its ScoreBench schema.
    ///
    /// A server without a schema opens, so that `initialize()` can create one; every other
    /// method then refuses, saying how to create it.
    ///
    /// - Parameter connectionString: a `postgresql://` URI or `key=value` string, handed to libpq
    ///   as it is (so `PGHOST`, `PGUSER`, `~/.pgpass`, `PGSERVICE` and the rest apply).
    /// - Throws: `PostgresError` when the server cannot be reached or refuses the login;
    ///   `StoreError` when the schema was written by a newer ScoreBench (the caller exits 2).
    public static func open(_ connectionString: String) throws -> PostgresStore {
        try PostgresStore(connection: PostgresConnection(connectionString), location: connectionString)
    }

    /// Takes over a connection made elsewhere (tests set `search_path` through its settings).
    public init(connection: sending PostgresConnection, location: String) throws {
        self.location = location
        // JIT compiling a scan's expressions costs more than it saves on these queries (over a
        // second for a million-row scan, measured), and would only slow every large listing.
        // A task's reads are sorted for a scan: in memory rather than in files on the server.
        // Doubles (calibration thresholds and results) come back exactly as they were stored
        // whatever the server's default for their digits.
        try connection.execute("SET jit = off; SET work_mem = '64MB'; SET extra_float_digits = 3")
        schema = Mutex(try Self.schemaStatus(on: connection))
        self.connection = connection
    }

    // MARK: Running statements

    /// Runs `body` on the connection in a transaction that only reads.
    func reading<T: Sendable>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try schema.withLock { status in
            try Self.requireSchema(status)
            return try connection.transaction(.repeatableRead, readOnly: true) { connection in
                try body(connection)
            }
        }
    }

    /// Runs `body`, which sends one statement, on the connection: one statement sees one moment
    /// of its own, so it needs no transaction around it (and saves the two round trips of one:
    /// a third of the statements of a `next` and `score`).
    func readingOne<T: Sendable>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try schema.withLock { status in
            try Self.requireSchema(status)
            return try body(connection)
        }
    }

    /// Runs `body` on the connection in one READ COMMITTED transaction, committed when it returns.
    ///
    /// Two writers that both saw a slot empty, or both saw the same current read, can only both
    /// try to fill it if one bypassed the read-id lock (`scorebench_next_read_id()` takes it);
    /// then the unique indexes refuse the second, and the transaction runs again, seeing the
    /// first's read: a correction rather than a fork.
    @discardableResult
    func writing<T: Sendable>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try schema.withLock { status in
            try Self.requireSchema(status)
            return try connection.transaction(.readCommitted) { connection in
                do {
                    return try body(connection)
                } catch let error as PostgresError
                    where error.kind == .uniqueViolation && Self.readSlotIndexes.contains(error.constraint ?? "")
                {
                    throw PostgresError(
                        kind: .serializationFailure, sqlState: error.sqlState, message: error.message, detail: error.detail,
                        hint: error.hint, constraint: error.constraint, description: error.description)
                }
            }
        }
    }

    /// The unique indexes that stop two writers filling one read slot.
    private static let readSlotIndexes: Set<String> = ["read_pkey", "read_key", "read_replaced_once"]

    /// Runs `body` with the connection and what it knows of the schema, whatever that is.
    func withSession<T: Sendable>(_ body: (PostgresConnection, inout SchemaStatus) throws -> T) throws -> T {
        try schema.withLock { status in try body(connection, &status) }
    }

    static let missingSchema = StoreError(
        "the server has no ScoreBench schema yet; a coordinator runs: scorebench --db URI -c \"server init\"")

    private static func requireSchema(_ status: SchemaStatus) throws {
        switch status {
        case .current: return
        case .missing: throw missingSchema
        case .older(let lacking):
            throw StoreError(
                "the server's ScoreBench schema is older than this scorebench (it lacks schema change '\(lacking)'); a coordinator runs: scorebench --db URI -c \"server init\"")
        }
    }
}
