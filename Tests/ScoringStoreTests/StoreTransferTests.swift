import Foundation
import GRDB
import ScoringCore
import Testing
@testable import ScoringStore

/// `export store` and `import store` at the store: contents read through the protocol on either
/// engine and merged into another store, on either engine, all or nothing.
@Suite(.scratchSchemas) struct StoreTransferTests {
    let bank = Fixtures.bank()

    static func at(_ minutes: Int64) -> Timestamp { Timestamp(seconds: Fixtures.time.seconds + minutes * 60) }

    /// A store holding some of everything: rosters with roles, schools, grades and groups; reads
    /// of both tasks with a corrected read (a history), a note and a condition code; a closed
    /// calibration session with its anchor, master, calibration reads and qualifications; an
    /// open one; a validity read, submissions and a reinstatement.
    func populatedStore(_ engine: Engine) throws -> any Store {
        let store = try engine.emptyStore()
        for rater in [
            Rater(id: "lead-1", name: "Jo Kim", role: .lead), Rater(id: "r-1", name: "Ana Patel", school: "north"),
            Rater(id: "r-2"), Rater(id: "adj-1", role: .adjudicator),
        ] {
            _ = try store.addRater(rater, at: Fixtures.time)
        }
        for student in [
            Student(id: "s-1", grade: "10", school: "north", groups: ["ell", "frl"]), Student(id: "s-2", grade: "9"),
            Student(id: "s-3"), Student(id: "s-4", school: "south"),
        ] {
            _ = try store.addStudent(student, at: Fixtures.time)
        }
        func record(_ reads: [Read], at minutes: Int64) throws {
            _ = try store.record(reads, rubrics: bank.rubrics, at: Self.at(minutes))
        }
        try record([Fixtures.essayRead(student: "s-1", rater: "r-1", 3, 2, 4, at: Self.at(1))], at: 1)
        try record([Fixtures.essayRead(student: "s-1", rater: "r-2", 2, 2, 2, at: Self.at(2), note: "thin evidence")], at: 2)
        // A correction: r-1's first read of s-1 stays in the history.
        try record([Fixtures.essayRead(student: "s-1", rater: "r-1", 3, 3, 4, at: Self.at(3))], at: 3)
        try record([Fixtures.essayRead(student: "s-1", rater: "adj-1", kind: .adjudication, 3, 3, 3, at: Self.at(4))], at: 4)
        var coded = Fixtures.essayRead(student: "s-2", rater: "r-1", 1, 1, 1, at: Self.at(5), note: "about skateboards")
        coded.scores = []
        coded.code = .offTopic
        try record([coded], at: 5)
        try record([
            Read(
                student: "s-2", task: "capstone", component: "paper", rater: "r-2",
                scores: [CriterionScore(criterion: "claim", score: 4), CriterionScore(criterion: "evidence", score: 3), CriterionScore(criterion: "style", score: 2)],
                scoredAt: Self.at(6), rubric: "essay", rubricVersion: 1),
            Read(
                student: "s-2", task: "capstone", component: "defense", rater: "r-2",
                scores: [CriterionScore(criterion: "delivery", score: 2)], scoredAt: Self.at(6), rubric: "talk", rubricVersion: 1),
        ], at: 6)
        // Calibration: s-3 is an anchor with a master read, scored by two raters in a session
        // that was then closed; a second session is still open.
        try record([Fixtures.essayRead(student: "s-3", rater: "lead-1", kind: .master, 3, 3, 3, at: Self.at(7), note: "the model")], at: 7)
        try store.openSession(
            CalibrationSession(
                name: "cal-1", task: "essay-task", component: "main", rubric: "essay", exact: 0.7, withinOne: 0.95, openedAt: Self.at(8),
                openedBy: "lead-1"))
        _ = try store.addAnchors(["s-3"], to: "cal-1", at: Self.at(8))
        for (rater, evidence) in [("r-1", 3), ("r-2", 1)] {
            var read = Fixtures.essayRead(student: "s-3", rater: rater, kind: .calibration, 3, evidence, 3, at: Self.at(9))
            read.session = "cal-1"
            try record([read], at: 9)
        }
        try store.closeSession(
            "cal-1",
            qualifications: [
                Qualification(rater: "r-1", session: "cal-1", rubric: "essay", qualified: true, anchors: 1, exact: 1, withinOne: 1, bias: 0, decidedAt: Self.at(10)),
                Qualification(
                    rater: "r-2", session: "cal-1", rubric: "essay", qualified: false, anchors: 1, exact: 2.0 / 3, withinOne: 2.0 / 3,
                    bias: -2.0 / 3, decidedAt: Self.at(10)),
            ], at: Self.at(10))
        try store.openSession(
            CalibrationSession(
                name: "cal-2", task: "essay-task", component: "main", rubric: "essay", exact: 0.8, withinOne: 1, openedAt: Self.at(11)))
        _ = try store.addAnchors(["s-3", "s-4"], to: "cal-2", at: Self.at(11))
        // A validity read: r-2 scored the anchor as live work in a scoring event.
        try record([Fixtures.essayRead(student: "s-3", rater: "r-2", kind: .validity, 3, 2, 3, at: Self.at(12))], at: 12)
        _ = try store.addSubmissions([
            Submission(task: "essay-task", component: "main", student: "s-1", storedAt: Self.at(0), content: .text("My essay."), plannedReads: 2),
            Submission(
                task: "capstone", component: "defense", student: "s-2", storedAt: Self.at(0),
                content: .file(path: "work/talk.mp4", size: 1024, sha256: String(repeating: "ab", count: 32)), plannedReads: 1),
        ])
        try store.reinstate(Reinstatement(rater: "r-2", rubric: "essay", reason: "recalibrated", by: "lead-1", at: Self.at(12)))
        return store
    }

    // MARK: Round trips

    @Test(arguments: Engine.available, Engine.available)
    func aStoreMergedIntoAnEmptyOneIsCopiedExactlyWithItsIds(from source: Engine, to destination: Engine) throws {
        let original = try populatedStore(source)
        let target = try destination.emptyStore()
        let contents = try original.contents()
        #expect(contents.reads.count == 11)
        #expect(contents.reads.filter { !$0.isCurrent }.count == 1)
        let summary = try target.merge(contents, loadedRubrics: [:], at: Self.at(60))
        #expect(summary.idsKept)
        #expect(summary.reads == StoreMergeSummary.Count(inFile: 11, added: 10, corrected: 1, unchanged: 0))
        #expect(summary.raters == StoreMergeSummary.Count(inFile: 4, added: 4))
        #expect(summary.students == StoreMergeSummary.Count(inFile: 4, added: 4))
        #expect(summary.rubricVersions == StoreMergeSummary.Count(inFile: 2, added: 2))
        #expect(summary.sessions == StoreMergeSummary.Count(inFile: 2, added: 2))
        #expect(summary.anchors == StoreMergeSummary.Count(inFile: 3, added: 3))
        #expect(summary.qualifications == StoreMergeSummary.Count(inFile: 2, added: 2))
        #expect(summary.submissions == StoreMergeSummary.Count(inFile: 2, added: 2))
        #expect(summary.reinstatements == StoreMergeSummary.Count(inFile: 1, added: 1))
        let copied = try target.contents()
        #expect(copied == contents)
        // What the rest of ScoreBench asks of the copy is what it asked of the original.
        #expect(try target.currentReads() == original.currentReads())
        let history = try target.readHistory(ReadFilter(task: "essay-task", student: "s-1", rater: "r-1"))
        #expect(history.map(\.isCurrent) == [false, true])
        #expect(history[1].replaces == history[0].id)
        #expect(try target.rubricSource("essay", version: 1) == Fixtures.rubricText)
        #expect(try target.latestQualifications(rater: "r-2").first?.exact == 2.0 / 3)
        #expect(try target.openAnchors() == original.openAnchors())
        #expect(try target.submissions(task: nil) == original.submissions(task: nil))
        #expect(try target.reinstatements(rater: "r-2") == original.reinstatements(rater: "r-2"))
        #expect(try target.rater("r-1")?.school == "north")
        #expect(try target.validityReads(rater: "r-2") == original.validityReads(rater: "r-2"))
        #expect(try target.validityReads(rater: "r-2").count == 1)
        #expect(try target.session("cal-1")?.closedAt == Self.at(10))
        // A new read continues from the largest id, on either engine.
        let next = try target.record([Fixtures.essayRead(student: "s-4", rater: "r-2", 2, 2, 2)], rubrics: bank.rubrics, at: Self.at(61))
        #expect(next == [.recorded])
        #expect(try target.currentReads(ReadFilter(student: "s-4")).first?.id == 12)
    }

    @Test(arguments: Engine.available)
    func anExportedFileHoldsTheStoreAndReadsBackUnchanged(engine: Engine) throws {
        let original = try populatedStore(engine)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-transfer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("copy.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let summary = try SQLiteStore.write(original.contents(), intoEmptyFile: path, at: Self.at(60))
        #expect(summary.reads.inFile == 11 && summary.idsKept)
        // One self-contained file: no journal or WAL left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["copy.sqlite"])
        let copy = try SQLiteStore.openForReading(path: path)
        #expect(try copy.contents() == original.contents())
        #expect(try copy.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == SQLiteStore.pageSize)
    }

    // MARK: Merging into a store that holds some of it

    @Test(arguments: Engine.available, Engine.available)
    func identicalReadsAreSkippedAndConflictingOnesBecomeCorrections(from source: Engine, to destination: Engine) throws {
        let contents = try populatedStore(source).contents()
        let target = try Fixtures.store(destination, students: [], raters: [])
        for rater in contents.raters { _ = try target.addRater(rater, at: Fixtures.time) }
        for student in contents.students { _ = try target.addStudent(student, at: Fixtures.time) }
        let bank = bank
        // r-1's first read of s-1, exactly as the file has it (the same time given): its history
        // begins the same, so the file's correction of it follows it.
        _ = try target.record([Fixtures.essayRead(student: "s-1", rater: "r-1", 3, 2, 4, at: Self.at(1))], rubrics: bank.rubrics, at: Self.at(1))
        // r-2's read of s-1 says the same, given at another time: unchanged, as in any recording.
        _ = try target.record(
            [Fixtures.essayRead(student: "s-1", rater: "r-2", 2, 2, 2, at: Self.at(30), note: "thin evidence")], rubrics: bank.rubrics,
            at: Self.at(30))
        // The adjudication differs: the file's read corrects it.
        _ = try target.record(
            [Fixtures.essayRead(student: "s-1", rater: "adj-1", kind: .adjudication, 2, 2, 2, at: Self.at(31))], rubrics: bank.rubrics,
            at: Self.at(31))
        let summary = try target.merge(contents, loadedRubrics: [:], at: Self.at(60))
        #expect(!summary.idsKept)
        #expect(summary.reads == StoreMergeSummary.Count(inFile: 11, added: 7, corrected: 2, unchanged: 2))
        #expect(summary.raters == StoreMergeSummary.Count(inFile: 4, added: 0, unchanged: 4))
        #expect(summary.rubricVersions == StoreMergeSummary.Count(inFile: 2, added: 1, unchanged: 1))

        let r1 = try target.readHistory(ReadFilter(task: "essay-task", student: "s-1", rater: "r-1"))
        #expect(r1.map { $0.score(for: "evidence") } == [2, 3])
        #expect(r1.map(\.isCurrent) == [false, true])
        #expect(r1[0].id == 1 && r1[1].replaces == 1)
        let r2 = try target.readHistory(ReadFilter(task: "essay-task", student: "s-1", rater: "r-2"))
        #expect(r2.count == 1 && r2[0].scoredAt == Self.at(30))
        let adjudication = try target.readHistory(ReadFilter(task: "essay-task", student: "s-1", rater: "adj-1"))
        #expect(adjudication.map { $0.score(for: "style") } == [2, 3])
        #expect(adjudication[1].replaces == adjudication[0].id && adjudication[1].scoredAt == Self.at(4))
        // New ids follow the store's own, in the order the file recorded them.
        let ids = try target.readHistory(ReadFilter()).compactMap(\.id).sorted()
        #expect(ids == Array(1...12))

        // The same file again changes nothing.
        let before = try target.contents()
        let again = try target.merge(contents, loadedRubrics: [:], at: Self.at(90))
        #expect(again.reads == StoreMergeSummary.Count(inFile: 11, unchanged: 11))
        #expect(again.sessions == StoreMergeSummary.Count(inFile: 2, unchanged: 2))
        #expect(again.qualifications == StoreMergeSummary.Count(inFile: 2, unchanged: 2))
        #expect(try target.contents() == before)
    }

    @Test(arguments: Engine.available)
    func anOlderCopyNeverUndoesALaterCorrection(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        _ = try store.record([Fixtures.essayRead(3, 2, 4, at: Self.at(1))], rubrics: bank.rubrics, at: Self.at(1))
        let older = try store.contents()
        _ = try store.record([Fixtures.essayRead(3, 3, 4, at: Self.at(2))], rubrics: bank.rubrics, at: Self.at(2))
        let summary = try store.merge(older, loadedRubrics: [:], at: Self.at(3))
        #expect(summary.reads == StoreMergeSummary.Count(inFile: 1, unchanged: 1))
        #expect(try store.currentReads().map { $0.score(for: "evidence") } == [3])

        // A copy whose history went on past the store's brings the rest of it.
        let elsewhere = try Fixtures.store(engine)
        _ = try elsewhere.record([Fixtures.essayRead(3, 2, 4, at: Self.at(1))], rubrics: bank.rubrics, at: Self.at(1))
        _ = try elsewhere.merge(try store.contents(), loadedRubrics: [:], at: Self.at(4))
        #expect(try elsewhere.readHistory(ReadFilter()).map { $0.score(for: "evidence") } == [2, 3])
    }

    @Test(arguments: Engine.available)
    func aSessionClosedInTheFileIsClosedHereWithItsQualifications(engine: Engine) throws {
        let source = try Fixtures.store(engine)
        let session = CalibrationSession(
            name: "cal-1", task: "essay-task", component: "main", rubric: "essay", exact: 0.7, withinOne: 0.95, openedAt: Self.at(0))
        try source.openSession(session)
        _ = try source.addAnchors(["s-1"], to: "cal-1", at: Self.at(1))
        let target = try Fixtures.store(engine)
        _ = try target.merge(try source.contents(), loadedRubrics: [:], at: Self.at(2))
        #expect(try target.session("cal-1")?.isOpen == true)
        _ = try source.addAnchors(["s-2"], to: "cal-1", at: Self.at(3))
        let result = Qualification(
            rater: "r-1", session: "cal-1", rubric: "essay", qualified: true, anchors: 2, exact: 1, withinOne: 1, bias: 0, decidedAt: Self.at(4))
        try source.closeSession("cal-1", qualifications: [result], at: Self.at(4))
        let summary = try target.merge(try source.contents(), loadedRubrics: [:], at: Self.at(5))
        #expect(summary.sessions == StoreMergeSummary.Count(inFile: 1, corrected: 1))
        #expect(summary.anchors == StoreMergeSummary.Count(inFile: 2, added: 1, unchanged: 1))
        #expect(try target.session("cal-1") == source.session("cal-1"))
        #expect(try target.latestQualifications() == [result])
    }

    /// A request for `rater`'s next live work on the essay task.
    static func nextWork(for rater: String) -> AssignmentRequest {
        AssignmentRequest(
            rater: rater, school: nil, parts: [WorkPart(task: "essay-task", component: "main")],
            code: { _, sequence, attempt in "@MOVE\(sequence)\(attempt)".padding(toLength: 9, withPad: "Q", startingAt: 0) },
            validity: { _, _ in false }, paperOrder: { _ in 0 }, now: Self.at(100), lease: [:])
    }

    /// The students whose stored work the store marks complete: the queue passes over it.
    static func completeWork(_ store: any Store) throws -> [String] {
        let sql = "SELECT student FROM submission WHERE complete ORDER BY student"
        if let store = store as? SQLiteStore { return try store.writer.read { try String.fetchAll($0, sql: sql) } }
        let server = try #require(store as? PostgresStore)
        return try server.reading { try $0.query(sql).rows.compactMap { $0[0] } }
    }

    @Test(arguments: Engine.available)
    func movedWorkThatHasItsPlannedReadsIsNotServedAgain(engine: Engine) throws {
        let source = try Fixtures.store(engine, students: ["s-1", "s-2"], raters: ["r-1", "r-2", "r-3"])
        let work = ["s-1", "s-2"].map {
            Submission(task: "essay-task", component: "main", student: $0, storedAt: Self.at(0), content: .text("Essay of \($0)."), plannedReads: 2)
        }
        _ = try source.addSubmissions(work)
        // s-1 has both its planned reads, s-2 one.
        for (student, rater) in [("s-1", "r-1"), ("s-1", "r-2"), ("s-2", "r-1")] {
            _ = try source.record([Fixtures.essayRead(student: student, rater: rater, 3, 3, 3)], rubrics: bank.rubrics, at: Self.at(1))
        }
        let target = try engine.emptyStore()
        _ = try target.merge(try source.contents(), loadedRubrics: [:], at: Self.at(2))
        #expect(try Self.completeWork(target) == ["s-1"])
        #expect(try target.assign(Self.nextWork(for: "r-3"))?.student == "s-2")

        // Work whose reads were here before it was moved in is complete too.
        let scoredFirst = try Fixtures.store(engine, students: ["s-1", "s-2"], raters: ["r-1", "r-2", "r-3"])
        for rater in ["r-1", "r-2"] {
            _ = try scoredFirst.record([Fixtures.essayRead(student: "s-1", rater: rater, 3, 3, 3)], rubrics: bank.rubrics, at: Self.at(1))
        }
        var onlyWork = try source.contents()
        onlyWork.reads = []
        _ = try scoredFirst.merge(onlyWork, loadedRubrics: [:], at: Self.at(2))
        #expect(try Self.completeWork(scoredFirst) == ["s-1"])
        #expect(try scoredFirst.assign(Self.nextWork(for: "r-3"))?.student == "s-2")
    }

    // MARK: Conflicts change nothing

    @Test(arguments: Engine.available)
    func aRosterConflictChangesNothing(engine: Engine) throws {
        let contents = try populatedStore(.sqlite).contents()
        let target = try engine.emptyStore()
        _ = try target.addRater(Rater(id: "r-2", name: "Someone Else"), at: Fixtures.time)
        _ = try target.addStudent(Student(id: "s-2", grade: "11"), at: Fixtures.time)
        let before = try target.contents()
        let error = #expect(throws: StoreError.self) { try target.merge(contents, loadedRubrics: [:], at: Self.at(60)) }
        #expect(error?.message == "2 conflicts with this store; nothing was imported")
        #expect(error?.details == [
            "rater 'r-2': the file has role rater, no school; this store has name 'Someone Else', role rater, no school (make them agree with 'rater update', then import again)",
            "student 's-2': the file has grade 9, no school, no groups; this store has grade 11, no school, no groups (make them agree with 'student update', then import again)",
        ])
        #expect(try target.contents() == before)
    }

    @Test(arguments: Engine.available)
    func aRubricVersionWithOtherContentIsRefused(engine: Engine) throws {
        let contents = try populatedStore(.sqlite).contents()
        let target = try Fixtures.store(engine, students: ["s-9"], raters: ["r-9"])
        let edited = Fixtures.bank(rubricText: Fixtures.rubricText.replacingOccurrences(of: "proficient_at: 3", with: "proficient_at: 2.5"))
        _ = try target.record([Fixtures.essayRead(student: "s-9", rater: "r-9", 2, 2, 2)], rubrics: edited.rubrics, at: Fixtures.time)
        let before = try target.contents()
        let error = #expect(throws: StoreError.self) { try target.merge(contents, loadedRubrics: [:], at: Self.at(60)) }
        #expect(error?.details == [
            "rubric essay version 1: the file's copy differs from this store's (scores given under one would be read under the other)"
        ])
        #expect(try target.contents() == before)

        // The rubric files loaded beside a store count too, though no score used them yet.
        let empty = try engine.emptyStore()
        let loaded = [RubricVersionKey(rubric: "talk", version: 1): "something else"]
        let refused = #expect(throws: StoreError.self) { try empty.merge(contents, loadedRubrics: loaded, at: Self.at(60)) }
        #expect(refused?.details.first?.hasPrefix("rubric talk version 1: the file's copy differs from the rubric file loaded here") == true)
        #expect(try empty.contents().isEmpty)
    }

    @Test(arguments: Engine.available)
    func otherWorkUnderTheSameKeyIsRefused(engine: Engine) throws {
        let contents = try populatedStore(.sqlite).contents()
        let target = try Fixtures.store(engine, students: ["s-1"], raters: [])
        _ = try target.addSubmissions([
            Submission(task: "essay-task", component: "main", student: "s-1", storedAt: Self.at(0), content: .text("Another essay."), plannedReads: 2)
        ])
        let before = try target.contents()
        let error = #expect(throws: StoreError.self) { try target.merge(contents, loadedRubrics: [:], at: Self.at(60)) }
        #expect(error?.details.contains { $0.hasPrefix("s-1's work for essay-task: the file's differs from the work stored here") } == true)
        #expect(try target.contents() == before)
    }

    @Test(arguments: Engine.available)
    func aSessionOfTheSameNameForOtherWorkIsRefused(engine: Engine) throws {
        let contents = try populatedStore(.sqlite).contents()
        let target = try Fixtures.store(engine, students: [], raters: [])
        try target.openSession(
            CalibrationSession(name: "cal-1", task: "capstone", component: "paper", rubric: "essay", exact: 0.7, withinOne: 0.95, openedAt: Fixtures.time))
        let error = #expect(throws: StoreError.self) { try target.merge(contents, loadedRubrics: [:], at: Self.at(60)) }
        #expect(error?.details == [
            "session 'cal-1': the file's calibrates essay-task with rubric essay, exact 70%, within one 95%; this store's calibrates capstone/paper with rubric essay, exact 70%, within one 95% (they are different sessions of one name)"
        ])
        #expect(try target.students().isEmpty)
    }

    // MARK: Files that are no store

    @Test func onlyAScoreBenchStoreFileOpensForReading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-transfer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func message(_ name: String) -> String? {
            do {
                _ = try SQLiteStore.openForReading(path: folder.appendingPathComponent(name).path)
                return nil
            } catch {
                return (error as? StoreError)?.message.replacingOccurrences(of: folder.path + "/", with: "")
            }
        }
        #expect(message("missing.sqlite") == "cannot read missing.sqlite: no such file")
        try Data("student,task\n".utf8).write(to: folder.appendingPathComponent("scores.csv"))
        #expect(message("scores.csv") == "cannot import scores.csv: it is not a SQLite database, so not a ScoreBench store")
        #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent("empty.sqlite").path, contents: nil))
        #expect(message("empty.sqlite") == "cannot import empty.sqlite: it is empty, not a ScoreBench store")
        let other = try DatabaseQueue(path: folder.appendingPathComponent("other.sqlite").path)
        try other.write { try $0.execute(sql: "CREATE TABLE invoice (id INTEGER PRIMARY KEY)") }
        try other.close()
        #expect(message("other.sqlite") == "cannot import other.sqlite: it is a SQLite database but not a ScoreBench store (it holds 1 table: invoice)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        #expect(message("sub") == "cannot read sub: it is a folder, not a ScoreBench store")
    }

    @Test func aStoreFromAnOlderScoreBenchIsReadWithoutChangingIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-transfer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(queue, upTo: "calibration sessions, anchors and qualifications")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO rater (id, name, role, added_at) VALUES ('r-1', 'Ana', 'lead', '2026-10-05T14:00:00Z')")
        }
        try queue.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let store = try SQLiteStore.openForReading(path: path)
        #expect(try store.contents().raters == [Rater(id: "r-1", name: "Ana", role: .lead)])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["old.sqlite"])
    }

    @Test func aStoreInUseIsReadWithoutLeavingAnythingBeside() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-transfer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("site.sqlite").path
        do {
            let site = try SQLiteStore.open(path: path)
            _ = try site.addRater(Rater(id: "r-1"), at: Fixtures.time)
            // Another shell still has it open, in WAL mode: what it committed is read.
            let copy = try SQLiteStore.openForReading(path: path)
            #expect(try copy.contents().raters.map(\.id) == ["r-1"])
            _ = try site.addRater(Rater(id: "r-2"), at: Fixtures.time)
        }
        let closed = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        do {
            let copy = try SQLiteStore.openForReading(path: path)
            #expect(try copy.contents().raters.map(\.id) == ["r-1", "r-2"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == closed)
    }
}
