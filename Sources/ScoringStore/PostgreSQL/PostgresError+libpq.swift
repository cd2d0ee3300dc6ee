import CLibPQ
import Foundation

extension PostgresError {
    /// The error a failed statement's result carries, with the server's fields.
    ///
    /// A statement that failed because the server went away is `connectionFailed`, whatever the
    /// server managed to say.
    init(result: OpaquePointer?, connection: OpaquePointer) {
        let lost = PQstatus(connection) == CONNECTION_BAD
        let code = result.flatMap { Self.field(.sqlState, of: $0) }
        var message = result.flatMap { Self.field(.primaryMessage, of: $0) }
        if message == nil {
            // libpq's own failures (a lost connection) have no fields, only the message.
            let text = result.map { String(cString: PQresultErrorMessage($0)) } ?? ""
            message = Self.firstLine(text.isEmpty ? String(cString: PQerrorMessage(connection)) : text)
        }
        let primary = message ?? "unknown error"
        self.init(
            kind: lost ? .connectionFailed : Self.kind(forSQLState: code),
            sqlState: code, message: primary,
            detail: result.flatMap { Self.field(.detail, of: $0) },
            hint: result.flatMap { Self.field(.hint, of: $0) },
            constraint: result.flatMap { Self.field(.constraint, of: $0) },
            description: lost ? "lost the connection to the server: \(primary)" : primary)
    }

    /// One field of a result's error or notice, nil when absent.
    static func field(_ field: Field, of result: OpaquePointer) -> String? {
        PQresultErrorField(result, Int32(field.rawValue)).map { String(cString: $0) }
    }

    /// libpq's `PG_DIAG_…` codes, which are character constants Swift does not import.
    enum Field: UInt8 {
        case sqlState = 0x43  // 'C'
        case primaryMessage = 0x4D  // 'M'
        case detail = 0x44  // 'D'
        case hint = 0x48  // 'H'
        case constraint = 0x6E  // 'n'
    }

    static let nulCharacter = PostgresError(
        kind: .other, sqlState: "22021", message: "a text value cannot contain the NUL character (\\0)")

    /// A connection attempt that reached none of its deadlines.
    static func connectionTimedOut(host: String, port: String, after timeout: Duration?) -> PostgresError {
        let seconds = timeout.map { " after \($0.components.seconds) s" } ?? ""
        let server = host.hasPrefix("/") || host.hasPrefix("@")
            ? "on socket \(host)/.s.PGSQL.\(port)" : "at \(hostAndPort(host, port))"
        return PostgresError(
            kind: .connectionFailed, message: "timeout expired",
            description: "cannot connect to the server \(server): timeout expired\(seconds)")
    }

    /// The error for libpq's account of a failed connection.
    ///
    /// libpq words it as one or more attempts, one per host or address tried:
    ///
    ///     connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused
    ///     \tIs the server running on that host and accepting TCP/IP connections?
    ///     connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: FATAL:  3D000: database "x" does not exist
    ///     LOCATION:  InitPostgres, postinit.c:885
    ///
    /// (with verbose errors, the server's SQLSTATE follows its severity). The attempt the
    /// server answered with an error explains most; otherwise the last one does.
    static func connectionFailure(libpqMessage: String, needsPassword: Bool, user: String) -> PostgresError {
        var attempts: [ConnectionAttempt] = []
        for line in libpqMessage.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("connection to server "), let failed = line.range(of: " failed: ") {
                let target = line[line.index(line.startIndex, offsetBy: "connection to server ".count)..<failed.lowerBound]
                attempts.append(ConnectionAttempt(target: String(target), reason: String(line[failed.upperBound...])))
            } else if line.hasPrefix("DETAIL:  "), !attempts.isEmpty {
                attempts[attempts.count - 1].detail = String(line.dropFirst("DETAIL:  ".count))
            } else if line.hasPrefix("HINT:  "), !attempts.isEmpty {
                attempts[attempts.count - 1].hint = String(line.dropFirst("HINT:  ".count))
            } else if line.hasPrefix("\t") || line.hasPrefix("LOCATION:  ") {
                continue
            } else {
                attempts.append(ConnectionAttempt(target: nil, reason: String(line)))
            }
        }
        let attempt = attempts.last(where: { $0.sqlState != nil }) ?? attempts.last
            ?? ConnectionAttempt(target: nil, reason: "unknown error")
        let code = attempt.sqlState
        var kind = kind(forSQLState: code)
        if kind != .authenticationFailed && kind != .databaseMissing {
            kind = needsPassword ? .authenticationFailed : .connectionFailed
        }
        let description: String
        switch kind {
        case .authenticationFailed where code == nil && needsPassword:
            description = "no password was given for user \"\(user)\" (in the connection string, PGPASSWORD or ~/.pgpass)"
        case .authenticationFailed, .databaseMissing:
            description = attempt.message
        default:
            let server = attempt.target.map { " " + serverDescription($0) } ?? ""
            description = "cannot connect to the server\(server): \(attempt.message)"
        }
        return PostgresError(
            kind: kind, sqlState: code, message: attempt.message, detail: attempt.detail, hint: attempt.hint,
            description: description)
    }

    /// `on socket "/run/…/.s.PGSQL.5432"` → `on socket /run/…/.s.PGSQL.5432`;
    /// `at "db" (10.0.0.5), port 5432` → `at db:5432`.
    private static func serverDescription(_ target: String) -> String {
        if target.hasPrefix("on socket ") {
            return "on socket " + target.dropFirst("on socket ".count).trimmingCharacters(in: ["\""])
        }
        guard target.hasPrefix("at \""), let portRange = target.range(of: ", port ") else { return target }
        let rest = target.dropFirst(4)
        let host = rest.prefix(while: { $0 != "\"" })
        return "at " + hostAndPort(String(host), String(target[portRange.upperBound...]))
    }

    private static func hostAndPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func firstLine(_ text: String) -> String? {
        text.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

/// One host or address libpq tried, as its error message tells it.
private struct ConnectionAttempt {
    var target: String?
    /// What went wrong: libpq's words, or the server's severity, SQLSTATE and message.
    var reason: String
    var detail: String?
    var hint: String?

    /// The server's SQLSTATE, from `FATAL:  28P01: password …` (the severity may be translated).
    var sqlState: String? { server?.code }

    var message: String { server?.message ?? reason }

    private var server: (code: String, message: String)? {
        guard let separator = reason.range(of: ":  ") else { return nil }
        let rest = reason[separator.upperBound...]
        let code = rest.prefix(5)
        guard code.count == 5, code.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }),
              rest.dropFirst(5).hasPrefix(": ")
        else { return nil }
        return (String(code), String(rest.dropFirst(7)))
    }
}
