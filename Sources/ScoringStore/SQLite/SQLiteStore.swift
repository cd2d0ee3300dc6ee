import CSQLiteSettings
import Foundation
import GRDB
import ScoringCore

/// The SQLite store of rosters, reads with their full history, and the rubric versions reads
/// were given under.
///
/// Every method that writes runs in one immediate transaction: it either commits everything it
/// was asked to do or, on any error, changes nothing.
public final class SQLiteStore: Store, Sendable {
    public let writer: any DatabaseWriter
    public let location: String
    public let file: String?

    /// Wraps an open database (in memory for tests, or a file) and brings its schema up to date.
    ///
    /// - Parameter path: the file `writer` opened, as the user named it; nil in memory.
    public convenience init(_ writer: some DatabaseWriter, path: String? = nil) throws {
        try self.init(writer, path: path, migrating: true)
    }

    /// Wraps an open database, bringing its schema up to date unless `migrating` is false (a
    /// file opened only to be read, whose schema is current).
    init(_ writer: some DatabaseWriter, path: String?, migrating: Bool) throws {
        self.writer = writer
        location = path ?? ":memory:"
        file = path
        if migrating { try Self.migrator.migrate(writer) }
    }

    /// Opens (creating if needed) the database file at `path`.
    ///
    /// A new file is created with permissions 0600 before SQLite touches it: it holds student
    /// data, and SQLite gives its `-wal` and `-shm` files the same permissions. WAL mode and a
    /// busy timeout let two shells share one database. A new file gets `pageSize` pages; a
    /// file that exists keeps the size it was made with. One connection first checks that the
    /// file is a ScoreBench store, then sets it up.
    public static func open(path: String) throws -> SQLiteStore {
        _ = settings
        let descriptor = Foundation.open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError("cannot open database '\(path)': \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // Before anything is written: the first write fixes a new file's page size. And
            // before the cache's size, which SQLite turns into a number of pages of the size
            // it then has (after, a 32 MB cache of 4 KiB pages would be 115 MB of 16 KiB ones).
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            try db.execute(sql: "PRAGMA cache_size = -32000")
            // The log is folded into the file once it holds 4 MiB, as with SQLite's default of
            // 1,000 frames of 4 KiB: a shell that records one read now and then pays for each
            // checkpoint what it did before (its default would be 16 MiB of 16 KiB pages).
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? pageSize
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(max(1, 4_194_304 / pages))")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw notSQLite(path)
        } catch let error as DatabaseError {
            throw StoreError("cannot open database '\(path)': \(error.message ?? "\(error)")")
        }
        try refuseForeign(queue, path: path)
        do {
            try queue.writeWithoutTransaction(useWriteAheadLog)
            return try SQLiteStore(queue, path: path)
        } catch let error as DatabaseError {
            throw StoreError("cannot open database '\(path)': \(error.message ?? "\(error)")")
        }
    }

    /// Puts the store in WAL mode (it stays so, in the file) and syncs at checkpoints only.
    ///
    /// This is what GRDB's `journalMode = .wal` does, less its write on opening a file that has
    /// no `-wal` beside it (as every shell leaves it): a table created and dropped to make one,
    /// for its `DatabasePool` readers. The store has none, so a shell that only reads no longer
    /// writes and syncs the file twice to start.
    private static func useWriteAheadLog(_ db: Database) throws {
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
            throw DatabaseError(message: "it cannot be put in write-ahead log mode")
        }
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }

    /// SQLite found no database in the file, on opening it or on first reading it.
    private static func notSQLite(_ path: String) -> StoreError {
        StoreError("cannot open '\(path)': it is not a SQLite database, so not a ScoreBench store; give another --db")
    }

    /// Refuses a file that is not a ScoreBench store before anything writes to it: another
    /// application's database (which would otherwise gain ScoreBench's tables and WAL mode), a
    /// file that is not SQLite, or a store from a newer ScoreBench. An empty file is a new store.
    private static func refuseForeign(_ queue: DatabaseQueue, path: String) throws {
        let probe: (tables: [String], applied: [String])
        do {
            probe = try queue.read { db in
                let tables = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")
                let applied = tables.contains("grdb_migrations")
                    ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
                return (tables, applied)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw notSQLite(path)
        } catch let error as DatabaseError {
            throw StoreError("cannot open '\(path)': \(error.message ?? "\(error)")")
        }
        guard !probe.tables.isEmpty else { return }
        let known = Set(migrator.migrations)
        guard let first = migrator.migrations.first, probe.applied.contains(first) else {
            let shown = probe.tables.prefix(5).joined(separator: ", ") + (probe.tables.count > 5 ? ", …" : "")
            throw StoreError(
                "cannot open '\(path)': it is a SQLite database but not a ScoreBench store (it holds \(Format.count(probe.tables.count, "table")): \(shown)); nothing was changed; give another --db")
        }
        if let unknown = probe.applied.first(where: { !known.contains($0) }) {
            throw StoreError(
                "cannot open '\(path)': it was written by a newer ScoreBench (schema change '\(unknown)'); upgrade scorebench to use it; nothing was changed")
        }
    }

    /// The page size of a new store file. A statewide first load writes every page it makes
    /// through the write-ahead log, one frame (two writes) per page, then copies them into the
    /// file: with 16 KiB pages instead of SQLite's 4 KiB, a quarter as many. That took the
    /// 1,000,000-row import from 1.05 s to 0.94 s (medians of 7, `sqlite3 .import` 1.03 s the
    /// same run). A read recorded alone rewrites a few pages, now 16 KiB each: the event
    /// benchmark's `next` + `score` round trip kept its p50 of 3–4 ms, and with the checkpoint
    /// still at 4 MiB of log (`open`) its p99 of under 10 ms (16 ms with SQLite's 1,000 frames).
    static let pageSize = 16_384

    /// SQLite's process-wide settings, made before its first use (`scorebench_sqlite_settings`).
    static let settings: Void = { _ = scorebench_sqlite_settings() }()

    /// A private store in memory, for tests.
    public static func inMemory() throws -> SQLiteStore {
        _ = settings
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try SQLiteStore(DatabaseQueue(configuration: configuration))
    }
}
