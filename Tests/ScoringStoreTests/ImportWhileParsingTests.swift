import Foundation
import GRDB
import Testing
import ScoringCore
@testable import ScoringStore

/// A first load is written while a second thread parses the file
/// (`ScoresFileImport.whileParsing`), on both engines: it must store exactly what the usual
/// path stores, and leave nothing behind when anything is wrong, however late in the file.
@Suite(.scratchSchemas) struct ImportWhileParsingTests {
    let bank = Fixtures.bank()

    /// A file over the 1 MB the parallel path starts at: `students` essays read twice, rows of
    /// one read together, with notes, times, two-part capstones and a condition code; the last
    /// reads' rows are apart, as a file sorted by criterion has them.
    func statewideFile(students: Int = 6_000) -> String {
        var text = "student,task,rater,criterion,score,component,kind,scored_at,note,code\n"
        for student in 0..<students {
            for rater in [student % 37, 40 + student % 11] {
                let time = "2026-10-\(10 + student % 9)T1\(rater % 10):00:00Z"
                for (index, criterion) in ["claim", "evidence", "style"].enumerated() {
                    let note = index == 1 && student % 13 == 0 ? "\"Cites \"\"Source \(student)\"\", well\"" : ""
                    text += "s-\(student),essay-task,r-\(rater),\(criterion),\(1 + (student + rater + index) % 4),,,\(time),\(note),\n"
                }
            }
        }
        text += "s-1,capstone,r-3,,,paper,read,,,blank\n"
        for criterion in ["claim", "evidence", "style"] {
            for student in 0..<40 { text += "c-\(student),capstone,r-1,\(criterion),\(1 + student % 4),paper,read,,,\n" }
        }
        for student in 0..<40 { text += "c-\(student),capstone,r-2,delivery,\(1 + student % 2),defense,backread,,,\n" }
        return text
    }

    /// A first load of `text` into `store` while it is parsed; nil when the store is not for it.
    func load(
        _ text: String, into store: any Store, with runs: inout ScoresFileImport,
        checkLooksAtStore: @escaping (Read) -> Bool = { _ in false }
    ) throws -> ScoresImportSummary? {
        try runs.whileParsing(
            try ImportBytes(path: try Fixtures.file(text), name: "scores.csv"),
            parser: ScoresFileParser(file: "scores.csv", bank: bank, now: Fixtures.time),
            into: try #require(store as? any RecordsWhileParsing), rubrics: bank.rubrics, at: Fixtures.time,
            checkLooksAtStore: checkLooksAtStore)
    }

    func summary(
        _ text: String, on engine: Engine, checkLooksAtStore: @escaping (Read) -> Bool = { _ in false },
        check: ((Read) -> String?)? = nil
    ) throws -> (ScoresImportSummary?, any Store, writtenWhileParsing: Int) {
        let store = try engine.emptyStore()
        var runs = ScoresFileImport(name: "scores.csv", json: nil, addMissing: true, check: check)
        let summary = try load(text, into: store, with: &runs, checkLooksAtStore: checkLooksAtStore)
        return (summary, store, runs.writtenWhileParsing)
    }

    func usualPath(_ text: String, on engine: Engine) throws -> (ScoresImportSummary, any Store) {
        let store = try engine.emptyStore()
        // A check without a say on the store sends the import the usual way.
        let summary = try store.importScores(
            path: try Fixtures.file(text), displayName: "scores.csv", bank: bank, addMissing: true, at: Fixtures.time,
            check: { _ in nil })
        return (summary, store)
    }

    @Test(arguments: Engine.available) func aFirstLoadWrittenWhileParsingStoresWhatTheUsualPathStores(engine: Engine) throws {
        let text = statewideFile()
        #expect(text.utf8.count > ScoresFileImport.parallelBytes)
        let (parallel, store, written) = try summary(text, on: engine)
        let (usual, reference) = try usualPath(text, on: engine)
        #expect(try #require(parallel) == usual)
        // Most reads were written while the file was parsed; the rest, held back by the
        // capstone reads whose rows are apart, after.
        #expect(written >= 10_000 && written < usual.reads)
        #expect(usual.reads == 12_000 + 1 + 80 && usual.recorded == usual.reads && usual.studentsAdded == 6_040)
        let history = try store.readHistory(ReadFilter()), expected = try reference.readHistory(ReadFilter())
        #expect(history.count == expected.count)
        #expect(history == expected)
        #expect(history.map(\.id) == expected.map(\.id))
        #expect(try store.students() == reference.students())
        #expect(try store.raters() == reference.raters())
        #expect(try store.rubricSnapshots() == reference.rubricSnapshots())
        // The store is whole: its unique index is back, so a second load goes the usual way
        // and finds every read unchanged.
        let again = try store.importScores(
            path: try Fixtures.file(text), displayName: "scores.csv", bank: bank, addMissing: false, at: Fixtures.time)
        #expect(again.unchanged == usual.reads && again.recorded == 0)
    }

    @Test(arguments: Engine.available) func aProblemOnTheLastLineLeavesTheStoreAsItWas(engine: Engine) throws {
        let text = statewideFile() + "s-1,essay-task,r-1,claim,9,,,,,\n"
        let lines = text.split(separator: "\n").count
        let store = try engine.emptyStore()
        var runs = ScoresFileImport(name: "scores.csv", json: nil, addMissing: true, check: nil)
        let error = #expect(throws: StoreError.self) {
            _ = try load(text, into: store, with: &runs)
        }
        #expect(error?.message.hasPrefix("scores.csv: 1 bad line; nothing was imported") == true)
        #expect(error?.details.first?.hasPrefix("scores.csv:\(lines): ") == true)
        #expect(runs.writtenWhileParsing >= 10_000)
        #expect(try store.readHistory(ReadFilter()).isEmpty)
        #expect(try store.students().isEmpty && store.raters().isEmpty)
        #expect(try store.rubricSnapshots().isEmpty)
        // The indexes and triggers the load set aside are back.
        if let store = store as? SQLiteStore {
            let schema = try store.writer.read {
                try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE name IN ('read_current', 'read_completes_submission') ORDER BY name")
            }
            #expect(schema == ["read_completes_submission", "read_current"])
        } else {
            let server = try #require(store as? PostgresStore)
            let schema = try server.reading {
                try $0.query(
                    """
                    SELECT string_agg(name, ' ' ORDER BY name) FROM (
                        SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'read'::regclass AND tgenabled = 'O' AND NOT tgisinternal
                        UNION ALL SELECT indexname FROM pg_indexes WHERE tablename = 'read' AND schemaname = current_schema()
                        UNION ALL SELECT 'forced' FROM pg_class WHERE oid = 'read'::regclass AND relforcerowsecurity) t
                    """
                ).scalar
            }
            #expect(
                schema
                    == "forced read_by_session read_completes_submission read_is_append_only read_key read_masters read_pkey read_references read_replaced_once read_validity")
        }
    }

    @Test(arguments: Engine.available) func aReadTheCheckRefusesLeavesNothing(engine: Engine) throws {
        let error = #expect(throws: StoreError.self) {
            _ = try summary(statewideFile(), on: engine, check: { $0.student == "s-5990" && $0.rater == "r-33" ? "not qualified" : nil })
        }
        #expect(error?.message == "scores.csv: 1 read refused; nothing was imported")
        #expect(error?.details == ["scores.csv: the read of s-5990 essay-task by r-33: not qualified"])
    }

    @Test(arguments: Engine.available) func aReadTheCheckMustLookAtTheStoreForSendsTheImportTheUsualWay(engine: Engine) throws {
        var checked = 0
        let (parallel, _, _) = try summary(
            statewideFile(), on: engine, checkLooksAtStore: { $0.student == "s-5000" },
            check: { _ in
                checked += 1
                return nil
            })
        #expect(parallel == nil)
        #expect(checked >= 9_000)  // the reads before s-5000's, checked and written, then rolled back
        // Through `importScores`, the same file then goes the usual way and is imported whole.
        let store = try engine.emptyStore()
        let summary = try store.importScores(
            path: try Fixtures.file(statewideFile()), displayName: "scores.csv", bank: bank, addMissing: true, at: Fixtures.time,
            checkLooksAtStore: { $0.student == "s-5000" }, check: { _ in nil })
        #expect(summary.recorded == 12_081)
        #expect(try store.readHistory(ReadFilter()).count == 12_081)
    }

    @Test(arguments: Engine.available) func aStoreThatHoldsReadsIsNotForThisPath(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        _ = try store.record([Fixtures.essayRead(3, 3, 3)], rubrics: bank.rubrics, at: Fixtures.time)
        var runs = ScoresFileImport(name: "scores.csv", json: nil, addMissing: true, check: nil)
        let summary = try load(statewideFile(), into: store, with: &runs)
        #expect(summary == nil)
        #expect(try store.readHistory(ReadFilter()).count == 1)
    }

    /// A rubric version saved with other content than the bank's is the usual path's to report
    /// (after the file's own problems): the load does not start.
    @Test(arguments: Engine.available) func aChangedRubricVersionSendsTheImportTheUsualWay(engine: Engine) throws {
        let store = try engine.emptyStore()
        let sql = "INSERT INTO rubric_version (rubric, version, canonical, source, saved_at) VALUES ('essay', 1, 'other', 'id: essay', 'x')"
        if let store = store as? SQLiteStore {
            try store.writer.write { try $0.execute(sql: sql) }
        } else {
            let server = try #require(store as? PostgresStore)
            _ = try server.writing { try $0.execute(sql) }
        }
        var runs = ScoresFileImport(name: "scores.csv", json: nil, addMissing: true, check: nil)
        let summary = try load(statewideFile(), into: store, with: &runs)
        #expect(summary == nil)
        #expect(runs.writtenWhileParsing == 0)
        #expect(try store.readHistory(ReadFilter()).isEmpty)
    }

    /// On the server the reference checks the triggers make of new reads run over every read
    /// of the load before it commits: a read naming a student the load never added fails it.
    @Test(arguments: Engine.available.filter { $0 == .postgres }) func theServerRefusesALoadWhoseReadNamesAStudentItLacks(
        engine: Engine
    ) throws {
        let store = try #require(try engine.emptyStore() as? PostgresStore)
        let error = #expect(throws: StoreError.self) {
            _ = try store.recordingWhileParsing(rubrics: bank.rubrics, at: Fixtures.time) { writer in
                try writer.record([Fixtures.essayRead(student: "s-9", rater: "r-1", 3, 3, 3)])
                try writer.add(RosterAdditions(raters: ["r-1"]))
            }
        }
        #expect(error?.message == "a read of the load names a student the store does not have (s-9); nothing was imported")
        #expect(try store.readHistory(ReadFilter()).isEmpty)
        #expect(try store.raters().isEmpty)
    }
}
