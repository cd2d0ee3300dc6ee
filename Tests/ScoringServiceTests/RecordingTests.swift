import Foundation
import ScoringCore
import ScoringStore
import Testing
@testable import ScoringService

/// Recording reads through the service: outcomes, validation, and imports held to the same rules.
@Suite struct RecordingTests {
    @Test(arguments: ServiceEngine.available) func aReadIsRecordedCorrectedOrUnchanged(engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        #expect(try service.record(ServiceFixtures.request("s-1", rater: "r-1", 3, 2)).outcome == .recorded)
        let corrected = try service.record(ServiceFixtures.request("s-1", rater: "r-1", 3, 3))
        guard case .corrected(let previous) = corrected.outcome else {
            Issue.record("expected a correction, got \(corrected.outcome)")
            return
        }
        #expect(previous.score(for: "evidence") == 2)
        let again = try service.record(ServiceFixtures.request("s-1", rater: "r-1", 3, 3))
        #expect(again.outcome.name == "unchanged")
        #expect(try service.history(student: "s-1", task: "essay-task", component: nil).count == 2)
    }

    @Test(arguments: ServiceEngine.available) func aBadReadSaysWhatIsWrongAndRecordsNothing(engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-1", rater: "r-1", 3, 5)) } == "criterion 'evidence' has score 5; essay scores are 1-4")
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-9", rater: "r-1")) } == "unknown student 's-9'; did you mean 's-1'?")
        #expect(refusal { _ = try service.record(ServiceFixtures.request("s-1", rater: "r-1", task: "essay")) } == "unknown task 'essay'; did you mean 'essay-task'?")
        var coded = ServiceFixtures.request("s-1", rater: "lead-1", kind: .master)
        coded.levels = []
        coded.code = .blank
        #expect(refusal { _ = try service.record(coded) } == "master reads compare raters' scores: they cannot carry a condition code")
        #expect(try service.reads(ReadFilter()).isEmpty)
    }

    @Test(arguments: ServiceEngine.available) func anImportIsHeldToTheRulesOfEveryReadInIt(engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("guess.csv").path
        try Data("student,task,rater,kind,criterion,score\ns-1,essay-task,lead-1,master,claim,3\ns-1,essay-task,lead-1,master,evidence,3\n".utf8)
            .write(to: URL(fileURLWithPath: file))
        try service.act(as: "r-1")
        let error = #expect(throws: StoreError.self) { try service.importScores(path: file, name: "guess.csv", addMissing: false) }
        #expect(error?.message == "guess.csv: 1 read refused; nothing was imported")
        #expect(error?.details == ["guess.csv: the master read of s-1 essay-task by lead-1: acting as r-1, you can record only your own reads, not lead-1's"])
        #expect(refusal { _ = try service.importScores(path: file, name: "guess.csv", addMissing: true) }
            == "only the coordinator may add students and raters to the rosters (--add-missing); acting as r-1 (rater)")
        try service.act(as: "lead-1")
        #expect(try service.importScores(path: file, name: "guess.csv", addMissing: false).recorded == 1)
    }
}
