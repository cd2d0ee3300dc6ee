import Foundation
import ScoringCore
import Testing
@testable import ScoringStore

/// A small bank for store tests: one single-part essay task on a 1-4 rubric of three criteria,
/// and a two-part capstone.
enum Fixtures {
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
          - { id: style, name: Style }
        decision:
          proficient_at: 3
        """

    static let talkText = """
        id: talk
        title: Talk
        version: 1
        scale:
          - { score: 1, label: Low }
          - { score: 2, label: High }
        criteria:
          - { id: delivery, name: Delivery }
        decision:
          proficient_at: 2
        """

    static func bank(rubricText: String = rubricText) -> Bank {
        Bank.assemble(
            rubrics: [
                Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: rubricText),
                Bank.SourceFile(path: "Rubrics/talk.yaml", id: "talk", text: talkText),
            ],
            tasks: [
                Bank.SourceFile(
                    path: "TaskBank/essay-task.yaml", id: "essay-task",
                    text: "id: essay-task\ntitle: Essay task\nkind: performance-task\nrubric: essay\n"),
                Bank.SourceFile(
                    path: "TaskBank/capstone.yaml", id: "capstone",
                    text: "id: capstone\ntitle: Capstone\nkind: capstone\ncomponents:\n  - { id: paper, rubric: essay }\n  - { id: defense, rubric: talk }\n"),
            ],
            framework: nil)
    }

    static let time = Timestamp(iso8601: "2026-10-05T14:00:00Z")!

    /// A read of the essay task with the three scores given.
    static func essayRead(
        student: String = "s-1", rater: String = "r-1", kind: ReadKind = .read, _ claim: Int, _ evidence: Int, _ style: Int,
        at time: Timestamp = time, note: String? = nil
    ) -> Read {
        Read(
            student: student, task: "essay-task", rater: rater, kind: kind,
            scores: [
                CriterionScore(criterion: "claim", score: claim), CriterionScore(criterion: "evidence", score: evidence),
                CriterionScore(criterion: "style", score: style),
            ], scoredAt: time, note: note, rubric: "essay", rubricVersion: 1)
    }

    /// Expects two scans of a task to hold the same reads, ids and order, field for field.
    static func expectSame(_ scanned: TaskReads, _ expected: TaskReads, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(scanned.count == expected.count, sourceLocation: sourceLocation)
        #expect(scanned.students == expected.students && scanned.raters == expected.raters, sourceLocation: sourceLocation)
        #expect(scanned.components == expected.components && scanned.criteria == expected.criteria, sourceLocation: sourceLocation)
        #expect(
            scanned.student == expected.student && scanned.component == expected.component && scanned.rater == expected.rater,
            sourceLocation: sourceLocation)
        #expect(
            scanned.kind == expected.kind && scanned.scoredAt == expected.scoredAt && scanned.code == expected.code,
            sourceLocation: sourceLocation)
        #expect(
            scanned.scoreStart == expected.scoreStart && scanned.scoreCriterion == expected.scoreCriterion
                && scanned.scoreValue == expected.scoreValue,
            sourceLocation: sourceLocation)
    }

    /// A store holding the given students and raters.
    static func store(_ engine: Engine, students: [String] = ["s-1", "s-2"], raters: [String] = ["r-1", "r-2"]) throws -> any Store {
        let store = try engine.emptyStore()
        for id in students { _ = try store.addStudent(Student(id: id), at: time) }
        for id in raters { _ = try store.addRater(Rater(id: id), at: time) }
        return store
    }

    /// A temporary file holding `text`, removed when the test process ends.
    static func file(_ text: String, name: String = "scores.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

/// A fresh temporary folder, removed with this object.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` in the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
