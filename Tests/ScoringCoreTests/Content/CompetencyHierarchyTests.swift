import Foundation
import ScoringCore
import Testing

struct CompetencyHierarchyTests {
    static let file = "TaskBank/competencies.yaml"

    static let valid = """
        framework: Portrait
        case: { identifier: 0c7a5e4e-6f1c-5d7e-9a51-3b8f2f4c9d10, uri: "https://case.example.org/CFDocuments/0c7a", title: Portrait }
        competencies:
          - { id: ELA, name: English, proficient_at: 3 }
          - id: ARG
            name: Argument
            proficient_at: 3
            parent: ELA
            case: { identifier: 5d2b7a10-3c4e-5f60-8a71-92b3c4d5e6f7, uri: "https://case.example.org/CFItems/5d2b" }
          - { id: RES, name: Research, proficient_at: 2.5, parent: ARG }
        """

    static func message(_ text: String) -> String {
        do {
            _ = try CompetencyFramework.parse(text, file: file)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func parentsAndCASEIdentifiersAreRead() throws {
        let framework = try CompetencyFramework.parse(Self.valid, file: Self.file)
        #expect(framework.competencies.map(\.parent) == [nil, "ELA", "ARG"])
        #expect(
            framework.caseDocument
                == CASEReference(
                    identifier: "0c7a5e4e-6f1c-5d7e-9a51-3b8f2f4c9d10", uri: "https://case.example.org/CFDocuments/0c7a", title: "Portrait"))
        #expect(
            framework.competency("ARG")?.caseItem
                == CASEReference(identifier: "5d2b7a10-3c4e-5f60-8a71-92b3c4d5e6f7", uri: "https://case.example.org/CFItems/5d2b"))
        #expect(framework.competency("ELA")?.caseItem == nil)
        #expect(framework.hierarchyProblem == nil)
    }

    @Test(arguments: [
        ("parent: ARG }", "parent: ARX }", "TaskBank/competencies.yaml:10: competency 'RES' has parent 'ARX', which is not in the framework; did you mean 'ARG'?"),
        ("parent: ARG }", "parent: RES }", "TaskBank/competencies.yaml:10: competency 'RES' is its own ancestor (RES → RES)"),
        ("{ id: ELA, name: English, proficient_at: 3 }", "{ id: ELA, name: English, proficient_at: 3, parent: RES }",
         "TaskBank/competencies.yaml:4: competency 'ELA' is its own ancestor (ELA → RES → ARG → ELA)"),
        (", uri: \"https://case.example.org/CFItems/5d2b\" }", " }", "TaskBank/competencies.yaml:9: 'case' has no 'uri'"),
        ("title: Portrait }", "name: Portrait }", "TaskBank/competencies.yaml:2: 'case' has unknown key 'name'"),
        ("case: { identifier: 5d2b", "case: { title: x, identifier: 5d2b", "TaskBank/competencies.yaml:9: 'case' has unknown key 'title'"),
        ("    parent: ELA\n", "    parent: [ELA]\n", "TaskBank/competencies.yaml:8: 'parent' must be text"),
    ])
    func aBadHierarchyIsRejectedWithItsLine(original: String, replacement: String, expected: String) {
        #expect(Self.valid.contains(original))
        let message = Self.message(Self.valid.replacingOccurrences(of: original, with: replacement))
        #expect(message.hasPrefix(expected), "got: \(message)")
    }

    @Test func aCycleIsFoundFromAnyStart() {
        #expect(CompetencyFramework.cycle(parents: ["A": "B", "B": "C"], order: ["A", "B", "C"]) == nil)
        #expect(CompetencyFramework.cycle(parents: ["A": "B", "B": "C", "C": "B"], order: ["A", "B", "C"]) == ["B", "C", "B"])
        #expect(CompetencyFramework.cycle(parents: ["D": "D"], order: ["A", "D"]) == ["D", "D"])
    }

    @Test func writtenYAMLReadsBackTheSameFramework() throws {
        let names = [
            "Plain Name", "Says \"quoted\" things: and colons", "two\nlines", "null", "3D modelling", "  ", "Café – naïve",
            "tab\there", "odd \u{85}\u{2028}\u{7F}\u{1}\u{FEFF} characters", "# not a comment", "ends with space ", "yes",
        ]
        var competencies = names.enumerated().map { offset, name in
            Competency(id: "C\(offset)", name: name.trimmingWhitespace.isEmpty ? "C" : name.trimmingWhitespace, proficientAt: 2.75)
        }
        competencies[1].required = true
        competencies[1].method = .nTimes
        competencies[1].times = 3
        competencies[2].weight = 0.5
        competencies[2].parent = "C1"
        competencies[3].caseItem = CASEReference(identifier: "abc", uri: "https://case.example.org/a?b=1&c=#frag, x: y")
        let framework = CompetencyFramework(
            name: "Portrait: \"ours\"", method: .weightedAverage, weight: 0.4, times: 3, competencies: competencies,
            caseDocument: CASEReference(identifier: "doc", uri: "urn:uuid:doc", title: "Portrait\nof a Graduate"), file: Self.file)
        let text = framework.yaml(comments: ["first\nline", "second"])
        #expect(text.hasPrefix("# first line\n# second\nframework: "))
        #expect(try CompetencyFramework.parse(text, file: Self.file) == framework)
    }

    @Test func theBundledFrameworkReadsBackFromItsYAML() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("TaskBank/competencies.yaml")
        let framework = try CompetencyFramework.parse(try String(contentsOf: url, encoding: .utf8), file: Self.file)
        #expect(try CompetencyFramework.parse(framework.yaml(), file: Self.file) == framework)
    }
}
