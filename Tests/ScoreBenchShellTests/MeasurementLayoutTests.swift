import Foundation
import Testing

/// `rasch` stays readable at 100 columns however many elements share a row of its ruler.
@Suite struct MeasurementLayoutTests {
    /// 300 students with long ids, each read by two of four raters on the three essay criteria,
    /// scores drawn from the rating-scale model with a seeded generator.
    static func scoresFile(in folder: URL) throws -> URL {
        var state: UInt64 = 2024
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let severities = [-0.6, -0.2, 0.3, 0.5], thresholds = [-2.0, 0.0, 2.0]
        var csv = "student,task,rater,criterion,score\n"
        for student in 0..<300 {
            let ability = uniform() * 5 - 2.5
            for rater in [student % 4, (student + 1) % 4] {
                for (criterion, difficulty) in [("claim", -0.3), ("evidence", 0.2), ("style", 0.1)] {
                    let eta = ability - severities[rater] - difficulty
                    var weights = [1.0]
                    for threshold in thresholds { weights.append(weights.last! * exp(eta - threshold)) }
                    var draw = uniform() * weights.reduce(0, +), category = 0
                    while category < 3, draw > weights[category] {
                        draw -= weights[category]
                        category += 1
                    }
                    csv += "student-number-\(1000 + student),essay-task,rater-\(rater + 1),\(criterion),\(category + 1)\n"
                }
            }
        }
        let file = folder.appendingPathComponent("many.csv")
        try Data(csv.utf8).write(to: file)
        return file
    }

    @Test func theRulerFitsOneHundredColumnsWithHundredsOfStudents() throws {
        let folder = try Harness.workspace()
        _ = try Self.scoresFile(in: folder)
        let run = try Harness.run(["-c", "import scores many.csv --add-missing", "-c", "rasch --task essay-task"], in: folder)
        #expect(run.stderr == "")
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let wide = lines.filter { $0.count > 100 }
        #expect(wide.isEmpty, "\(wide.first ?? "")")
        // Too many students share a row to list: the ruler shows them as stars, with a legend;
        // the four raters and three criteria keep their ids.
        #expect(run.stdout.contains("Ruler (a Wright map; logits)"))
        #expect(lines.contains { $0.hasPrefix("  students: * = ") })
        let ruler = lines.drop { !$0.hasPrefix("Ruler") }
        #expect(ruler.contains { $0.contains("rater-1") })
        #expect(ruler.contains { $0.contains("evidence") })
    }
}
