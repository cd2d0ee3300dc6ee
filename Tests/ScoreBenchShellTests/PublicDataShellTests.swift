import Foundation
import Testing

/// SPEC 15 in the real binary: `export public` leaks no id and no small cell and cannot be
/// joined to another export; `export proficiency --by` withholds what `proficiency --by` does.
@Suite struct PublicDataShellTests {
    /// 62 students: north 30 (grade 9: 20, grade 10: 10), south 24 (grade 9: 21, grade 10: 3),
    /// east 8 (grade 11); every tenth in ell, every fourth in frl. Two raters read each essay,
    /// with a note that names the student.
    static func workspace() throws -> URL {
        let folder = try Harness.workspace()
        var roster = "id,grade,school,groups\n"
        var scores = "student,task,rater,criterion,score,scored_at,note\n"
        let places = Array(repeating: ("9", "north"), count: 20) + Array(repeating: ("10", "north"), count: 10)
            + Array(repeating: ("9", "south"), count: 21) + Array(repeating: ("10", "south"), count: 3)
            + Array(repeating: ("11", "east"), count: 8)
        for (index, place) in places.enumerated() {
            let id = String(format: "st-%03d", index)
            let groups = [index % 10 == 0 ? "ell" : nil, index % 4 == 0 ? "frl" : nil].compactMap { $0 }.joined(separator: ";")
            roster += "\(id),\(place.0),\(place.1),\(groups)\n"
            for rater in ["rater-ann", "rater-bo"] {
                for criterion in ["claim", "evidence", "style"] {
                    scores += "\(id),essay-task,\(rater),\(criterion),\(1 + (index + criterion.count) % 4),2026-10-01T09:00:00Z,about \(id)\n"
                }
            }
        }
        try roster.write(to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        try scores.write(to: folder.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    static let load = ["import students roster.csv", "import scores scores.csv --add-missing"]

    static func rows(_ file: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test(arguments: ShellEngine.available) func thePublicFileHoldsNoIdAndNoSmallCell(on engine: ShellEngine) throws {
        let folder = try Self.workspace()
        let run = try ShellTarget(engine, in: folder).run(Self.load + ["export public public.csv"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("wrote public.csv: 62 students in 192 rows\n"))
        let text = try String(contentsOf: folder.appendingPathComponent("public.csv"), encoding: .utf8)
        for secret in ["st-", "rater-ann", "rater-bo", "about", "2026-"] { #expect(!text.contains(secret)) }
        let rows = try Self.rows(folder.appendingPathComponent("public.csv"))
        let students = rows.filter { $0["record"] != "group" }
        // 62 students × (1 decision + 2 roll-ups with evidence: ARG, RES), then the counts.
        #expect(students.count == 62 * 3)
        #expect(Set(students.map { $0["pseudonym"]! }).count == 62)
        #expect(students.allSatisfy { $0["pseudonym"]!.count == 32 && $0["pseudonym"]!.allSatisfy(\.isHexDigit) })
        // Every school and every (grade, school) shown is shared by at least 10 students:
        // north keeps its grades; south loses them (grade 10 has 3); east (8) is blanked.
        var places: [String: Set<String>] = [:]
        for row in students { places["\(row["grade"]!)|\(row["school"]!)", default: []].insert(row["pseudonym"]!) }
        #expect(places.mapValues(\.count) == ["9|north": 20, "10|north": 10, "|south": 24, "|": 8])
        // Program groups only as counts, none under 10 shown.
        let counts = rows.filter { $0["record"] == "group" }
        #expect(Set(counts.map { $0["group"]! }) == ["", "ell", "frl"])
        for count in counts where Int(count["students"]!)! < 10 { #expect(count["proficient_students"] == "") }
        #expect(counts.contains { $0["group"] == "ell" && $0["students"] == "7" && $0["proficient_students"] == "" })
    }

    @Test(arguments: ShellEngine.available) func twoPublicFilesCannotBeJoined(on engine: ShellEngine) throws {
        let folder = try Self.workspace()
        let run = try ShellTarget(engine, in: folder).run(Self.load + ["export public one.csv", "export public two.csv"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let one = try Self.rows(folder.appendingPathComponent("one.csv"))
        let two = try Self.rows(folder.appendingPathComponent("two.csv"))
        let pseudonyms = (Set(one.map { $0["pseudonym"]! }), Set(two.map { $0["pseudonym"]! }))
        #expect(pseudonyms.0.intersection(pseudonyms.1).subtracting([""]).isEmpty)
        // The same records otherwise, in another order.
        func withoutPseudonym(_ rows: [[String: String]]) -> [String] {
            rows.map { $0.filter { $0.key != "pseudonym" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }.sorted()
        }
        #expect(withoutPseudonym(one) == withoutPseudonym(two))
        #expect(one.map { $0["record"]! + ($0["task"] ?? "") } != two.map { $0["record"]! + ($0["task"] ?? "") } || one.map { $0["pseudonym"]! } != two.map { $0["pseudonym"]! })
    }

    @Test(arguments: ShellEngine.available) func onlyTheCoordinatorWritesThePublicFileAndAMistakeWritesNothing(on engine: ShellEngine) throws {
        let folder = try Self.workspace()
        let target = try ShellTarget(engine, in: folder)
        let run = try target.run(Self.load + ["as rater-ann", "export public a.csv"], in: folder)
        #expect(run.status == 1)
        let unknown = try target.run(["export public b.csv --task nope"], in: folder)
        #expect(unknown.status == 1)
        #expect(run.stderr.contains("only the coordinator may export the public file; acting as rater-ann (rater)"))
        #expect(unknown.stderr.contains("unknown task 'nope'"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("a.csv").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("b.csv").path))
    }

    @Test(arguments: ShellEngine.available) func exportedCountsAreWithheldAsProficiencyByWithholdsThem(on engine: ShellEngine) throws {
        let folder = try Self.workspace()
        let run = try ShellTarget(engine, in: folder).run(
            Self.load + ["proficiency --by school", "export proficiency by-school.json --by school", "export proficiency by-school.csv --by school"],
            format: "json", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let printed = run.stdout.split(separator: "\n").first { $0.hasPrefix("[{\"group\"") }.map(String.init)
        let written = try String(contentsOf: folder.appendingPathComponent("by-school.json"), encoding: .utf8)
        #expect(printed.map { $0 + "\n" } == written)
        // east (8) is withheld; all = north + south + east, so the next smallest, south, too.
        let csv = try Self.rows(folder.appendingPathComponent("by-school.csv"))
        let arg = csv.filter { $0["competency"] == "ARG" }.map { "\($0["school"]!) \($0["students"]!) \($0["proficient"]!) \($0["withheld"]!)" }
        #expect(arg.count == 4)
        #expect(arg[0].hasPrefix(" 62 ") && arg[0].hasSuffix(" "))
        #expect(arg[1] == "east 8  fewer than 10 students")
        #expect(arg[2].hasPrefix("north 30 ") && arg[2].hasSuffix(" "))
        #expect(arg[3] == "south 24  would let a withheld count be worked out")
    }
}
