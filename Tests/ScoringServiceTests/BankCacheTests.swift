import Foundation
import ScoringCore
import Testing

@testable import ScoringService

/// Keeping an assembled bank for the next shell: the same bank, and never a stale or damaged one.
struct BankCacheTests {
    /// A copy of the bundled rubrics and task bank in a folder of its own, with an empty cache
    /// folder beside them.
    struct Content {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-bank-cache-\(UUID().uuidString)")
        var rubrics: URL { folder.appendingPathComponent("Rubrics") }
        var tasks: URL { folder.appendingPathComponent("TaskBank") }
        var cacheFolder: URL { folder.appendingPathComponent("cache") }

        init() throws {
            for name in ["Rubrics", "TaskBank"] {
                try FileManager.default.copyItem(
                    at: CASEServiceTests.repository.appendingPathComponent(name), to: folder.appendingPathComponent(name))
            }
        }

        func location(cached: Bool = true) -> ContentLocation {
            ContentLocation(
                rubrics: rubrics.path, bank: tasks.path, cache: cached ? BankCache(folder: cacheFolder.path) : nil)
        }

        func keptFiles() throws -> [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: cacheFolder.path))?.sorted() ?? []
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    /// A bank with every optional part present, so the encoding's every branch is read back.
    static let everyPart: Bank = {
        var bank = Bank()
        var decision = DecisionRule(proficientAt: 2.75, floor: 2)
        decision.levels = [PerformanceLevel(at: 3.5, label: "Distinguished"), PerformanceLevel(at: 2.75, label: "Proficient")]
        bank.rubrics["essay"] = Rubric(
            id: "essay", title: "Essay — “quoted” ✓", version: 3,
            scale: [ScaleLevel(score: -1, label: "Off task"), ScaleLevel(score: 0, label: ""), ScaleLevel(score: 4, label: "Exemplary")],
            criteria: [
                Criterion(id: "claim", name: "Claim", weight: 1.0 / 3.0, competency: "arg", descriptors: [4: "A clear claim.", -1: "None.\n"]),
                Criterion(id: "style", name: "Style", weight: 1_000),
            ],
            decision: decision, resolution: ResolutionRule(reads: 3, adjudicateAt: 1),
            calibration: CalibrationThresholds(exact: 0.8, withinOne: 0.95, required: true),
            file: "Rubrics/essay.yaml", source: "id: essay\ntitle: \"Essay\"\n")
        bank.tasks["inquiry"] = AssessmentTask(
            id: "inquiry", title: "Inquiry", kind: .capstone, subject: "ELA", grades: "11-12", prompt: "Write.\tThen revise.",
            components: [.init(id: "paper", rubric: "essay"), .init(id: "talk", rubric: "essay")], require: 1,
            plan: ScoringPlan(
                secondReads: 0.25, validity: 0.1, backreads: 0, lease: 900,
                lockout: .init(after: 5, exact: 0.6, withinOne: 0.9), seed: -7),
            file: "TaskBank/inquiry.yaml")
        bank.tasks["short"] = AssessmentTask(id: "short", title: "Short", kind: .performanceTask, components: [.init(id: "main", rubric: "essay")])
        bank.framework = CompetencyFramework(
            name: "Portrait", method: .nTimes, weight: 0.5, times: 3,
            competencies: [
                Competency(
                    id: "arg", name: "Argument", proficientAt: 3, required: true, method: .highest, weight: 0.7, times: 2,
                    parent: "comm", caseItem: CASEReference(identifier: "u-1", uri: "https://example.org/1", title: "Item")),
                Competency(id: "comm", name: "Communication", proficientAt: 2.5),
            ],
            caseDocument: CASEReference(identifier: "d-1", uri: "https://example.org/doc"), file: "TaskBank/competencies.yaml")
        let late = ContentError(file: "Rubrics/late.yaml", line: 4, message: "'weight' must be a number, not 'x'")
        let lost = ContentError(file: "TaskBank/lost.yaml", line: nil, message: "the file is not UTF-8 text")
        bank.problems = [late, lost]
        bank.rejectedRubrics["late"] = late
        bank.rejectedTasks["lost"] = lost
        return bank
    }()

    @Test func anEncodedBankReadsBackEqual() throws {
        #expect(Bank(encoded: Self.everyPart.encoded()) == Self.everyPart)
        #expect(Bank(encoded: Bank().encoded()) == Bank())
        let content = try Content()
        defer { content.remove() }
        let bundled = try content.location(cached: false).load(snapshots: [:])
        #expect(bundled.rubrics.count == 7 && bundled.tasks.count == 9 && bundled.framework != nil)
        #expect(Bank(encoded: bundled.encoded()) == bundled)
    }

    @Test func bytesCutShortOrDamagedAreNeverTakenForAWholeBank() {
        let bytes = Self.everyPart.encoded()
        for length in 0..<bytes.count {
            #expect(Bank(encoded: Array(bytes[..<length])) == nil)
        }
        #expect(Bank(encoded: bytes + [0]) == nil)
        var otherLayout = bytes
        otherLayout[0] &+= 1
        #expect(Bank(encoded: otherLayout) == nil)
        // A damaged count or flag anywhere: no crash and no huge allocation (the cache file's
        // digest is what keeps a damaged value out).
        for index in stride(from: 8, to: bytes.count, by: 3) {
            var damaged = bytes
            damaged[index] ^= 0xA5
            _ = Bank(encoded: damaged)
        }
    }

    @Test func theNextLoadOfTheSameFilesIsTheKeptBank() throws {
        let content = try Content()
        defer { content.remove() }
        let fresh = try content.location(cached: false).load(snapshots: [:])
        #expect(try content.location().load(snapshots: [:]) == fresh)
        #expect(try content.keptFiles().count == 1)
        #expect(try content.location().load(snapshots: [:]) == fresh)

        // It is the kept file that answers: a bank planted under the same key is what loads.
        let location = content.location()
        let files = try [content.rubrics, content.tasks].map { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { $0.hasSuffix(".yaml") }.map {
                let path = folder.path + "/" + $0
                return Bank.SourceFile(path: path, id: String($0.dropLast(5)), text: try String(contentsOfFile: path, encoding: .utf8))
            }
        }
        var tasks = files[1]
        let framework = tasks.remove(at: tasks.firstIndex { $0.id == "competencies" }!)
        let key = try #require(BankCache.key(rubrics: files[0], tasks: tasks, framework: framework, snapshots: [:]))
        var planted = fresh
        planted.tasks.removeAll()
        let cache = try #require(location.cache)
        cache.keep(planted, for: key, at: cache.path(for: location))
        #expect(try location.load(snapshots: [:]) == planted)

        // A damaged byte in the kept file: the files are read again, and the good bank kept.
        let path = cache.path(for: location)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 20] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try location.load(snapshots: [:]) == fresh)
        #expect(try location.load(snapshots: [:]) == fresh)
    }

    @Test func anEditAnotherFileOrOtherSnapshotsAssembleAfresh() throws {
        let content = try Content()
        defer { content.remove() }
        let location = content.location()
        let before = try location.load(snapshots: [:])
        let rubric = content.rubrics.appendingPathComponent("reflection.yaml")
        let text = try String(contentsOf: rubric, encoding: .utf8)

        // The same length, so only the bytes tell the edit.
        let edited = text.replacingOccurrences(of: "version: 1", with: "version: 2")
        #expect(edited != text && edited.utf8.count == text.utf8.count)
        try edited.write(to: rubric, atomically: false, encoding: .utf8)
        let after = try location.load(snapshots: [:])
        #expect(after.rubrics["reflection"]?.version == 2)
        #expect(after == (try content.location(cached: false).load(snapshots: [:])))

        // Scores recorded under another text of version 2: the rubric is refused, as uncached.
        let snapshots = [RubricVersionKey(rubric: "reflection", version: 2): before.rubrics["reflection"]!.canonicalForm]
        let refused = try location.load(snapshots: snapshots)
        #expect(refused.rubrics["reflection"] == nil && refused.rejectedRubrics["reflection"] != nil)
        #expect(refused == (try content.location(cached: false).load(snapshots: snapshots)))

        // A new file, and then the old text back.
        try "id: broken\n".write(to: content.rubrics.appendingPathComponent("broken.yaml"), atomically: false, encoding: .utf8)
        #expect(try location.load(snapshots: [:]).rejectedRubrics["broken"] != nil)
        try FileManager.default.removeItem(at: content.rubrics.appendingPathComponent("broken.yaml"))
        try text.write(to: rubric, atomically: false, encoding: .utf8)
        #expect(try location.load(snapshots: [:]) == before)
        #expect(try content.keptFiles().count == 1)
    }

    @Test func aCacheThatCannotBeWrittenIsNoProblem() throws {
        let content = try Content()
        defer { content.remove() }
        // A file where the cache folder would be.
        try Data("not a folder".utf8).write(to: content.cacheFolder)
        let fresh = try content.location(cached: false).load(snapshots: [:])
        #expect(try content.location().load(snapshots: [:]) == fresh)
        #expect(try content.location().load(snapshots: [:]) == fresh)
    }

    @Test func theCacheFolderComesFromTheEnvironment() {
        #expect(BankCache(environment: ["SCOREBENCH_CACHE": "/x/y", "HOME": "/h"])?.folder == "/x/y")
        #expect(BankCache(environment: ["SCOREBENCH_CACHE": "", "HOME": "/h"]) == nil)
        #expect(BankCache(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"])?.folder == "/c/scorebench")
        // A relative XDG_CACHE_HOME is to be ignored (the XDG base directory specification).
        #expect(BankCache(environment: ["XDG_CACHE_HOME": "c", "HOME": "/h"])?.folder == "/h/.cache/scorebench")
        #expect(BankCache(environment: ["HOME": "/h"])?.folder == "/h/.cache/scorebench")
        #expect(BankCache(environment: [:]) == nil)
    }
}
