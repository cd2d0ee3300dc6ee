import Testing
@testable import ScoringStore

/// What needs no server: telling a connection string from a file path, reading
/// `connect_timeout`, and turning libpq's messages into errors.
@Suite struct PostgresConnectionStringTests {
    @Test(arguments: [
        "postgresql://db.example.org/event",
        "postgres://r-chen@db.example.org:5433/event?sslmode=require",
        "postgresql:///event?host=/var/run/postgresql",
        "postgresql://",
        "dbname=event",
        "dbname=event host=db.example.org",
        "host=/var/run/postgresql dbname='fall event' user=r-chen",
        "  dbname = event  ",
        "service=scoring",
        "dbname=x.sqlite",
    ])
    func serversAreNamedByURIsAndKeywordStrings(_ string: String) {
        #expect(PostgresConnection.isConnectionString(string))
    }

    @Test(arguments: [
        "scorebench.sqlite",
        "/home/lin/scores/event.sqlite",
        "a=b.sqlite",
        "runs/x=1 y.sqlite",
        "./dbname=x.sqlite",
        "dbname=x stray",
        "dbname='unterminated",
        "POSTGRESQL://db/event",
        "postgresql:/db",
        "event",
        "=",
        "",
    ])
    func everythingElseIsAFilePath(_ string: String) {
        #expect(!PostgresConnection.isConnectionString(string))
    }

    @Test func connectTimeoutDefaultsToTenSecondsAndIsAtLeastTwo() throws {
        #expect(try PostgresConnection.connectTimeout(setting: nil) == .seconds(10))
        #expect(try PostgresConnection.connectTimeout(setting: "") == .seconds(10))
        #expect(try PostgresConnection.connectTimeout(setting: "3") == .seconds(3))
        #expect(try PostgresConnection.connectTimeout(setting: " 4 ") == .seconds(4))
        #expect(try PostgresConnection.connectTimeout(setting: "1") == .seconds(2))
        #expect(try PostgresConnection.connectTimeout(setting: "0") == nil)
        #expect(try PostgresConnection.connectTimeout(setting: "-5") == nil)
        let error = #expect(throws: PostgresError.self) { try PostgresConnection("dbname=x connect_timeout=soon") }
        #expect(error?.kind == .invalidConnectionString)
        #expect(error?.description == "invalid connection string: invalid integer value \"soon\" for connection option \"connect_timeout\"")
    }

    @Test func aMalformedStringIsRefusedBeforeAnythingIsTried() {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection("dbname=event colour=blue") }
        #expect(error?.kind == .invalidConnectionString)
        #expect(error?.description == "invalid connection string: invalid connection option \"colour\"")
        let uri = #expect(throws: PostgresError.self) { try PostgresConnection("postgresql://db/event?colour=blue") }
        #expect(uri?.kind == .invalidConnectionString)
    }

    @Test func aRefusedPasswordIsAnAuthenticationFailure() {
        let error = PostgresError.connectionFailure(
            libpqMessage: """
                connection to server at "127.0.0.1", port 5432 failed: FATAL:  28P01: password authentication failed for user "r-chen"
                LOCATION:  auth_failed, auth.c:330

                """,
            needsPassword: false, user: "r-chen")
        #expect(error == PostgresError(
            kind: .authenticationFailed, sqlState: "28P01", message: "password authentication failed for user \"r-chen\""))
    }

    @Test func aMissingPasswordSaysWhereOneCouldBeGiven() {
        let error = PostgresError.connectionFailure(
            libpqMessage: "connection to server at \"127.0.0.1\", port 5432 failed: fe_sendauth: no password supplied\n",
            needsPassword: true, user: "r-chen")
        #expect(error.kind == .authenticationFailed)
        #expect(error.description == "no password was given for user \"r-chen\" (in the connection string, PGPASSWORD or ~/.pgpass)")
    }

    @Test func aMissingDatabaseIsNamed() {
        let error = PostgresError.connectionFailure(
            libpqMessage: """
                connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  3D000: database "event" does not exist
                LOCATION:  InitPostgres, postinit.c:885

                """,
            needsPassword: false, user: "root")
        #expect(error.kind == .databaseMissing)
        #expect(error.sqlState == "3D000")
        #expect(error.description == "database \"event\" does not exist")
    }

    @Test func anUnreachableServerIsNamedByHostAndPort() {
        let refused = PostgresError.connectionFailure(
            libpqMessage: """
                connection to server at "localhost" (::1), port 5999 failed: Connection refused
                \tIs the server running on that host and accepting TCP/IP connections?
                connection to server at "localhost" (127.0.0.1), port 5999 failed: Connection refused
                \tIs the server running on that host and accepting TCP/IP connections?

                """,
            needsPassword: false, user: "root")
        #expect(refused.kind == .connectionFailed)
        #expect(refused.description == "cannot connect to the server at localhost:5999: Connection refused")

        let socket = PostgresError.connectionFailure(
            libpqMessage: """
                connection to server on socket "/tmp/.s.PGSQL.5999" failed: No such file or directory
                \tIs the server running locally and accepting connections on that socket?

                """,
            needsPassword: false, user: "root")
        #expect(socket.description == "cannot connect to the server on socket /tmp/.s.PGSQL.5999: No such file or directory")

        let name = PostgresError.connectionFailure(
            libpqMessage: "could not translate host name \"db.invalid\" to address: Name or service not known\n",
            needsPassword: false, user: "root")
        #expect(name.kind == .connectionFailed)
        #expect(name.description == "cannot connect to the server: could not translate host name \"db.invalid\" to address: Name or service not known")
    }

    @Test func aServerThatIsFullIsAConnectionFailure() {
        let error = PostgresError.connectionFailure(
            libpqMessage: "connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  53300: sorry, too many clients already\n",
            needsPassword: false, user: "root")
        #expect(error.kind == .connectionFailed)
        #expect(error.sqlState == "53300")
        #expect(error.description == "cannot connect to the server at db:5432: sorry, too many clients already")
    }

    @Test func sqlStatesClassifyErrors() {
        #expect(PostgresError.kind(forSQLState: "40001") == .serializationFailure)
        #expect(PostgresError.kind(forSQLState: "40P01") == .deadlock)
        #expect(PostgresError.kind(forSQLState: "23505") == .uniqueViolation)
        #expect(PostgresError.kind(forSQLState: "23503") == .foreignKeyViolation)
        #expect(PostgresError.kind(forSQLState: "23514") == .checkViolation)
        #expect(PostgresError.kind(forSQLState: "23502") == .notNullViolation)
        #expect(PostgresError.kind(forSQLState: "42501") == .insufficientPrivilege)
        #expect(PostgresError.kind(forSQLState: "3D000") == .databaseMissing)
        #expect(PostgresError.kind(forSQLState: "28000") == .authenticationFailed)
        #expect(PostgresError.kind(forSQLState: "08006") == .connectionFailed)
        #expect(PostgresError.kind(forSQLState: "57P01") == .connectionFailed)
        #expect(PostgresError.kind(forSQLState: "08P01") == .other)
        #expect(PostgresError.kind(forSQLState: "42P01") == .other)
        #expect(PostgresError.kind(forSQLState: nil) == .other)
    }
}
