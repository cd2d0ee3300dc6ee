import Foundation
import ScoringCore
import ScoringStore
import Testing

@testable import ScoringService

/// `import framework` and `export rubric` against a copy of the bundled content.
struct CASEServiceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let example = repository.appendingPathComponent("Examples/portrait-of-a-graduate.case.json").path

    /// A service over a fresh store and a copy of the bundled rubrics and task bank.
    static func service(engine: ServiceEngine = .sqlite) throws -> (ScoringService, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-case-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["Rubrics", "TaskBank"] {
            try FileManager.default.copyItem(at: repository.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let content = ContentLocation(rubrics: folder.appendingPathComponent("Rubrics").path, bank: folder.appendingPathComponent("TaskBank").path)
        let bank = try content.load(snapshots: [:])
        return (ScoringService(store: try engine.emptyStore(), bank: bank, content: content, clock: { ServiceFixtures.time }), folder)
    }

    /// The example package changed by `edit`, written beside the bank.
    static func package(in folder: URL, _ edit: (String) -> String) throws -> String {
        let path = folder.appendingPathComponent("package.json").path
        let text = try String(contentsOfFile: example, encoding: .utf8)
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: ServiceEngine.available)
    func anImportedFrameworkIsWrittenAndLoadedWithItsRulesKept(on engine: ServiceEngine) throws {
        let (service, _) = try Self.service(engine: engine)
        let before = try #require(service.bank.framework)
        chmod(service.frameworkFile, 0o640)
        let summary = try service.importFramework(path: Self.example, name: "portrait.json")
        #expect(summary.competencies == 18 && summary.withParent == 11)
        #expect(summary.added == ["ELA", "SCI", "MATH", "COM", "CTE", "CIT", "SDL"])
        #expect(summary.kept == before.competencies.map(\.id) && summary.removed.isEmpty)
        #expect(summary.written == service.frameworkFile && summary.framework == "Portrait of a Graduate")

        // The session uses the new framework, and what is on disk loads as it.
        let framework = try #require(service.bank.framework)
        #expect(service.bank.problems.isEmpty)
        #expect(framework.competencies.count == 18)
        #expect(framework.caseDocument?.identifier == summary.document)
        #expect(framework.competency("ELA.ARG")?.parent == "ELA")
        #expect(framework.competency("ELA.ARG")?.caseItem?.uri.hasPrefix("https://case.example.org/ims/case/v1p1/CFItems/") == true)
        for competency in before.competencies {
            #expect(framework.rule(for: try #require(framework.competency(competency.id))) == before.rule(for: competency))
        }
        let written = try String(contentsOfFile: service.frameworkFile, encoding: .utf8)
        #expect(try CompetencyFramework.parse(written, file: service.frameworkFile) == framework)
        var status = stat()
        stat(service.frameworkFile, &status)
        #expect(status.st_mode & 0o777 == 0o640)

        // Importing the same package again changes nothing.
        let again = try service.importFramework(path: Self.example, name: "portrait.json")
        #expect(again.added.isEmpty && again.kept.count == 18 && again.removed.isEmpty)
        #expect(try String(contentsOfFile: service.frameworkFile, encoding: .utf8) == written)
    }

    @Test(arguments: [
        ("\"CFItems\": [", "\"CFItems\": [,", "package.json:15: not a JSON value (column 15); nothing was written"),
        ("\"fullStatement\": \"Argumentation\",", "", "package.json: CFItem 8 (ELA.ARG) has no 'fullStatement'; nothing was written"),
        ("\"humanCodingScheme\": \"SDL\"", "\"humanCodingScheme\": \"ELA\"", "package.json: CFItems 1 and 7 both have the code 'ELA'; competency ids must differ; nothing was written"),
    ])
    func aMalformedPackageWritesNothing(original: String, replacement: String, expected: String) throws {
        let (service, folder) = try Self.service()
        let before = try String(contentsOfFile: service.frameworkFile, encoding: .utf8)
        let path = try Self.package(in: folder) { text in
            #expect(text.contains(original))
            return text.replacingOccurrences(of: original, with: replacement)
        }
        #expect(refusal { _ = try service.importFramework(path: path, name: "package.json") } == expected)
        #expect(try String(contentsOfFile: service.frameworkFile, encoding: .utf8) == before)
        #expect(service.bank.framework?.competencies.count == 11)
    }

    static let document = "e620921b-2b48-54e4-bcd8-783248c2129b"
    static let english = "c3a09695-5adf-5aa1-88e1-1e91b007f74a"
    static let argumentation = "099538c9-30a8-5b74-be4c-583328f46d77"

    @Test(arguments: [
        // ELA, a child of the document, made a child of its own child ELA.ARG.
        (
            "\"title\": \"Portrait of a Graduate\",\n        \"identifier\": \"\(document)\"",
            "\"title\": \"Argumentation\",\n        \"identifier\": \"\(argumentation)\"",
            "package.json: the isChildOf associations make a cycle: ELA → ELA.ARG → ELA; nothing was written"
        ),
        (
            "\"title\": \"Argumentation\",\n        \"identifier\": \"\(argumentation)\"",
            "\"title\": \"Argumentation\",\n        \"identifier\": \"00000000-0000-5000-8000-000000000000\"",
            "package.json: CFAssociation 8 (isChildOf): its origin '00000000-0000-5000-8000-000000000000' is not a CFItem of the package; nothing was written"
        ),
        (
            "\"title\": \"English Language Arts\",\n        \"identifier\": \"\(english)\"",
            "\"title\": \"English Language Arts\",\n        \"identifier\": \"11111111-0000-5000-8000-000000000000\"",
            "package.json: CFAssociation 1 (isChildOf): its origin '11111111-0000-5000-8000-000000000000' is not a CFItem of the package; nothing was written"
        ),
    ])
    func aCycleOrAnAssociationToAnUnknownItemWritesNothing(original: String, replacement: String, expected: String) throws {
        let (service, folder) = try Self.service()
        let before = try String(contentsOfFile: service.frameworkFile, encoding: .utf8)
        let path = try Self.package(in: folder) { text in
            // The first association that has it: the first of each kind is the one the message names.
            guard let range = text.range(of: original) else { return text }
            return text.replacingCharacters(in: range, with: replacement)
        }
        #expect(refusal { _ = try service.importFramework(path: path, name: "package.json") } == expected)
        #expect(try String(contentsOfFile: service.frameworkFile, encoding: .utf8) == before)
    }

    @Test func aPackageWithoutACompetencyARubricUsesIsRefused() throws {
        let (service, folder) = try Self.service()
        let before = try String(contentsOfFile: service.frameworkFile, encoding: .utf8)
        let path = try Self.package(in: folder) { $0.replacingOccurrences(of: "\"humanCodingScheme\": \"CIT.COL\"", with: "\"humanCodingScheme\": \"CIT.TEAM\"") }
        do {
            _ = try service.importFramework(path: path, name: "package.json")
            Issue.record("the import was not refused")
        } catch let error as ServiceError {
            #expect(
                error.message
                    == "package.json has no competency for 1 rubric criterion to be evidence for; add the competencies to the package or change the rubrics; nothing was written")
            #expect(error.details == ["\(service.content.rubrics)/cte-technical-product.yaml: criterion 'client' is evidence for CIT.COL"])
        }
        #expect(try String(contentsOfFile: service.frameworkFile, encoding: .utf8) == before)
    }

    @Test func aFrameworkFileThatDoesNotLoadIsNotOverwritten() throws {
        let (service, _) = try Self.service()
        let broken = "framework: Portrait\ncompetencies:\n  - { id: ELA.ARG, name: Argument }\n"
        try broken.write(toFile: service.frameworkFile, atomically: true, encoding: .utf8)
        let message = refusal { _ = try service.importFramework(path: Self.example, name: "portrait.json") }
        #expect(
            message
                == "\(service.frameworkFile):3: competency 'ELA.ARG' has no 'proficient_at'; fix it first, so the import can keep its roll-up rules (or move it away); nothing was written")
        #expect(try String(contentsOfFile: service.frameworkFile, encoding: .utf8) == broken)
    }

    @Test func withoutAFrameworkFileTheDefaultsApply() throws {
        let (service, _) = try Self.service()
        try FileManager.default.removeItem(atPath: service.frameworkFile)
        _ = try service.reload()
        let summary = try service.importFramework(path: Self.example, name: "portrait.json")
        #expect(summary.added.count == 18 && summary.kept.isEmpty)
        let framework = try #require(service.bank.framework)
        #expect(framework.method == .decayingAverage && framework.weight == 0.65 && framework.times == 2)
        #expect(framework.competencies.allSatisfy { $0.proficientAt == 3 && !$0.required && $0.method == nil })
        var status = stat()
        stat(service.frameworkFile, &status)
        #expect(status.st_mode & 0o777 == 0o644 & ~Self.umask())
    }

    static func umask() -> mode_t {
        let mask = Foundation.umask(0)
        Foundation.umask(mask)
        return mask
    }

    @Test func anExportedRubricIsTheSameTwiceAndAlignsToImportedItems() throws {
        let (service, _) = try Self.service()
        let rubric = try service.rubric("argumentative-writing")
        var times = [timespec(tv_sec: 1_790_000_000, tv_nsec: 0), timespec(tv_sec: 1_790_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, rubric.file, &times, 0) == 0)
        let first = try service.caseRubric("argumentative-writing")
        #expect(first.criteria == rubric.criteria.count && first.levels == rubric.criteria.count * rubric.scale.count)
        #expect(first.aligned == 0)
        #expect(first.json.encoded.contains("\"lastChangeDateTime\":\"\(Timestamp(seconds: 1_790_000_000))\""))
        #expect(try service.caseRubric("argumentative-writing").json == first.json)

        _ = try service.importFramework(path: Self.example, name: "portrait.json")
        let aligned = try service.caseRubric("argumentative-writing")
        #expect(aligned.aligned == rubric.criteria.count)
        #expect(aligned.identifier == first.identifier)
        #expect(aligned.json.encoded.contains("\"CFItemURI\":{\"title\":\"Argumentation\""))
        #expect(refusal { _ = try service.caseRubric("argumentative") } == "unknown rubric 'argumentative'; did you mean 'argumentative-writing'?")
    }
}
