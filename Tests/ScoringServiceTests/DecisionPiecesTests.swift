import Foundation
import Testing
import ScoringCore
@testable import ScoringService

/// Decisions rendered a piece at a time on every core come back whole and in order.
struct DecisionPiecesTests {
    /// A service whose essay task has 20,000 students read twice: two chunks of many pieces.
    static func service() throws -> ScoringService {
        let service = try ServiceFixtures.service()
        var csv = "student,task,rater,criterion,score,scored_at\n"
        for student in 0..<20_000 {
            for (order, rater) in ["r-1", "r-2"].enumerated() {
                let stamp = "2026-10-0\(1 + order)T09:00:00Z"
                csv += "p-\(student),essay-task,\(rater),claim,\(1 + (student + order) % 4),\(stamp)\n"
                csv += "p-\(student),essay-task,\(rater),evidence,\(1 + student % 4),\(stamp)\n"
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-pieces-\(UUID().uuidString).csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try service.importScores(path: path, name: "scores.csv", addMissing: true)
        return service
    }

    @Test func piecesJoinedInOrderAreTheDecisions() throws {
        let service = try Self.service()
        let whole = try service.decisions(task: "essay-task", student: nil)
        #expect(whole.count == 20_000)
        var pieces: [[TaskDecision]] = []
        var chunks = 0
        try service.decisions(task: "essay-task", student: nil, render: { $0 }) { rendered in
            chunks += 1
            pieces += rendered
        }
        #expect(chunks == 2 && pieces.count > 2)
        #expect(pieces.flatMap { $0 } == whole)
        #expect(whole.map(\.student) == whole.map(\.student).sorted())
    }

    @Test func anUnreadStudentIsOnePieceOfOne() throws {
        let service = try ServiceFixtures.service()
        var pieces: [[String]] = []
        try service.decisions(task: "essay-task", student: "s-1", render: { $0.map(\.student) }) { pieces += $0 }
        #expect(pieces == [["s-1"]])
    }
}
