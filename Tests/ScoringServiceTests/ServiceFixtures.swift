import Foundation
import ScoringCore
import ScoringStore
@testable import ScoringService

/// A small bank and a service over a fresh store, for the service's own tests.
enum ServiceFixtures {
    static let rubricText = """
        id: essay
        title: Essay
        version: 1
        scale:
          - { score: 1, label: Beginning }
          - { score: 2, label: Developing }
          - { score: 3, label: Proficient }
          - { score: 4, label: Advanced }
        criteria:
          - { id: claim, name: Claim }
          - { id: evidence, name: Evidence, weight: 2 }
        decision:
          proficient_at: 3
        """

    static let requiredText = rubricText.replacingOccurrences(of: "id: essay", with: "id: gated")
        .replacingOccurrences(of: "decision:", with: "calibration: { required: true }\ndecision:")

    static var bank: Bank {
        Bank.assemble(
            rubrics: [
                Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: rubricText),
                Bank.SourceFile(path: "Rubrics/gated.yaml", id: "gated", text: requiredText),
            ],
            tasks: [
                Bank.SourceFile(path: "TaskBank/essay-task.yaml", id: "essay-task", text: "id: essay-task\ntitle: Essay task\nkind: performance-task\nrubric: essay\n"),
                Bank.SourceFile(path: "TaskBank/gated-task.yaml", id: "gated-task", text: "id: gated-task\ntitle: Gated task\nkind: performance-task\nrubric: gated\n"),
            ],
            framework: nil)
    }

    static let time = Timestamp(iso8601: "2026-10-05T14:00:00Z")!

    /// A service over a fresh store with a lead, an adjudicator, two raters and three students,
    /// acting as nobody (the coordinator).
    static func service(engine: ServiceEngine = .sqlite) throws -> ScoringService {
        let service = ScoringService(
            store: try engine.emptyStore(), bank: bank, content: ContentLocation(rubrics: "Rubrics", bank: "TaskBank"), clock: { time })
        for rater in [Rater(id: "lead-1", role: .lead), Rater(id: "adj-1", role: .adjudicator), Rater(id: "r-1"), Rater(id: "r-2")] {
            _ = try service.addRater(rater)
        }
        for student in ["s-1", "s-2", "s-3"] { _ = try service.addStudent(Student(id: student)) }
        return service
    }

    static func request(
        _ student: String, rater: String? = nil, kind: ReadKind = .read, session: String? = nil, task: String = "essay-task",
        _ claim: Int = 3, _ evidence: Int = 3
    ) -> ReadRequest {
        ReadRequest(
            student: student, task: task, rater: rater, kind: kind, session: session,
            levels: [("claim", String(claim)), ("evidence", String(evidence))])
    }
}

/// The message of the `ServiceError` `body` throws, or nil when it throws none.
func refusal(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as ServiceError {
        return error.message
    } catch {
        return "\(error)"
    }
}
