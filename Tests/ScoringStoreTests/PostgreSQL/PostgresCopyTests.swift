import Foundation
import Testing
@testable import ScoringStore

/// `COPY … FROM STDIN` loads everything or nothing; `COPY … TO STDOUT` reads it back.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresCopyTests {
    struct BadLine: Error, Equatable {
        var line: Int
    }

    /// A session on `scratch` with an empty `reads` table.
    private func readsTable(_ scratch: ScratchSchema) throws -> PostgresConnection {
        let connection = try scratch.connect()
        try connection.execute("CREATE TABLE reads (id int PRIMARY KEY, rater text NOT NULL, score int NOT NULL, note text)")
        return connection
    }

    @Test func aHundredThousandRowsLoadInOneCopy() throws {
        let scratch = try ScratchSchema()
        let connection = try readsTable(scratch)
        let started = ContinuousClock.now
        let copied = try connection.copyIn(sql: "COPY reads (id, rater, score, note) FROM STDIN") { writer in
            for id in 1...100_000 {
                try writer.writeRow(["\(id)", "r-\(id % 40)", "\(id % 4 + 1)", id % 10 == 0 ? nil : "note \(id)"])
            }
        }
        let elapsed = ContinuousClock.now - started
        #expect(copied == 100_000)
        #expect(try connection.query("SELECT count(*), count(note), sum(score) FROM reads").rows == [["100000", "90000", "250000"]])
        #expect(try connection.query("SELECT rater, score, note FROM reads WHERE id = 12345").rows == [["r-25", "2", "note 12345"]])
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }

    @Test func aBadRowLeavesNothing() throws {
        let scratch = try ScratchSchema()
        let connection = try readsTable(scratch)
        let error = #expect(throws: PostgresError.self) {
            try connection.copyIn(sql: "COPY reads (id, rater, score) FROM STDIN") { writer in
                for id in 1...100_000 {
                    try writer.writeRow(["\(id)", "r-1", id == 50_000 ? "three" : "3"])
                }
            }
        }
        #expect(error?.sqlState == "22P02")
        #expect(error?.description == "invalid input syntax for type integer: \"three\"")
        #expect(try connection.query("SELECT count(*) FROM reads").scalar == "0")
        #expect(connection.isOpen)

        let duplicate = #expect(throws: PostgresError.self) {
            try connection.copyIn(sql: "COPY reads (id, rater, score) FROM STDIN", chunks: ["1\tr-1\t3\n", "1\tr-2\t4\n"])
        }
        #expect(duplicate?.kind == .uniqueViolation)
        #expect(try connection.query("SELECT count(*) FROM reads").scalar == "0")
    }

    @Test func aWriterThatThrowsAbandonsTheCopy() throws {
        let scratch = try ScratchSchema()
        let connection = try readsTable(scratch)
        let error = #expect(throws: BadLine.self) {
            try connection.copyIn(sql: "COPY reads (id, rater, score) FROM STDIN") { writer in
                for id in 1...20_000 {
                    try writer.writeRow(["\(id)", "r-1", "3"])
                }
                throw BadLine(line: 20_001)
            }
        }
        #expect(error == BadLine(line: 20_001))
        #expect(try connection.query("SELECT count(*) FROM reads").scalar == "0")
        #expect(try connection.copyIn(sql: "COPY reads (id, rater, score) FROM STDIN", chunks: ["1\tr-1\t3\n"]) == 1)
    }

    @Test func aCopyInATransactionAbortsIt() throws {
        let scratch = try ScratchSchema()
        let connection = try readsTable(scratch)
        #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO reads VALUES (1, 'r-1', 2, NULL)")
                try connection.copyIn(sql: "COPY reads (id, rater, score) FROM STDIN", chunks: ["2\tr-1\tx\n"])
            }
        }
        #expect(try connection.query("SELECT count(*) FROM reads").scalar == "0")
    }

    @Test func textRoundTripsThroughCopyInAndOut() throws {
        let scratch = try ScratchSchema()
        let connection = try readsTable(scratch)
        let notes = PostgresQueryTests.awkwardTexts
        try connection.copyIn(sql: "COPY reads (id, rater, score, note) FROM STDIN") { writer in
            for (id, note) in notes.enumerated() {
                try writer.writeRow(["\(id)", "r-1", "1", note])
            }
        }
        #expect(try connection.query("SELECT note FROM reads ORDER BY id").rows.map { $0[0] } == notes)

        var data = Data()
        let copied = try connection.copyOut(sql: "COPY (SELECT id, note FROM reads ORDER BY id) TO STDOUT (FORMAT csv)") { chunk in
            data.append(contentsOf: chunk)
        }
        #expect(copied == notes.count)
        let csv = String(decoding: data, as: UTF8.self)
        #expect(csv.hasPrefix("0,\n1,\"\"\n2,plain\n3,\"O'Brien said \"\"no\"\"\"\n"))
    }

    @Test func aReaderThatThrowsLeavesTheConnectionReady() throws {
        let scratch = try ScratchSchema()
        let connection = try readsTable(scratch)
        try connection.execute("INSERT INTO reads SELECT i, 'r-1', 1 FROM generate_series(1, 1000) AS i")
        var seen = 0
        #expect(throws: BadLine.self) {
            try connection.copyOut(sql: "COPY reads TO STDOUT") { _ in
                seen += 1
                if seen == 10 { throw BadLine(line: 10) }
            }
        }
        #expect(seen == 10)
        #expect(try connection.query("SELECT count(*) FROM reads").scalar == "1000")
    }

    @Test func copyNeedsACopyStatement() throws {
        let scratch = try ScratchSchema()
        let connection = try readsTable(scratch)
        #expect(throws: PostgresError.self) { try connection.copyIn(sql: "SELECT 1", chunks: [String]()) }
        let error = #expect(throws: PostgresError.self) { try connection.query("COPY reads FROM STDIN") }
        #expect(error?.message == "COPY … FROM STDIN and TO STDOUT run through copyIn and copyOut")
        #expect(try connection.query("SELECT count(*) FROM reads").scalar == "0")
        #expect(throws: PostgresError.self) { try connection.execute("COPY reads TO STDOUT") }
        #expect(try connection.query("SELECT 2").scalar == "2")
    }
}
