import CLibPQ

extension PostgresConnection {
    /// `password` hashed for `user` as the server stores passwords (its `password_encryption`,
    /// SCRAM-SHA-256 by default), the way psql's `\password` does: `CREATE ROLE … PASSWORD` given
    /// the hash never sends the password itself, so it cannot end up in the server's log.
    ///
    /// - Throws: `PostgresError` when libpq cannot ask the server or hash the password.
    public func encryptedPassword(_ password: String, user: String) throws(PostgresError) -> String {
        if password.utf8.contains(0) || user.utf8.contains(0) { throw PostgresError.nulCharacter }
        guard let hashed = PQencryptPasswordConn(handle, password, user, nil) else {
            throw PostgresError(kind: .other, message: lastErrorMessage)
        }
        defer { PQfreemem(hashed) }
        return String(cString: hashed)
    }
}

extension PostgresConnection {
    /// `values` as the text of a PostgreSQL array (`{"a","b",NULL}`), for a parameter cast to
    /// `text[]`: a whole list travels as one parameter, never spliced into SQL.
    public static func arrayLiteral(_ values: [String?]) -> String {
        var text = "{"
        var first = true
        for value in values {
            if !first { text += "," }
            first = false
            guard let value else {
                text += "NULL"
                continue
            }
            text += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}
