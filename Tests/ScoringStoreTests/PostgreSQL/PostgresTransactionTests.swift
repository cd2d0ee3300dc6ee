import Foundation
import Synchronization
import Testing
@testable import ScoringStore

/// Transactions commit, roll back, and run again after serialization failures and deadlocks.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresTransactionTests {
    struct Refusal: Error {}

    /// What went wrong on another thread, if anything.
    final class Failure: Sendable {
        let message = Mutex<String?>(nil)
    }

    /// A scratch schema with `counters (id, value)` holding rows 1 and 2 at zero.
    private func counters() throws -> ScratchSchema {
        let scratch = try ScratchSchema()
        try scratch.connect().execute("CREATE TABLE counters (id int PRIMARY KEY, value int NOT NULL); INSERT INTO counters VALUES (1, 0), (2, 0)")
        return scratch
    }

    private func values(_ connection: PostgresConnection) throws -> [String?] {
        try connection.query("SELECT value FROM counters ORDER BY id").rows.map { $0[0] }
    }

    @Test func aTransactionThatReturnsCommits() throws {
        let scratch = try counters()
        let connection = try scratch.connect()
        let returned = try connection.transaction { connection in
            try connection.query("UPDATE counters SET value = 5 WHERE id = 1").affectedRows
        }
        #expect(returned == 1)
        #expect(try values(scratch.connect()) == ["5", "0"])
    }

    @Test func aTransactionThatThrowsChangesNothing() throws {
        let scratch = try counters()
        let connection = try scratch.connect()
        #expect(throws: Refusal.self) {
            try connection.transaction { connection in
                try connection.execute("UPDATE counters SET value = 5")
                throw Refusal()
            }
        }
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.execute("UPDATE counters SET value = 6 WHERE id = 1")
                try connection.execute("INSERT INTO counters VALUES (2, 0)")
            }
        }
        #expect(error?.kind == .uniqueViolation)
        #expect(try values(connection) == ["0", "0"])
        let readOnly = #expect(throws: PostgresError.self) {
            try connection.transaction(.serializable, readOnly: true) { connection in
                try connection.execute("UPDATE counters SET value = 1")
            }
        }
        #expect(readOnly?.sqlState == "25006")
    }

    @Test func aSwallowedErrorCannotPassForACommit() throws {
        let scratch = try counters()
        let connection = try scratch.connect()
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.execute("UPDATE counters SET value = 5 WHERE id = 1")
                _ = try? connection.execute("INSERT INTO counters VALUES (1, 0)")
            }
        }
        #expect(error?.sqlState == "25P02")
        #expect(try values(connection) == ["0", "0"])
    }

    @Test func transactionsDoNotNest() throws {
        let connection = try TestServer.admin()
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.transaction { _ in }
            }
        }
        #expect(error?.message == "a transaction is already open on this connection")
        #expect(try connection.query("SELECT 1").scalar == "1")
    }

    @Test func aSerializationFailureIsRunAgain() throws {
        let scratch = try counters()
        let connection = try scratch.connect()
        let other = try scratch.connect()
        var attempts = 0
        try connection.transaction(.serializable) { connection in
            attempts += 1
            let value = try Int(#require(connection.query("SELECT value FROM counters WHERE id = 1").scalar))!
            if attempts == 1 {
                // Another session changes the row after this transaction's snapshot was taken.
                try other.execute("UPDATE counters SET value = value + 10 WHERE id = 1")
            }
            try connection.query("UPDATE counters SET value = $1 WHERE id = 1", ["\(value + 1)"])
        }
        #expect(attempts == 2)
        #expect(try values(connection) == ["11", "0"])
    }

    @Test func retriesStopAfterTheLastAttempt() throws {
        let scratch = try counters()
        let connection = try scratch.connect()
        let other = try scratch.connect()
        var attempts = 0
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction(.repeatableRead, maxAttempts: 3) { connection in
                attempts += 1
                _ = try connection.query("SELECT value FROM counters WHERE id = 1")
                try other.execute("UPDATE counters SET value = value + 1 WHERE id = 1")
                try connection.execute("UPDATE counters SET value = 0 WHERE id = 1")
            }
        }
        #expect(error?.kind == .serializationFailure)
        #expect(attempts == 3)
        #expect(try values(connection) == ["3", "0"])
    }

    @Test func aDeadlockIsRunAgain() throws {
        let scratch = try counters()
        let connectionString = try TestServer.requiredConnectionString()
        let searchPath = scratch.searchPath
        let otherHoldsRowTwo = DispatchSemaphore(value: 0)
        let rowOneIsTaken = DispatchSemaphore(value: 0)
        let otherDone = DispatchSemaphore(value: 0)
        let otherFailure = Failure()
        // The other session takes row 2, then waits for row 1, which this session holds.
        Thread.detachNewThread {
            defer { otherDone.signal() }
            do throws(PostgresError) {
                let other = try PostgresConnection(connectionString, settings: [searchPath])
                // Never the one to detect the deadlock, so never the one chosen to end it.
                try other.execute("SET deadlock_timeout = '60s'; BEGIN; UPDATE counters SET value = value + 10 WHERE id = 2")
                otherHoldsRowTwo.signal()
                rowOneIsTaken.wait()
                try other.execute("UPDATE counters SET value = value + 10 WHERE id = 1")
                try other.execute("COMMIT")
            } catch {
                otherFailure.message.withLock { $0 = error.description }
                otherHoldsRowTwo.signal()
            }
        }
        otherHoldsRowTwo.wait()
        let connection = try scratch.connect()
        try connection.execute("SET deadlock_timeout = '100ms'")
        var attempts = 0
        try connection.transaction { connection in
            attempts += 1
            try connection.execute("UPDATE counters SET value = value + 1 WHERE id = 1")
            if attempts == 1 {
                rowOneIsTaken.signal()
                Thread.sleep(forTimeInterval: 0.3)
            }
            try connection.execute("UPDATE counters SET value = value + 1 WHERE id = 2")
        }
        otherDone.wait()
        #expect(otherFailure.message.withLock { $0 } == nil)
        #expect(attempts == 2)
        #expect(try values(connection) == ["11", "11"])
    }
}
