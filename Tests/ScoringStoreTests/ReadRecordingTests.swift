import Foundation
import GRDB
import Testing
import ScoringCore
@testable import ScoringStore

@Suite(.scratchSchemas) struct ReadRecordingTests {
    let bank = Fixtures.bank()

    @Test(arguments: Engine.available) func aNewReadIsRecordedAndListed(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let read = Fixtures.essayRead(3, 2, 4, note: "strong close")
        #expect(try store.record([read], rubrics: bank.rubrics, at: Fixtures.time) == [.recorded])
        let listed = try store.currentReads()
        #expect(listed.count == 1)
        #expect(listed[0].scores == read.scores)
        #expect(listed[0].note == "strong close")
        #expect(listed[0].scoredAt == Fixtures.time)
        #expect(listed[0].rubricVersion == 1)
    }

    @Test(arguments: Engine.available) func aSecondReadBySameRaterIsACorrectionThatKeepsHistory(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        _ = try store.record([Fixtures.essayRead(3, 2, 4)], rubrics: bank.rubrics, at: Fixtures.time)
        let later = Timestamp(seconds: Fixtures.time.seconds + 60)
        let outcomes = try store.record([Fixtures.essayRead(3, 3, 4, at: later)], rubrics: bank.rubrics, at: later)
        guard case .corrected(let previous) = outcomes[0] else {
            Issue.record("expected a correction, got \(outcomes)")
            return
        }
        #expect(previous.score(for: "evidence") == 2)
        let current = try store.currentReads()
        #expect(current.map { $0.score(for: "evidence") } == [3])
        let history = try store.readHistory(ReadFilter(task: "essay-task", student: "s-1"))
        #expect(history.map(\.isCurrent) == [false, true])
        #expect(history[1].replaces == history[0].id)
    }

    @Test(arguments: Engine.available) func anIdenticalReadChangesNothing(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        _ = try store.record([Fixtures.essayRead(3, 2, 4)], rubrics: bank.rubrics, at: Fixtures.time)
        let later = Timestamp(seconds: Fixtures.time.seconds + 3600)
        let outcomes = try store.record([Fixtures.essayRead(3, 2, 4, at: later)], rubrics: bank.rubrics, at: later)
        guard case .unchanged(let current) = outcomes[0] else {
            Issue.record("expected no change, got \(outcomes)")
            return
        }
        // The current read is the one kept, with its own time.
        #expect(current.scoredAt == Fixtures.time)
        #expect(try store.readHistory(ReadFilter()).count == 1)
    }

    @Test(arguments: Engine.available) func readsOfDifferentKindsOrRatersAreSeparateSlots(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let reads = [
            Fixtures.essayRead(rater: "r-1", 3, 2, 4), Fixtures.essayRead(rater: "r-2", 2, 2, 3),
            Fixtures.essayRead(rater: "r-1", kind: .adjudication, 3, 3, 3),
        ]
        #expect(try store.record(reads, rubrics: bank.rubrics, at: Fixtures.time) == [.recorded, .recorded, .recorded])
        #expect(try store.currentReads(ReadFilter(kinds: [.read])).count == 2)
        #expect(try store.currentReads(ReadFilter(rater: "r-1")).count == 2)
    }

    @Test(arguments: Engine.available) func theFirstReadUnderARubricVersionSavesACopyOfIt(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        #expect(try store.rubricSnapshots().isEmpty)
        _ = try store.record([Fixtures.essayRead(3, 2, 4)], rubrics: bank.rubrics, at: Fixtures.time)
        let key = RubricVersionKey(rubric: "essay", version: 1)
        #expect(try store.rubricSnapshots() == [key: bank.rubrics["essay"]!.canonicalForm])
        #expect(try store.rubricSource("essay", version: 1) == Fixtures.rubricText)
        #expect(try store.rubricVersions("essay") == [1])
    }

    @Test(arguments: Engine.available) func aRubricEditedWithoutAVersionBumpIsRefusedOnceScoresUseIt(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        _ = try store.record([Fixtures.essayRead(3, 2, 4)], rubrics: bank.rubrics, at: Fixtures.time)
        let edited = Fixtures.bank(rubricText: Fixtures.rubricText.replacingOccurrences(of: "proficient_at: 3", with: "proficient_at: 2.5"))
        let error = #expect(throws: StoreError.self) {
            try store.record([Fixtures.essayRead(student: "s-2", 3, 2, 4)], rubrics: edited.rubrics, at: Fixtures.time)
        }
        #expect(error?.message == "Rubrics/essay.yaml changed but its version is still 1, which recorded scores use; bump 'version' to 2")
        #expect(try store.currentReads().count == 1)
        // Loading the edited file against the store's snapshots rejects it up front.
        let reloaded = Bank.assemble(
            rubrics: [Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: Fixtures.rubricText.replacingOccurrences(of: "proficient_at: 3", with: "proficient_at: 2.5"))],
            tasks: [], framework: nil, snapshots: try store.rubricSnapshots())
        #expect(reloaded.rubrics["essay"] == nil)
        #expect(reloaded.problems.map(\.message) == ["the rubric changed but its version is still 1, which recorded scores use; bump 'version' to 2 (or undo the edit)"])
    }

    @Test(arguments: Engine.available) func aFailingBatchRecordsNothing(engine: Engine) throws {
        let store = try Fixtures.store(engine, students: ["s-1"])
        let reads = [Fixtures.essayRead(3, 2, 4), Fixtures.essayRead(student: "s-unknown", 3, 2, 4)]
        #expect(throws: (any Error).self) { try store.record(reads, rubrics: bank.rubrics, at: Fixtures.time) }
        #expect(try store.currentReads().isEmpty)
        #expect(try store.rubricSnapshots().isEmpty)
    }

    @Test(arguments: Engine.available) func theSchemaRefusesACalibrationReadWithoutASession(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let read = Fixtures.essayRead(kind: .calibration, 3, 2, 4)
        #expect(throws: (any Error).self) { try store.record([read], rubrics: bank.rubrics, at: Fixtures.time) }
    }

    @Test func aNewDatabaseFileIsPrivateToItsOwner() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore.open(path: path)
        _ = try store.addStudent(Student(id: "s-1"), at: Fixtures.time)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")
        #expect((wal[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    /// The store file at `path`, made or opened, with student s-1 added.
    private func openWithAStudent(_ path: String) throws -> SQLiteStore {
        let store = try SQLiteStore.open(path: path)
        _ = try store.addStudent(Student(id: "s-1"), at: Fixtures.time)
        return store
    }

    @Test func aNewStoreFileHasLargePagesAndAnOldOneKeepsItsOwn() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let store = try openWithAStudent(folder.path("new.sqlite"))
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 16_384)
        // The log is checkpointed at 4 MiB whatever the page size: 256 pages here, 1,024 below.
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == 256)

        // A store made with SQLite's default pages, as before, opens and writes with them.
        let old = folder.path("old.sqlite")
        let queue = try DatabaseQueue(path: old)
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA page_size = 4096") }
        _ = try SQLiteStore(queue, path: old)
        try queue.close()
        let reopened = try openWithAStudent(old)
        #expect(try reopened.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 4096)
        #expect(try reopened.writer.read { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == 1024)
        #expect(try reopened.students().map(\.id) == ["s-1"])
    }

    @Test func openingAStoreOnlyToReadItChangesNoByteOfIt() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.path("store.sqlite")
        let written = try openWithAStudent(path)
        try (written.writer as? DatabaseQueue)?.close()
        // As every shell leaves a store: the log checkpointed into the file and removed.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let store = try SQLiteStore.open(path: path)
        #expect(try store.students().map(\.id) == ["s-1"])
        #expect(try store.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        try (store.writer as? DatabaseQueue)?.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func twoStoresOnOneFileBothWrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("shared.sqlite").path
        let first = try SQLiteStore.open(path: path)
        let second = try SQLiteStore.open(path: path)
        _ = try first.addRater(Rater(id: "r-1"), at: Fixtures.time)
        _ = try second.addRater(Rater(id: "r-2"), at: Fixtures.time)
        #expect(try first.raters().map(\.id) == ["r-1", "r-2"])
        #expect(try second.raters().map(\.id) == ["r-1", "r-2"])
    }

    @Test func anUnopenableDatabaseSaysWhy() {
        let error = #expect(throws: StoreError.self) { try SQLiteStore.open(path: "/nonexistent-folder/x.sqlite") }
        #expect(error?.message == "cannot open database '/nonexistent-folder/x.sqlite': No such file or directory")
    }
}
