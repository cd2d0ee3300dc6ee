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
    /// reads' rows are apart, as a file sorted by criterion has them. Some notes hold what the
    /// server's COPY format escapes: a tab, a backslash, a line break.
    func statewideFile(students: Int = 6_000) -> String {
        var text = "student,task,rater,criterion,score,component,kind,scored_at,note,code\n"
        for student in 0..<students {
            for rater in [student % 37, 40 + student % 11] {
                let time = "2026-10-\(10 + student % 9)T1\(rater % 10):00:00Z"
                for (index, criterion) in ["claim", "evidence", "style"].enumerated() {
                    let note = index == 1 && student % 13 == 0 ? "\"Cites \"\"Source \(student)\"\",\twell\\\\\nsaid\"" : ""
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
    func load(_ text: String, into store: any Store, with runs: inout ScoresFileImport) throws -> ScoresImportSummary? {
        try runs.whileParsing(
            try ImportBytes(path: try Fixtures.file(text), name: "scores.csv"),
            parser: ScoresFileParser(file: "scores.csv", bank: bank, now: Fixtures.time),
            into: try #require(store as? any RecordsWhileParsing), rubrics: bank.rubrics, at: Fixtures.time)
    }

    func summary(_ text: String, on engine: Engine, store: (any Store)? = nil, rules: ImportRules? = nil) throws
        -> (ScoresImportSummary?, any Store, writtenWhileParsing: Int)
    {
        let store = try store ?? engine.emptyStore()
        var runs = ScoresFileImport(name: "scores.csv", json: nil, addMissing: true, rules: rules)
        let summary = try load(text, into: store, with: &runs)
        return (summary, store, runs.writtenWhileParsing)
    }

    /// Rules whose check must see every read, which sends an import the usual way.
    static var checkingEveryRead: ImportRules { ImportRules(mayRecord: { _, _ in nil }, needsCheck: { _, _ in true }, check: { _ in nil }) }

    func usualPath(_ text: String, on engine: Engine, store: (any Store)? = nil) throws -> (ScoresImportSummary, any Store) {
        let store = try store ?? engine.emptyStore()
        let summary = try store.importScores(
            path: try Fixtures.file(text), displayName: "scores.csv", bank: bank, addMissing: true, at: Fixtures.time,
            rules: Self.checkingEveryRead)
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
        var runs = ScoresFileImport(name: "scores.csv", json: nil, addMissing: true, rules: nil)
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

    /// Who may record what is asked once for each rater and kind, and every read it refuses
    /// is told, in file order.
    @Test(arguments: Engine.available) func everyReadOfARaterTheRulesRefuseIsToldAndNothingIsLeft(engine: Engine) throws {
        var asked: [String] = []
        let rules = ImportRules(
            mayRecord: { kind, rater in
                asked.append("\(rater) \(kind.rawValue)")
                return rater == "r-33" ? "not qualified" : nil
            }, needsCheck: { _, _ in false }, check: { _ in "never asked" })
        let store = try engine.emptyStore()
        let error = #expect(throws: StoreError.self) {
            _ = try summary(statewideFile(), on: engine, store: store, rules: rules)
        }
        // s-33, s-70, … s-5990: every 37th student's first read.
        #expect(error?.message == "scores.csv: 162 reads refused; nothing was imported")
        #expect(error?.details.first == "scores.csv: the read of s-33 essay-task by r-33: not qualified")
        #expect(error?.details.last == "scores.csv: the read of s-5990 essay-task by r-33: not qualified")
        #expect(asked.count == Set(asked).count && asked.contains("r-2 backread") && asked.count == 37 + 11 + 1)
        #expect(try store.readHistory(ReadFilter()).isEmpty && store.students().isEmpty)
    }

    /// A read the rules' check must see (one it may look at the store for) sends the import the
    /// usual way, however late in the file; `importScores` then imports it whole that way,
    /// where the check sees exactly those reads.
    @Test(arguments: Engine.available) func aReadTheCheckMustSeeSendsTheImportTheUsualWay(engine: Engine) throws {
        var checked: [Read] = []
        let rules = ImportRules(
            mayRecord: { _, _ in nil }, needsCheck: { rubric, _ in rubric == "talk" },
            check: {
                checked.append($0)
                return nil
            })
        let (parallel, store, _) = try summary(statewideFile(), on: engine, rules: rules)
        #expect(parallel == nil)
        #expect(checked.isEmpty)
        #expect(try store.readHistory(ReadFilter()).isEmpty && store.students().isEmpty)
        let summary = try store.importScores(
            path: try Fixtures.file(statewideFile()), displayName: "scores.csv", bank: bank, addMissing: true, at: Fixtures.time,
            rules: rules)
        #expect(summary.recorded == 12_081)
        #expect(try store.readHistory(ReadFilter()).count == 12_081)
        #expect(checked.count == 40 && checked.allSatisfy { $0.component == "defense" })
    }

    /// Into a store that has students already, the load adds the file's others after it is
    /// parsed (on the server it cannot send them as they come): the same store as the usual
    /// path's.
    @Test(arguments: Engine.available) func aFirstLoadIntoARosterAddsOnlyTheStudentsItLacks(engine: Engine) throws {
        let text = statewideFile()
        let roster = ["s-1", "s-17", "c-3", "s-9999"]
        let store = try engine.emptyStore(), reference = try engine.emptyStore()
        for target in [store, reference] {
            for id in roster { _ = try target.addStudent(Student(id: id), at: Fixtures.time) }
        }
        let (parallel, _, written) = try summary(text, on: engine, store: store)
        let (usual, _) = try usualPath(text, on: engine, store: reference)
        #expect(try #require(parallel) == usual)
        #expect(written >= 10_000)
        #expect(usual.studentsAdded == 6_040 - 3)
        #expect(try store.students() == reference.students())
        #expect(try store.readHistory(ReadFilter()) == reference.readHistory(ReadFilter()))
    }

    @Test(arguments: Engine.available) func aStoreThatHoldsReadsIsNotForThisPath(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        _ = try store.record([Fixtures.essayRead(3, 3, 3)], rubrics: bank.rubrics, at: Fixtures.time)
        var runs = ScoresFileImport(name: "scores.csv", json: nil, addMissing: true, rules: nil)
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
        var runs = ScoresFileImport(name: "scores.csv", json: nil, addMissing: true, rules: nil)
        let summary = try load(statewideFile(), into: store, with: &runs)
        #expect(summary == nil)
        #expect(runs.writtenWhileParsing == 0)
        #expect(try store.readHistory(ReadFilter()).isEmpty)
    }

    /// When the server refuses a row it is sent while the file is still parsed (of the reads,
    /// or of the students sent between them), the import fails with the server's own reason,
    /// not a bare "the copy stopped", and leaves nothing.
    @Test(arguments: Engine.available.filter { $0 == .postgres }, [("read", "student <> 's-4000'"), ("student", "id <> 's-4000'")])
    func aRowTheServerRefusesWhileTheFileIsParsedFailsTheImportWithItsReason(engine: Engine, refusal: (table: String, check: String))
        throws
    {
        let (table, check) = refusal
        let store = try #require(try engine.emptyStore() as? PostgresStore)
        try store.writing { try $0.execute("ALTER TABLE \(table) ADD CONSTRAINT no_s4000 CHECK (\(check))") }
        var runs = ScoresFileImport(name: "scores.csv", json: nil, addMissing: true, rules: nil)
        // Students enough for batches of them to go in while the rest is parsed: the refusal
        // of the first ends the sending thread while the parser still sends.
        let error = #expect(throws: PostgresError.self) {
            _ = try load(statewideFile(students: 30_000), into: store, with: &runs)
        }
        #expect(error?.kind == .checkViolation && error?.constraint == "no_s4000")
        #expect(try store.readHistory(ReadFilter()).isEmpty && store.students().isEmpty && store.raters().isEmpty)
    }

    /// On the server the reference checks the triggers make of new reads run over every read
    /// of the load before it commits: a read naming a student the load never added fails it.
    @Test(arguments: Engine.available.filter { $0 == .postgres }) func theServerRefusesALoadWhoseReadNamesAStudentItLacks(
        engine: Engine
    ) throws {
        let store = try #require(try engine.emptyStore() as? PostgresStore)
        let error = #expect(throws: StoreError.self) {
            _ = try store.recordingWhileParsing(rubrics: bank.rubrics, at: Fixtures.time, addingMissing: false) { writer in
                try writer.record([Fixtures.essayRead(student: "s-9", rater: "r-1", 3, 3, 3)])
                try writer.add(RosterAdditions(raters: ["r-1"]))
            }
        }
        #expect(error?.message == "a read of the load names a student the store does not have (s-9); nothing was imported")
        #expect(try store.readHistory(ReadFilter()).isEmpty)
        #expect(try store.raters().isEmpty)
    }
}
