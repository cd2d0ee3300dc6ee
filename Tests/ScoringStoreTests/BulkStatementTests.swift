import GRDB
import Testing
@testable import ScoringStore

/// The statement a bulk load binds values to directly, skipping values equal to the row
/// before's.
struct BulkStatementTests {
    @Test func eachRowGetsExactlyTheValuesBoundForIt() throws {
        let queue = try DatabaseQueue()
        let rows = try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, a, b, c)")
            let insert = try BulkStatement(db, sql: "INSERT INTO t (n, a, b, c) VALUES (?, ?, ?, ?)")
            // Text, then the same text again (skipped), then '' (not NULL), NULL, and an
            // integer in a column that held text; bytes always bind, whatever came before.
            let values: [(String?, Int64?, [UInt8])] = [
                ("x", 1, Array("claim=3".utf8)), ("x", 1, Array("claim=3".utf8)), ("", nil, []), (nil, 2, Array("é=1".utf8)),
                ("y", 2, Array("claim=10;evidence=2".utf8)),
            ]
            for (number, (text, integer, bytes)) in values.enumerated() {
                insert.bind(1, Int64(number))
                insert.bind(2, text)
                insert.bind(3, integer)
                insert.bind(4, utf8: bytes)
                try insert.step()
            }
            return try Row.fetchAll(db, sql: "SELECT a, typeof(a) AS at, b, typeof(b) AS bt, c, typeof(c) AS ct FROM t ORDER BY n")
        }
        #expect(rows.map { $0["a"] as String? } == ["x", "x", "", nil, "y"])
        #expect(rows.map { $0["at"] as String } == ["text", "text", "text", "null", "text"])
        #expect(rows.map { $0["b"] as Int64? } == [1, 1, nil, 2, 2])
        #expect(rows.map { $0["c"] as String } == ["claim=3", "claim=3", "", "é=1", "claim=10;evidence=2"])
        #expect(rows.map { $0["ct"] as String } == ["text", "text", "text", "text", "text"])
    }

    @Test func aFailingStepSaysWhyAndTheNextRowStillGoesIn() throws {
        let queue = try DatabaseQueue()
        let count = try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT NOT NULL)")
            let insert = try BulkStatement(db, sql: "INSERT INTO t (a) VALUES (?)")
            insert.bind(1, nil as String?)
            let error = #expect(throws: DatabaseError.self) { try insert.step() }
            #expect(error?.message == "NOT NULL constraint failed: t.a")
            insert.bind(1, "kept")
            try insert.step()
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM t WHERE a = 'kept'")
        }
        #expect(count == 1)
    }
}
