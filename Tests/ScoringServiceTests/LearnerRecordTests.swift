import Foundation
import ScoringCore
import ScoringExchange
import Testing
@testable import ScoringService

/// The learner record a student's transcript becomes: competencies with evidence only, the scale
/// of the rubrics behind each, the tasks in the order of their first evidence.
@Suite struct LearnerRecordTests {
    /// An essay on 1-4 and a lab report on 0-3, both evidence for ARG; COM has no rubric row.
    static let bank = Bank.assemble(
        rubrics: [
            Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: """
                id: essay
                title: Essay
                version: 1
                scale:
                  - { score: 1, label: Beginning }
                  - { score: 2, label: Developing }
                  - { score: 3, label: Proficient }
                  - { score: 4, label: Advanced }
                criteria:
                  - { id: claim, name: Claim, competency: ARG }
                  - { id: style, name: Style }
                decision:
                  proficient_at: 3
                resolution:
                  reads: 1
                """),
            Bank.SourceFile(path: "Rubrics/lab.yaml", id: "lab", text: """
                id: lab
                title: Lab report
                version: 1
                scale:
                  - { score: 0, label: Not yet }
                  - { score: 1, label: Emerging }
                  - { score: 2, label: Capable }
                  - { score: 3, label: Strong }
                criteria:
                  - { id: reasoning, name: Reasoning, competency: ARG }
                decision:
                  proficient_at: 2
                resolution:
                  reads: 1
                """),
        ],
        tasks: [
            Bank.SourceFile(path: "TaskBank/essay-task.yaml", id: "essay-task", text: "id: essay-task\ntitle: Essay task\nkind: performance-task\nrubric: essay\n"),
            Bank.SourceFile(path: "TaskBank/lab-task.yaml", id: "lab-task", text: "id: lab-task\ntitle: Lab task\nkind: portfolio\nrubric: lab\n"),
        ],
        framework: Bank.SourceFile(path: "TaskBank/competencies.yaml", id: "competencies", text: """
            framework: Test Portrait
            competencies:
              - { id: ARG, name: Argument, proficient_at: 3 }
              - { id: COM, name: Communication, proficient_at: 2 }
            """))

    static func service(engine: ServiceEngine) throws -> ScoringService {
        let service = ScoringService(
            store: try engine.emptyStore(), bank: bank, content: ContentLocation(rubrics: "Rubrics", bank: "TaskBank"),
            clock: { ServiceFixtures.time })
        _ = try service.addRater(Rater(id: "r-1"))
        for student in ["s-1", "s-2", "s-3"] { _ = try service.addStudent(Student(id: student)) }
        func score(_ student: String, _ task: String, _ at: String, _ levels: [(criterion: String, level: String)]) throws {
            _ = try service.record(ReadRequest(
                student: student, task: task, rater: "r-1", scoredAt: Timestamp(iso8601: at), levels: levels))
        }
        try score("s-1", "essay-task", "2026-10-01T09:00:00Z", [("claim", "3"), ("style", "2")])
        try score("s-1", "lab-task", "2026-10-08T09:00:00Z", [("reasoning", "2")])
        try score("s-2", "essay-task", "2026-10-02T09:00:00Z", [("claim", "1"), ("style", "1")])
        return service
    }

    @Test(arguments: ServiceEngine.available)
    func aRecordHoldsTheCompetenciesWithEvidenceAndTheScalesBehindThem(on engine: ServiceEngine) throws {
        let service = try Self.service(engine: engine)
        let record = try service.learnerRecord(for: try service.student("s-1"))
        #expect(record.student == "s-1" && record.framework == "Test Portrait")
        #expect(record.competencies.map(\.id) == ["ARG"])
        let argument = try #require(record.competencies.first)
        // Decaying average 0.65 * 2 + 0.35 * 3, oldest first.
        #expect(abs(argument.value - 2.35) < 1e-12 && !argument.proficient && argument.evidenceCount == 2)
        #expect(argument.requirement == "a value of 3 or more")
        #expect(argument.method == "decaying-average (weight 0.65 on each newer score)")
        #expect(argument.tasks.map(\.task) == ["essay-task", "lab-task"])
        #expect(argument.tasks.map(\.kind) == ["performance-task", "portfolio"])
        #expect(argument.tasks[0].scores == [
            LearnerRecord.Score(date: Timestamp(iso8601: "2026-10-01T09:00:00Z")!, component: "main", criterion: "claim", score: 3)
        ])
        // The two scales together; where both name a score, the newer evidence's rubric (lab) names it.
        #expect(argument.levels.map(\.score) == [0, 1, 2, 3, 4])
        #expect(argument.levels.map(\.label) == ["Not yet", "Emerging", "Capable", "Strong", "Advanced"])
        #expect(argument.achievedLevel?.score == 2)
    }

    @Test(arguments: ServiceEngine.available)
    func aRecordIsOnlyOfItsStudent(on engine: ServiceEngine) throws {
        let service = try Self.service(engine: engine)
        let record = try service.learnerRecord(for: try service.student("s-2"))
        #expect(record.competencies.map(\.value) == [1])
        #expect(record.competencies.flatMap(\.tasks).map(\.task) == ["essay-task"])
        let export = try service.clrCredential(for: try service.student("s-2"), keyFile: nil, issuerName: nil)
        #expect(!export.document.encoded.contains("s-1") && export.document.encoded.contains("\"s-2\""))
        #expect(export.signer == nil)
    }

    @Test(arguments: ServiceEngine.available)
    func aStudentWithoutEvidenceHasNoRecord(on engine: ServiceEngine) throws {
        let service = try Self.service(engine: engine)
        #expect(refusal { _ = try service.learnerRecord(for: try service.student("s-3")) }
            == "s-3 has no evidence for any competency of Test Portrait yet: a learner record of it would be empty")
    }

    @Test func withoutAFrameworkThereIsNoRecord() throws {
        let service = try ServiceFixtures.service()
        _ = try service.record(ServiceFixtures.request("s-1", rater: "r-1"))
        #expect(refusal { _ = try service.learnerRecord(for: try service.student("s-1")) }?
            .hasPrefix("there is no competency framework") == true)
    }

    @Test func aKeyFileIsReadOrRefusedByName() throws {
        let service = try Self.service(engine: .sqlite)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = SigningKey()
        let good = folder.appendingPathComponent("key.json").path
        try Data(key.encoded().utf8).write(to: URL(fileURLWithPath: good))
        let export = try service.clrCredential(for: try service.student("s-1"), keyFile: good, issuerName: "North")
        #expect(export.signer == key.did)
        #expect(try EddsaJcs2022.verify(document: export.document).signer == key.did)

        let big = folder.appendingPathComponent("big.json").path
        try Data(repeating: 0x20, count: 70_000).write(to: URL(fileURLWithPath: big))
        let binary = folder.appendingPathComponent("binary.json").path
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: binary))
        // Long paths are shortened in messages; the reason comes whole.
        func says(_ path: String, _ start: String, _ reason: String) -> Bool {
            guard let message = refusal({ _ = try service.readSigningKey(path) }) else { return false }
            return message.hasPrefix(start) && message.hasSuffix(reason)
        }
        #expect(says(big, "cannot use the key file /tmp/", ": it holds 70000 bytes, and a key file a few hundred"))
        #expect(says(binary, "cannot use the key file /tmp/", ": it is not UTF-8 text"))
        #expect(says(folder.path, "cannot read the key file /tmp/", ": it is a folder"))
        #expect(refusal { _ = try service.readSigningKey("/dev/null") } == "cannot read the key file /dev/null: it is not a regular file")
    }
}
