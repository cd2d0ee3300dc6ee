import Foundation
import GRDB
import ScoringCore

/// The SQLite store of rosters, reads with their full history, and the rubric versions reads
/// were given under.
///
/// Every method that writes runs in one immediate transaction: it either commits everything it
/// was asked to do or, on any error, changes nothing.
public final class ScoreStore: Sendable {
    public let writer: any DatabaseWriter

    /// Wraps an open database (in memory for tests, or a file) and brings its schema up to date.
    public init(_ writer: some DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating if needed) the database file at `path`.
    ///
    /// A new file is created with permissions 0600 before SQLite touches it: it holds student
    /// data, and SQLite gives its `-wal` and `-shm` files the same permissions. WAL mode and a
    /// busy timeout let two shells share one database.
    public static func open(path: String) throws -> ScoreStore {
        let descriptor = Foundation.open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError("cannot open database '\(path)': \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -32000")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            return try ScoreStore(queue)
        } catch let error as DatabaseError {
            throw StoreError("cannot open database '\(path)': \(error.message ?? "\(error)")")
        }
    }

    /// A private store in memory, for tests.
    public static func inMemory() throws -> ScoreStore {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try ScoreStore(DatabaseQueue(configuration: configuration))
    }
}
