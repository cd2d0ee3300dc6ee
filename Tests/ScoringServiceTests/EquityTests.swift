import Foundation
import ScoringCore
import ScoringStore
import Testing
@testable import ScoringService

/// `equity(by:)`: `proficiency --by`'s rows beside all students, suppressed together.
@Suite struct EquityTests {
    /// The service fixtures' essay rubric with `claim` as evidence for ARG, and a framework of it.
    static func service(engine: ServiceEngine) throws -> ScoringService {
        let rubric = ServiceFixtures.rubricText.replacingOccurrences(of: "{ id: claim, name: Claim }", with: "{ id: claim, name: Claim, competency: ARG }")
        let bank = Bank.assemble(
            rubrics: [Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: rubric)],
            tasks: [Bank.SourceFile(path: "TaskBank/essay-task.yaml", id: "essay-task", text: "id: essay-task\ntitle: Essay task\nkind: performance-task\nrubric: essay\n")],
            framework: Bank.SourceFile(
                path: "TaskBank/competencies.yaml", id: "competencies",
                text: "framework: Test\nmethod: most-recent\ncompetencies:\n  - { id: ARG, name: Argument, proficient_at: 3 }\n"))
        let service = ScoringService(
            store: try engine.emptyStore(), bank: bank, content: ContentLocation(rubrics: "Rubrics", bank: "TaskBank"),
            clock: { ServiceFixtures.time })
        for rater in ["r-1", "r-2"] { _ = try service.addRater(Rater(id: rater)) }
        return service
    }

    /// Adds `count` students of `school`, `proficient` of them scoring 3 on claim and the rest 2.
    static func add(_ count: Int, at school: String?, proficient: Int, to service: ScoringService, from first: Int) throws {
        for index in first..<(first + count) {
            let id = "s-\(index)"
            _ = try service.addStudent(Student(id: id, school: school))
            let claim = index - first < proficient ? 3 : 2
            for rater in ["r-1", "r-2"] { _ = try service.record(ServiceFixtures.request(id, rater: rater, claim, 3)) }
        }
    }

    @Test(arguments: ServiceEngine.available) func aCellThatWouldGiveASmallOneAwayIsWithheldToo(engine: ServiceEngine) throws {
        let service = try Self.service(engine: engine)
        try Self.add(13, at: "north", proficient: 7, to: service, from: 1)
        try Self.add(4, at: "south", proficient: 1, to: service, from: 100)
        let summary = try service.equity(by: .school)
        let rows = summary.rows.map { ($0.group, $0.students, $0.proficient, $0.suppression) }
        // All students = north + south: with south withheld (4 students), north (13) would give it away.
        #expect(rows.count == 3)
        #expect(rows[0] == (nil, 17, 8, .shown))
        #expect(rows[1] == ("north", 13, nil, .complementary))
        #expect(rows[2] == ("south", 4, nil, .tooFewStudents))
        #expect(summary.rows[0].rate == 8.0 / 17.0)
        // One competency: the same rows.
        #expect(try service.equity(by: .school, competency: 0).rows == summary.rows)
    }

    @Test(arguments: ServiceEngine.available) func bigEnoughGroupsAreShownBesideAllStudents(engine: ServiceEngine) throws {
        let service = try Self.service(engine: engine)
        try Self.add(12, at: "north", proficient: 9, to: service, from: 1)
        try Self.add(11, at: "south", proficient: 3, to: service, from: 100)
        try Self.add(2, at: nil, proficient: 2, to: service, from: 200)
        let summary = try service.equity(by: .school)
        #expect(summary.rows.map(\.suppression) == [.shown, .shown, .shown])
        #expect(summary.rows.map(\.proficient) == [14, 9, 3])
        #expect(summary.rows.map(\.students) == [25, 12, 11])
        #expect(summary.studentsWithoutGroup == 2)
    }
}
