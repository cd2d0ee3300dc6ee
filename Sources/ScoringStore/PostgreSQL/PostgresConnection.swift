import CLibPQ
import CLibPQLoader
import ScoringCore
import Foundation

/// One session with a PostgreSQL server, through libpq.
///
/// The connection string is handed to libpq unchanged, so every libpq convention holds: a
/// `postgresql://` or `postgres://` URI or a `key=value` string, the `PG*` environment variables,
/// `~/.pgpass`, `PGSERVICE` with `pg_service.conf`, `sslmode` and the rest. Only
/// `client_encoding` is imposed (UTF8, as Swift strings are). Server notices
/// (`NOTICE: table "x" does not exist, skipping`) are collected, never printed.
///
/// A connection is not `Sendable`: libpq lets one thread at a time use a connection, and this type
/// adds no lock. Open one per task or thread; moving it between threads is fine, sharing is not.
/// All methods run synchronously and return when the server has answered.
public final class PostgresConnection {
    /// libpq's `PGconn`; valid until `deinit`.
    let handle: OpaquePointer
    private let notices = NoticeBuffer()
    var preparedStatementCount = 0
    /// Statements `query` has run, by SQL: how often, and the server-side name once prepared.
    var statementCache: [String: CachedStatement] = [:]
    /// Rubric versions this session found saved, with their canonical forms.
    var savedRubricVersions: [RubricVersionKey: String] = [:]

    /// How long connecting was allowed to take: the `connect_timeout` libpq settled on (from the
    /// string, a service file or `PGCONNECT_TIMEOUT`), else ten seconds; nil when it asked for no
    /// limit (0).
    public let connectTimeout: Duration?

    /// Connects, waiting at most `connect_timeout` seconds (ten when neither the string, the
    /// service file nor `PGCONNECT_TIMEOUT` sets it) for the server to answer and accept the login.
    ///
    /// Looking up a host name happens before the clock starts: libpq resolves names
    /// synchronously, so a resolver that hangs delays the error.
    ///
    /// - Parameters:
    ///   - connectionString: a URI or `key=value` string; libpq takes a string without `=` that
    ///     is no URI as a database name, and the empty string as "everything from the environment".
    ///   - settings: libpq keywords that override the string's (say `dbname` to reach a scratch
    ///     database on the same server). `client_encoding` is always UTF8.
    ///   - applicationName: `application_name` unless the string or `PGAPPNAME` sets one.
    /// - Throws: `PostgresError` of kind `invalidConnectionString`, `connectionFailed` (the
    ///   server could not be reached or did not answer in time), `authenticationFailed` or
    ///   `databaseMissing`.
    public init(
        _ connectionString: String, settings: [(keyword: String, value: String)] = [],
        applicationName: String = "scorebench"
    ) throws(PostgresError) {
        try Self.loadLibrary()
        if Self.looksLikeConnectionString(connectionString) {
            try Self.validate(connectionString)
        }
        // The first `dbname` is expanded into the string's settings (expand_dbname); keywords
        // before it are overridden by the string, keywords after it override the string.
        let parameters: [(String, String)] =
            [("fallback_application_name", applicationName), ("dbname", connectionString)]
            + settings.map { ($0.keyword, $0.value) } + [("client_encoding", "UTF8")]
        guard let handle = Self.startConnecting(parameters) else {
            throw PostgresError(kind: .connectionFailed, message: "out of memory", description: "cannot connect to the server: out of memory")
        }
        do {
            connectTimeout = try Self.connectTimeout(setting: Self.option("connect_timeout", of: handle))
        } catch {
            PQfinish(handle)
            throw error
        }
        self.handle = handle
        PQsetNoticeReceiver(handle, { context, result in
            guard let context, let result else { return }
            let buffer = Unmanaged<NoticeBuffer>.fromOpaque(context).takeUnretainedValue()
            buffer.append(PostgresError.field(.primaryMessage, of: result) ?? "")
        }, Unmanaged.passUnretained(notices).toOpaque())
        // Verbose messages carry the server's SQLSTATE, which classifies a refused login.
        PQsetErrorVerbosity(handle, PQERRORS_VERBOSE)
        try finishConnecting()
        PQsetErrorVerbosity(handle, PQERRORS_DEFAULT)
    }

    deinit {
        PQfinish(handle)
    }

    // MARK: Connecting

    /// Loads libpq, which ScoreBench is not linked against (a SQLite store never needs it).
    static func loadLibrary() throws(PostgresError) {
        if let failure = scorebench_libpq_load() {
            let message = String(cString: failure)
            throw PostgresError(kind: .connectionFailed, message: message, description: message)
        }
    }

    private static func startConnecting(_ parameters: [(String, String)]) -> OpaquePointer? {
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        return PQconnectStartParams(keywordPointers, valuePointers, 1)
    }

    /// Drives libpq's non-blocking connect to the end, with one deadline for all of it.
    ///
    /// libpq's blocking connect applies `connect_timeout` to each address it tries, so a name
    /// with two unresponsive addresses takes twice as long; one deadline keeps the promise that
    /// connecting never takes longer than the timeout.
    private func finishConnecting() throws(PostgresError) {
        let deadline = connectTimeout.map { ContinuousClock.now + $0 }
        var state = PGRES_POLLING_WRITING
        while true {
            if PQstatus(handle) == CONNECTION_BAD { state = PGRES_POLLING_FAILED }
            switch state {
            case PGRES_POLLING_OK:
                return
            case PGRES_POLLING_READING, PGRES_POLLING_WRITING:
                let socket = PQsocket(handle)
                guard socket < 0 || Self.wait(for: socket, writing: state == PGRES_POLLING_WRITING, until: deadline) else {
                    throw PostgresError.connectionTimedOut(host: host, port: port, after: connectTimeout)
                }
                state = PQconnectPoll(handle)
            default:
                throw PostgresError.connectionFailure(
                    libpqMessage: String(cString: PQerrorMessage(handle)),
                    needsPassword: PQconnectionNeedsPassword(handle) == 1, user: user)
            }
        }
    }

    /// Waits until the socket is ready; false when the deadline passed first.
    private static func wait(for socket: Int32, writing: Bool, until deadline: ContinuousClock.Instant?) -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(writing ? POLLOUT : POLLIN), revents: 0)
        while true {
            var milliseconds: Int32 = -1
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                if left <= .zero { return false }
                let (seconds, attoseconds) = left.components
                milliseconds = Int32(min(seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1, Int64(Int32.max)))
            }
            let ready = poll(&descriptor, 1, milliseconds)
            // Anything but a timeout or a signal is for PQconnectPoll to find out about.
            if ready > 0 || (ready < 0 && errno != EINTR) { return true }
        }
    }

    /// The bound `connect_timeout` asks for, read as libpq reads it: whole seconds, at least two,
    /// zero or less for none; ten seconds when it is not set (SPEC 12).
    ///
    /// libpq reads `connect_timeout` only when it waits itself, so a malformed value is refused
    /// here, as psql would refuse it.
    static func connectTimeout(setting: String?) throws(PostgresError) -> Duration? {
        guard let setting, !setting.isEmpty else { return .seconds(10) }
        guard let seconds = Int(setting.trimmingCharacters(in: .whitespaces)) else {
            let reason = "invalid integer value \"\(setting)\" for connection option \"connect_timeout\""
            throw PostgresError(kind: .invalidConnectionString, message: reason, description: "invalid connection string: \(reason)")
        }
        if seconds <= 0 { return nil }
        return .seconds(max(seconds, 2))
    }

    /// A string libpq would parse as settings rather than take as a database name.
    private static func looksLikeConnectionString(_ string: String) -> Bool {
        string.hasPrefix("postgresql://") || string.hasPrefix("postgres://") || string.contains("=")
    }

    /// Refuses a malformed string before anything is tried, with libpq's own words.
    private static func validate(_ connectionString: String) throws(PostgresError) {
        var message: UnsafeMutablePointer<CChar>?
        let options = PQconninfoParse(connectionString, &message)
        if let options {
            PQconninfoFree(options)
            return
        }
        let text = message.map { String(cString: $0) } ?? "out of memory"
        PQfreemem(message)
        let reason = text.trimmingCharacters(in: .whitespacesAndNewlines)
        throw PostgresError(kind: .invalidConnectionString, message: reason, description: "invalid connection string: \(reason)")
    }

    /// The value libpq settled on for a connection keyword (from the string, a service file,
    /// the environment or its default); nil when none.
    private static func option(_ keyword: String, of handle: OpaquePointer) -> String? {
        guard let options = PQconninfo(handle) else { return nil }
        defer { PQconninfoFree(options) }
        var option = options
        while let name = option.pointee.keyword {
            if String(cString: name) == keyword { return option.pointee.val.map { String(cString: $0) } }
            option += 1
        }
        return nil
    }

    // MARK: The session

    /// The user name libpq logged in as.
    public var user: String { PQuser(handle).map { String(cString: $0) } ?? "" }
    /// The database connected to.
    public var database: String { PQdb(handle).map { String(cString: $0) } ?? "" }
    /// The server's host name, address, or the folder of its Unix socket.
    public var host: String { PQhost(handle).map { String(cString: $0) } ?? "" }
    public var port: String { PQport(handle).map { String(cString: $0) } ?? "" }

    /// The server's version as a number: 150018 for 15.18.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// The server's version as it reports it, e.g. "15.18 (Debian 15.18-0+deb12u1)".
    public var serverVersionString: String {
        PQparameterStatus(handle, "server_version").map { String(cString: $0) } ?? ""
    }

    /// The role the session acts as (`SELECT current_user`): the login, unless `SET ROLE`
    /// changed it.
    public func currentUser() throws(PostgresError) -> String {
        try query("SELECT current_user").rows[0][0] ?? ""
    }

    /// Whether the session is still usable; false once the server went away.
    public var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The notices the server sent since the last call (at most the last 100), oldest first.
    public func takeNotices() -> [String] {
        notices.take()
    }

    // MARK: Quoting

    /// `name` as an SQL identifier, in double quotes with quotes doubled, for the places that
    /// take no parameters (`CREATE ROLE`, `GRANT`).
    public func quoteIdentifier(_ name: String) throws(PostgresError) -> String {
        try escape(name, PQescapeIdentifier)
    }

    /// `text` as an SQL string literal, for the places that take no parameters
    /// (`CREATE ROLE … PASSWORD`).
    public func quoteLiteral(_ text: String) throws(PostgresError) -> String {
        try escape(text, PQescapeLiteral)
    }

    private func escape(
        _ text: String, _ escape: (OpaquePointer?, UnsafePointer<CChar>?, Int) -> UnsafeMutablePointer<CChar>?
    ) throws(PostgresError) -> String {
        if text.utf8.contains(0) { throw PostgresError.nulCharacter }
        guard let escaped = escape(handle, text, text.utf8.count) else {
            throw PostgresError(kind: .other, message: lastErrorMessage)
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// libpq's message for the last failure on this connection, on one line.
    var lastErrorMessage: String {
        String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Server notices, kept for whoever asks, so that none reaches standard error.
private final class NoticeBuffer {
    private var messages: [String] = []

    func append(_ message: String) {
        if messages.count == 100 { messages.removeFirst() }
        messages.append(message)
    }

    func take() -> [String] {
        defer { messages = [] }
        return messages
    }
}
