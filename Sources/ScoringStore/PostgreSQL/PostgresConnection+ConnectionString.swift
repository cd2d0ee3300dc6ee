import CLibPQ

extension PostgresConnection {
    /// Whether `--db` names a PostgreSQL server rather than a SQLite file (SPEC 12).
    ///
    /// A server is named by a `postgresql://` or `postgres://` URI (the prefixes libpq knows, in
    /// lower case), or by a `key=value` connection string that libpq parses in full with nothing
    /// but its own keywords: `dbname=event host=db.example.org`, `service=scoring`,
    /// `host=/run/postgresql dbname='fall event'`. Anything else is a file path, including paths
    /// that merely contain `=` (`a=b.sqlite`, `runs/x=1 y.sqlite`), since `a` and `runs/x` are no
    /// libpq keywords. A file whose name reads as a connection string (`dbname=x.sqlite`) is
    /// reached as `./dbname=x.sqlite`.
    public static func isConnectionString(_ string: String) -> Bool {
        if string.hasPrefix("postgresql://") || string.hasPrefix("postgres://") { return true }
        guard string.contains("=") else { return false }
        // Without libpq nothing can tell; taken as a server, the connection says what is missing.
        guard (try? loadLibrary()) != nil else { return true }
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(string, &message) else {
            PQfreemem(message)
            return false
        }
        PQconninfoFree(options)
        return true
    }
}
