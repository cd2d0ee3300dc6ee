/// An error from a PostgreSQL server or from libpq, with the server's fields and a kind to act on.
///
/// `description` is one line for the shell's `error: …`: the server's primary message for a
/// statement that failed, and for a connection that could not be made what went wrong and where
/// ("cannot connect to the server at db.example.org:5432: Connection refused",
/// `password authentication failed for user "r-chen"`, `database "event" does not exist`).
public struct PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What a caller may want to do something about; everything else is `other`.
    public enum Kind: Equatable, Sendable {
        /// The connection string itself is malformed (unknown keyword, bad URI); nothing was tried.
        case invalidConnectionString
        /// The server could not be reached, did not answer in time, or the connection was lost.
        case connectionFailed
        /// The server refused the login: wrong or missing password, unknown role, no `pg_hba.conf` entry.
        case authenticationFailed
        /// The server has no database of that name (SQLSTATE 3D000).
        case databaseMissing
        /// 40001: a concurrent transaction made this one impossible to serialize; run it again.
        case serializationFailure
        /// 40P01: this transaction was chosen to break a deadlock; run it again.
        case deadlock
        /// 23505.
        case uniqueViolation
        /// 23503.
        case foreignKeyViolation
        /// 23514.
        case checkViolation
        /// 23502.
        case notNullViolation
        /// 42501: the login lacks a privilege, or row-level security refused a row.
        case insufficientPrivilege
        case other
    }

    public var kind: Kind
    /// The five-character SQLSTATE, when the server (or libpq) gave one.
    public var sqlState: String?
    /// The primary message, as the server or libpq worded it.
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The constraint a violation is about, when the server names one.
    public var constraint: String?
    /// The one-line message for a person.
    public var description: String

    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil, description: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.description = description ?? message
    }

    /// True for the failures a transaction may simply be run again after: serialization
    /// failures and deadlocks.
    public var isRetryable: Bool { kind == .serializationFailure || kind == .deadlock }

    /// The kind PostgreSQL's SQLSTATE stands for (Appendix A of the PostgreSQL manual).
    public static func kind(forSQLState code: String?) -> Kind {
        guard let code else { return .other }
        switch code {
        case "40001": return .serializationFailure
        case "40P01": return .deadlock
        case "23505": return .uniqueViolation
        case "23503": return .foreignKeyViolation
        case "23514": return .checkViolation
        case "23502": return .notNullViolation
        case "42501": return .insufficientPrivilege
        case "3D000": return .databaseMissing
        // 08P01 is a protocol violation (say, a wrong number of parameters): the connection lives on.
        case "08P01": return .other
        // Operator intervention: the server is shutting down or not yet accepting connections.
        case "57P01", "57P02", "57P03": return .connectionFailed
        default:
            if code.hasPrefix("28") { return .authenticationFailed }
            if code.hasPrefix("08") { return .connectionFailed }
            return .other
        }
    }
}
