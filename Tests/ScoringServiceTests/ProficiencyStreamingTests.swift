import Foundation
import ScoringCore
import ScoringStore
import Testing
@testable import ScoringService

/// `proficiency` and `proficiency --by` read a statewide roster a range of students at a time:
/// however small the ranges, the roll-ups and the suppressed counts are those of one range.
@Suite struct ProficiencyStreamingTests {
    /// Two tasks of one rubric whose claim is evidence for ARG and evidence for EVI.
    static func service(engine: ServiceEngine) throws -> ScoringService {
        let rubric = ServiceFixtures.rubricText
            .replacingOccurrences(of: "{ id: claim, name: Claim }", with: "{ id: claim, name: Claim, competency: ARG }")
            .replacingOccurrences(of: "{ id: evidence, name: Evidence, weight: 2 }", with: "{ id: evidence, name: Evidence, weight: 2, competency: EVI }")
        let bank = Bank.assemble(
            rubrics: [Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: rubric)],
            tasks: ["essay-task", "essay-two"].map { id in
                Bank.SourceFile(path: "TaskBank/\(id).yaml", id: id, text: "id: \(id)\ntitle: \(id)\nkind: performance-task\nrubric: essay\n")
            },
            framework: Bank.SourceFile(
                path: "TaskBank/competencies.yaml", id: "competencies",
                text: """
                    framework: Test
                    method: decaying-average
                    weight: 0.65
                    competencies:
                      - { id: ARG, name: Argument, proficient_at: 3, required: true }
                      - { id: EVI, name: Evidence, proficient_at: 3, method: most-recent }

                    """))
        let service = ScoringService(
            store: try engine.emptyStore(), bank: bank, content: ContentLocation(rubrics: "Rubrics", bank: "TaskBank"),
            clock: { ServiceFixtures.time })
        for rater in [Rater(id: "lead-1", role: .lead), Rater(id: "r-1"), Rater(id: "r-2")] { _ = try service.addRater(rater) }
        return service
    }

    /// 44 students: schools, grades and groups with small cells among them; on the first task
    /// two reads that agree, but for some that need adjudication and some with one read; on the
    /// second, every other student, some dated before the first task and some after.
    static func fill(_ service: ScoringService) throws {
        let day: Int64 = 86_400
        for index in 0..<44 {
            let id = "s-\(index)"
            let school: String? = index < 30 ? "north" : index < 36 ? "south" : index < 40 ? "west" : nil
            let grade = index % 9 == 4 ? "12" : index % 2 == 0 ? "9" : "10"
            let groups = (index % 3 == 0 ? ["ell"] : []) + (index % 5 == 0 ? ["frl"] : [])
            _ = try service.addStudent(Student(id: id, grade: grade, school: school, groups: groups))
            let claim = 2 + index % 2, evidence = 1 + index % 4
            func read(_ task: String, _ rater: String, _ claim: Int, _ evidence: Int, days: Int64) throws {
                _ = try service.record(
                    ReadRequest(
                        student: id, task: task, rater: rater, scoredAt: Timestamp(seconds: ServiceFixtures.time.seconds + days * day),
                        levels: [("claim", String(claim)), ("evidence", String(evidence))]))
            }
            try read("essay-task", "r-1", claim, evidence, days: 1)
            if index % 7 != 3 { try read("essay-task", "r-2", index % 11 == 5 ? 4 : claim, evidence, days: 2) }
            if index % 2 == 0 {
                let days: Int64 = index % 4 == 0 ? 5 : -5
                try read("essay-two", "r-2", 1 + index % 4, 4 - index % 3, days: days)
                try read("essay-two", "r-1", 1 + index % 4, 4 - index % 3, days: days)
            }
        }
        // An anchor of an open session: a rater sees none of its reads but their own.
        _ = try service.record(
            ReadRequest(student: "s-2", task: "essay-task", rater: "lead-1", kind: .master, levels: [("claim", "3"), ("evidence", "3")]))
        _ = try service.openSession("cal", task: "essay-task", component: nil, exact: nil, withinOne: nil)
        _ = try service.addAnchors(["s-2"], to: "cal")
    }

    struct Results {
        var students: [StudentProficiency]
        var one: [StudentProficiency]
        var rows: [[GroupSummary]]
        var withoutGroup: [Int]
        var ranges: Int
    }

    static func results(_ service: ScoringService) throws -> Results {
        let rollup = try service.competencyRollup()
        let summaries = try GroupingAttribute.allCases.map { try service.equity(by: $0) }
        var ranges = 0
        try service.proficiency(rollup: rollup, only: nil) { _, _ in ranges += 1 }
        return Results(
            students: try service.proficiency(rollup: rollup, only: nil), one: try service.proficiency(rollup: rollup, only: "s-10"),
            rows: summaries.map(\.rows), withoutGroup: summaries.map(\.studentsWithoutGroup), ranges: ranges)
    }

    @Test(arguments: ServiceEngine.available) func rangesOfAFewStudentsGiveWhatOneRangeGives(engine: ServiceEngine) throws {
        let service = try Self.service(engine: engine)
        try Self.fill(service)
        for identity in [nil, "r-1"] {
            _ = try service.act(as: identity)
            service.studentsPerChunk = 16_384
            let whole = try Self.results(service)
            #expect(whole.ranges == 1)
            #expect(whole.students.count == 44)
            // The roster cut every n students: 44 / n ranges and one past the last bound.
            for size in [1, 2, 3, 7, 43, 44] {
                service.studentsPerChunk = size
                let chunked = try Self.results(service)
                let comment: Comment = "\(size) students at a time, acting as \(identity ?? "the coordinator")"
                #expect(chunked.ranges == 44 / size + 1, comment)
                #expect(chunked.students == whole.students, comment)
                #expect(chunked.one == whole.one, comment)
                #expect(chunked.rows == whole.rows, comment)
                #expect(chunked.withoutGroup == whole.withoutGroup, comment)
            }
        }
        // What the comparison covers: small cells and the cells that would give them away, and
        // a rater's view without the open session's anchor.
        service.studentsPerChunk = 3
        _ = try service.act(as: nil)
        let coordinator = try Self.results(service)
        let suppressions = Set(coordinator.rows.joined().map(\.suppression))
        #expect(suppressions == [.shown, .tooFewStudents, .complementary])
        #expect(coordinator.withoutGroup[0] > 0)
        _ = try service.act(as: "r-1")
        let rater = try Self.results(service)
        let anchor = { (results: Results) in results.students.first { $0.student == "s-2" }?.results.map(\.evidence) }
        #expect(anchor(coordinator) == [2, 2])
        #expect(anchor(rater) == [1, 1])
    }
}
