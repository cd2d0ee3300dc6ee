import Foundation
import ScoringCore
import ScoringExchange
import Testing

struct CASEPackageTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let file = "TaskBank/competencies.yaml"

    /// A small package: a domain, a coded child and an uncoded one whose statement spans lines,
    /// and an association of another type to an object outside the package.
    static let small = """
        {
          "CFDocument": {"identifier": "doc-1", "uri": "urn:doc-1", "creator": "District", "title": "Portrait", "lastChangeDateTime": "2026-09-01T00:00:00Z"},
          "CFItems": [
            {"identifier": "a1", "uri": "urn:a1", "fullStatement": "English", "humanCodingScheme": "ELA", "lastChangeDateTime": "2026-09-01T00:00:00Z"},
            {"identifier": "a2", "uri": "urn:a2", "fullStatement": "Argument", "humanCodingScheme": "ELA.ARG", "lastChangeDateTime": "2026-09-01T00:00:00Z"},
            {"identifier": "a3", "uri": "urn:a3", "fullStatement": "  Research\\n  and   sources ", "lastChangeDateTime": "2026-09-01T00:00:00Z"}
          ],
          "CFAssociations": [
            {"identifier": "s1", "associationType": "isChildOf", "uri": "urn:s1", "originNodeURI": {"title": "English", "identifier": "a1", "uri": "urn:a1"}, "destinationNodeURI": {"title": "Portrait", "identifier": "doc-1", "uri": "urn:doc-1"}, "lastChangeDateTime": "2026-09-01T00:00:00Z"},
            {"identifier": "s2", "associationType": "isChildOf", "sequenceNumber": 2, "uri": "urn:s2", "originNodeURI": {"title": "Argument", "identifier": "a2", "uri": "urn:a2"}, "destinationNodeURI": {"title": "English", "identifier": "a1", "uri": "urn:a1"}, "lastChangeDateTime": "2026-09-01T00:00:00Z"},
            {"identifier": "s3", "associationType": "isChildOf", "sequenceNumber": 1, "uri": "urn:s3", "originNodeURI": {"title": "Research", "identifier": "a3", "uri": "urn:a3"}, "destinationNodeURI": {"title": "English", "identifier": "a1", "uri": "urn:a1"}, "lastChangeDateTime": "2026-09-01T00:00:00Z"},
            {"identifier": "s4", "associationType": "exactMatchOf", "uri": "urn:s4", "originNodeURI": {"title": "Argument", "identifier": "a2", "uri": "urn:a2"}, "destinationNodeURI": {"title": "Elsewhere", "identifier": "x9", "uri": "urn:x9"}, "lastChangeDateTime": "2026-09-01T00:00:00Z"}
          ]
        }
        """

    static func imported(_ text: String, keeping existing: CompetencyFramework? = nil) throws -> FrameworkImport {
        try CASEPackage.parse(text).framework(keeping: existing, file: file)
    }

    static func message(_ text: String) -> String {
        do {
            _ = try imported(text)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func itemsBecomeCompetenciesInOutlineOrder() throws {
        let result = try Self.imported(Self.small)
        let framework = result.framework
        #expect(framework.name == "Portrait")
        #expect(framework.caseDocument == CASEReference(identifier: "doc-1", uri: "urn:doc-1", title: "Portrait"))
        // Siblings by sequence number: the uncoded item (1) before ELA.ARG (2).
        #expect(framework.competencies.map(\.id) == ["ELA", "a3", "ELA.ARG"])
        #expect(framework.competencies.map(\.name) == ["English", "Research and sources", "Argument"])
        #expect(framework.competencies.map(\.parent) == [nil, "ELA", "ELA"])
        #expect(framework.competency("ELA.ARG")?.caseItem == CASEReference(identifier: "a2", uri: "urn:a2"))
        #expect(framework.competencies.allSatisfy { $0.proficientAt == CASEPackage.defaultProficientAt && !$0.required })
        #expect(framework.method == .decayingAverage && framework.weight == 0.65 && framework.times == 2)
        #expect(result.added == ["ELA", "a3", "ELA.ARG"] && result.kept.isEmpty && result.removed.isEmpty)
        #expect(framework.hierarchyProblem == nil)
    }

    @Test func rollUpRulesOfTheExistingFrameworkAreKeptByCompetencyID() throws {
        let existing = try CompetencyFramework.parse(
            """
            framework: Old name
            method: n-times
            weight: 0.5
            times: 3
            competencies:
              - { id: ELA.ARG, name: Old argument, proficient_at: 2.5, required: true, method: highest }
              - { id: GONE, name: Gone, proficient_at: 2.5 }
              - { id: MATH, name: Math, proficient_at: 3, weight: 0.8 }
            """, file: Self.file)
        let result = try Self.imported(Self.small, keeping: existing)
        let framework = result.framework
        #expect(framework.name == "Portrait")
        #expect(framework.method == .nTimes && framework.weight == 0.5 && framework.times == 3)
        let argument = try #require(framework.competency("ELA.ARG"))
        #expect(argument.name == "Argument" && argument.proficientAt == 2.5 && argument.required && argument.method == .highest)
        #expect(argument.parent == "ELA")
        // New competencies take the cut most existing ones use (2.5, twice), and no overrides.
        let english = try #require(framework.competency("ELA"))
        #expect(english.proficientAt == 2.5 && !english.required && english.method == nil && english.weight == nil)
        #expect(result.added == ["ELA", "a3"] && result.kept == ["ELA.ARG"] && result.removed == ["GONE", "MATH"])
    }

    @Test func theExamplePackageIsThePortraitOfAGraduateWithDomains() throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("Examples/portrait-of-a-graduate.case.json"), encoding: .utf8)
        let package = try CASEPackage.parse(text)
        #expect(package.items.count == 18)
        #expect(package.childOf.count == 18)
        let bundled = try CompetencyFramework.parse(
            try String(contentsOf: Self.repository.appendingPathComponent("TaskBank/competencies.yaml"), encoding: .utf8),
            file: Self.file)
        let result = try package.framework(keeping: bundled, file: Self.file)
        let framework = result.framework
        #expect(result.kept == bundled.competencies.map(\.id))
        #expect(result.added == ["ELA", "SCI", "MATH", "COM", "CTE", "CIT", "SDL"])
        #expect(result.removed.isEmpty)
        #expect(framework.competencies.prefix(4).map(\.id) == ["ELA", "ELA.ARG", "ELA.RES", "ELA.WRI"])
        for competency in bundled.competencies {
            let imported = try #require(framework.competency(competency.id))
            #expect(imported.name == competency.name)
            #expect(imported.parent == String(competency.id.prefix { $0 != "." }))
            #expect(framework.rule(for: imported) == bundled.rule(for: competency))
            #expect(imported.required == competency.required)
        }
        for item in package.items {
            let id = try #require(item.humanCodingScheme)
            #expect(framework.competency(id)?.caseItem == CASEReference(identifier: item.identifier, uri: item.uri))
        }
    }

    @Test(arguments: [
        ("\"CFItems\": [", "\"CFItems\": [,", "3: not a JSON value (column 15)"),
        ("\"CFDocument\":", "\"CFDoc\":", "the package has no CFDocument; is it a CASE CFPackage?"),
        ("\"title\": \"Portrait\", ", "", "CFDocument has no 'title'"),
        ("\"CFDocument\": {\"identifier\": \"doc-1\"", "\"CFDocument\": {\"identifier\": 7", "CFDocument: 'identifier' must be text"),
        ("\"fullStatement\": \"Argument\", ", "", "CFItem 2 (ELA.ARG) has no 'fullStatement'"),
        ("\"fullStatement\": \"Argument\"", "\"fullStatement\": \"  \"", "CFItem 2 (ELA.ARG) has no 'fullStatement'"),
        ("\"fullStatement\": \"Argument\"", "\"fullStatement\": 3", "CFItem 2 (ELA.ARG): 'fullStatement' must be text"),
        ("\"identifier\": \"a3\", \"uri\"", "\"identifier\": \"a1\", \"uri\"", "CFItem 3 (a1) has the identifier 'a1' of CFItem 1"),
        ("\"identifier\": \"a3\", \"uri\"", "\"identifier\": \"doc-1\", \"uri\"", "CFItem 3 (doc-1) has the identifier 'doc-1' of the CFDocument"),
        ("\"uri\": \"urn:a2\", \"fullStatement\"", "\"fullStatement\"", "CFItem 2 (ELA.ARG) has no 'uri'"),
        ("{\"identifier\": \"a1\", \"uri\": \"urn:a1\", \"fullStatement\"", "[\"a1\"], {\"fullStatement\"", "CFItem 1 must be a JSON object"),
        ("\"urn:s2\", \"originNodeURI\": {\"title\": \"Argument\", \"identifier\": \"a2\"", "\"urn:s2\", \"originNodeURI\": {\"title\": \"Argument\", \"identifier\": \"a7\"",
         "CFAssociation 2 (isChildOf): its origin 'a7' is not a CFItem of the package"),
        ("\"urn:s2\", \"originNodeURI\": {\"title\": \"Argument\", \"identifier\": \"a2\", \"uri\": \"urn:a2\"}, \"destinationNodeURI\": {\"title\": \"English\", \"identifier\": \"a1\"",
         "\"urn:s2\", \"originNodeURI\": {\"title\": \"Argument\", \"identifier\": \"a2\", \"uri\": \"urn:a2\"}, \"destinationNodeURI\": {\"title\": \"English\", \"identifier\": \"b1\"",
         "CFAssociation 2 (isChildOf): its destination 'b1' is neither a CFItem of the package nor its CFDocument"),
        ("\"urn:s2\", \"originNodeURI\": {\"title\": \"Argument\", \"identifier\": \"a2\", ", "\"urn:s2\", \"originNodeURI\": {\"title\": \"Argument\", ",
         "CFAssociation 2 (isChildOf)'s originNodeURI has no 'identifier'"),
        ("\"identifier\": \"s4\", \"associationType\": \"exactMatchOf\", ", "\"identifier\": \"s4\", ", "CFAssociation 4 has no 'associationType'"),
        ("\"sequenceNumber\": 2,", "\"sequenceNumber\": \"2\",", "CFAssociation 2: 'sequenceNumber' must be a whole number"),
        ("\"CFAssociations\": [", "\"CFAssociations\": \"none\", \"x\": [", "the package: 'CFAssociations' must be a JSON array"),
        // Mapping to a framework.
        ("\"fullStatement\": \"Argument\", \"humanCodingScheme\": \"ELA.ARG\"", "\"fullStatement\": \"Argument\", \"humanCodingScheme\": \"ELA ARG\"",
         "CFItem 2: its humanCodingScheme cannot be a competency id: competency id 'ELA ARG' may contain only ASCII letters"),
        ("\"humanCodingScheme\": \"ELA.ARG\"", "\"humanCodingScheme\": \"ELA\"", "CFItems 1 and 2 both have the code 'ELA'; competency ids must differ"),
        ("\"originNodeURI\": {\"title\": \"English\", \"identifier\": \"a1\", \"uri\": \"urn:a1\"}, \"destinationNodeURI\": {\"title\": \"Portrait\", \"identifier\": \"doc-1\"",
         "\"originNodeURI\": {\"title\": \"English\", \"identifier\": \"a1\", \"uri\": \"urn:a1\"}, \"destinationNodeURI\": {\"title\": \"Portrait\", \"identifier\": \"a2\"",
         "the isChildOf associations make a cycle: ELA → ELA.ARG → ELA"),
        ("\"originNodeURI\": {\"title\": \"Research\", \"identifier\": \"a3\", \"uri\": \"urn:a3\"}, \"destinationNodeURI\": {\"title\": \"English\", \"identifier\": \"a1\"",
         "\"originNodeURI\": {\"title\": \"Research\", \"identifier\": \"a2\", \"uri\": \"urn:a3\"}, \"destinationNodeURI\": {\"title\": \"English\", \"identifier\": \"a3\"",
         "CFItem 'ELA.ARG' is a child (isChildOf) of both 'ELA' and 'a3'; a competency has one parent"),
    ])
    func aMalformedPackageIsRefusedNamingTheProblem(original: String, replacement: String, expected: String) {
        #expect(Self.small.contains(original))
        let message = Self.message(Self.small.replacingOccurrences(of: original, with: replacement))
        #expect(message.hasPrefix(expected), "got: \(message)")
    }

    @Test func aPackageWithoutItemsOrNotAnObjectIsRefused() {
        #expect(Self.message("[]") == "a CASE package is a JSON object with a CFDocument, CFItems and CFAssociations (a CFPackage)")
        let empty = #"{"CFDocument": {"identifier": "d", "uri": "urn:d", "title": "T"}, "CFItems": []}"#
        #expect(Self.message(empty) == "the package has no CFItems: it holds no competencies to import")
        let none = #"{"CFDocument": {"identifier": "d", "uri": "urn:d", "title": "T"}}"#
        #expect(Self.message(none) == "the package has no 'CFItems'")
    }

    @Test func aChildOfTheDocumentAndOfAnItemTakesTheItem() throws {
        let text = Self.small.replacingOccurrences(
            of: "\"identifier\": \"s4\", \"associationType\": \"exactMatchOf\"", with: "\"identifier\": \"s4\", \"associationType\": \"isChildOf\"")
            .replacingOccurrences(of: "\"identifier\": \"x9\"", with: "\"identifier\": \"doc-1\"")
        let framework = try Self.imported(text).framework
        #expect(framework.competency("ELA.ARG")?.parent == "ELA")
    }
}
