import Foundation
import ScoringCore
import ScoringStore
import Testing
@testable import ScoringService

/// Who may move a store, and what an import must agree with beyond the store: the rubric files
/// loaded beside it.
@Suite struct StoreTransferServiceTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-service-transfer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A service's store exported to a file, as `export store` writes it.
    static func exported(_ service: ScoringService, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("copy.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        _ = try service.exportStore(intoEmptyFile: path)
        return path
    }

    @Test(arguments: ServiceEngine.available, ServiceEngine.available)
    func aStoreMovesIntoAnotherServiceWithItsReads(from engine: ServiceEngine, to destination: ServiceEngine) throws {
        let source = try ServiceFixtures.service(engine: engine)
        _ = try source.record(ServiceFixtures.request("s-1", rater: "r-1", 3, 2))
        _ = try source.record(ServiceFixtures.request("s-1", rater: "r-1", 3, 3))
        let path = try Self.exported(source, in: Self.folder())
        let target = ScoringService(
            store: try destination.emptyStore(), bank: ServiceFixtures.bank, content: ContentLocation(rubrics: "Rubrics", bank: "TaskBank"),
            clock: { ServiceFixtures.time })
        let summary = try target.importStore(path: path, name: "copy.sqlite")
        #expect(summary.reads == StoreMergeSummary.Count(inFile: 2, added: 1, corrected: 1))
        #expect(summary.raters.added == 4 && summary.idsKept)
        #expect(try target.reads(ReadFilter()).map { $0.score(for: "evidence") } == [3])
        #expect(try target.history(student: "s-1", task: "essay-task", component: nil).count == 2)
    }

    @Test(arguments: ServiceEngine.available)
    func onlyTheCoordinatorMovesAStore(on engine: ServiceEngine) throws {
        let service = try ServiceFixtures.service(engine: engine)
        let folder = try Self.folder()
        let path = try Self.exported(service, in: folder)
        for rater in ["lead-1", "r-1"] {
            try service.act(as: rater)
            let role = rater == "lead-1" ? "lead" : "rater"
            #expect(refusal { _ = try service.exportStore(intoEmptyFile: path) } == "only the coordinator may export the store; acting as \(rater) (\(role))")
            #expect(refusal { _ = try service.importStore(path: path, name: "copy.sqlite") } == "only the coordinator may import a store; acting as \(rater) (\(role))")
        }
    }

    @Test(arguments: ServiceEngine.available)
    func aRubricFileLoadedHereMustMatchTheFilesCopyOfItsVersion(on engine: ServiceEngine) throws {
        let source = try ServiceFixtures.service()
        _ = try source.record(ServiceFixtures.request("s-1", rater: "r-1"))
        let path = try Self.exported(source, in: Self.folder())
        // Here the essay rubric was edited without a version bump; no score here uses it yet.
        let edited = ServiceFixtures.rubricText.replacingOccurrences(of: "proficient_at: 3", with: "proficient_at: 2")
        let bank = Bank.assemble(
            rubrics: [Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: edited)],
            tasks: [
                Bank.SourceFile(
                    path: "TaskBank/essay-task.yaml", id: "essay-task", text: "id: essay-task\ntitle: Essay task\nkind: performance-task\nrubric: essay\n")
            ],
            framework: nil)
        let target = ScoringService(
            store: try engine.emptyStore(), bank: bank, content: ContentLocation(rubrics: "Rubrics", bank: "TaskBank"),
            clock: { ServiceFixtures.time })
        do {
            _ = try target.importStore(path: path, name: "copy.sqlite")
            Issue.record("the import was not refused")
        } catch let error as ServiceError {
            #expect(error.message == "copy.sqlite: 1 conflict with this store; nothing was imported")
            #expect(error.details == [
                "rubric essay version 1: the file's copy differs from the rubric file loaded here, which has the same version (scores given under one would be read under the other)"
            ])
        }
        #expect(try target.store.contents().isEmpty)
    }
}
