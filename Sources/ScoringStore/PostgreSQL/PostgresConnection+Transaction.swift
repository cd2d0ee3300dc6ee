import CLibPQ
import Foundation

/// How much a transaction sees of others running at the same time (PostgreSQL manual, 13.2).
public enum PostgresIsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension PostgresConnection {
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// A serialization failure (40001) or deadlock (40P01), from `body` or from the commit, rolls
    /// back and runs `body` again after a short randomized pause, up to `maxAttempts` times in
    /// all; only then is it thrown. `body` may therefore run more than once: it should change
    /// nothing outside the database, and it must let those errors through (not wrap or swallow
    /// them) for them to be retried.
    ///
    /// - Parameters:
    ///   - isolation: the isolation level; serialization failures happen at `repeatableRead`
    ///     and `serializable`, deadlocks at any level.
    ///   - readOnly: starts a `READ ONLY` transaction.
    ///   - maxAttempts: how many times `body` may run, at least once.
    /// - Returns: what `body` returned on the attempt that committed.
    /// - Throws: what `body` threw, or a `PostgresError` from `BEGIN` or `COMMIT`; also when a
    ///   transaction is already open (transactions do not nest) or when `body` swallowed an error
    ///   that aborted the transaction, so that the commit could only roll back.
    public func transaction<T>(
        _ isolation: PostgresIsolationLevel = .readCommitted, readOnly: Bool = false, maxAttempts: Int = 10,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        guard PQtransactionStatus(handle) == PQTRANS_IDLE else {
            throw PostgresError(kind: .other, message: "a transaction is already open on this connection")
        }
        let begin = "BEGIN ISOLATION LEVEL \(isolation.rawValue)" + (readOnly ? " READ ONLY" : "")
        var attempt = 1
        while true {
            do {
                try execute(begin)
                let value = try body(self)
                try commit()
                return value
            } catch let error as PostgresError where error.isRetryable && attempt < maxAttempts {
                rollBackQuietly()
                Thread.sleep(forTimeInterval: Self.pause(beforeAttempt: attempt + 1))
                attempt += 1
            } catch {
                rollBackQuietly()
                throw error
            }
        }
    }

    private func commit() throws(PostgresError) {
        if PQtransactionStatus(handle) == PQTRANS_INERROR { throw Self.abortedTransaction }
        // COMMIT of a transaction that failed reports success with the tag ROLLBACK.
        if try query("COMMIT").command == "ROLLBACK" { throw Self.abortedTransaction }
    }

    private static let abortedTransaction = PostgresError(
        kind: .other, sqlState: "25P02",
        message: "the transaction was rolled back: a statement in it failed and the error was not passed on")

    /// Ends whatever transaction is open; an error here would hide the one that matters.
    private func rollBackQuietly() {
        if PQtransactionStatus(handle) != PQTRANS_IDLE {
            try? execute("ROLLBACK")
        }
    }

    /// Seconds to wait before an attempt: doubling from about 5 ms, capped near 250 ms, and
    /// randomized so that two transactions that collided do not collide again in step.
    static func pause(beforeAttempt attempt: Int) -> TimeInterval {
        let base = min(0.005 * pow(2, Double(attempt - 2)), 0.25)
        return base * Double.random(in: 0.5...1.5)
    }
}
