import Foundation
import Testing

/// Scale scores at the edges of the range a rubric may use are handled exactly by every
/// command, and a rubric outside it is refused at load: no input may trap or wrap.
@Suite struct ExtremeScaleTests {
    /// A workspace whose one rubric spans the whole range scores may use.
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-wide-\(UUID().uuidString)")
        let rubrics = folder.appendingPathComponent("Rubrics"), bank = folder.appendingPathComponent("TaskBank")
        try FileManager.default.createDirectory(at: rubrics, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: bank, withIntermediateDirectories: true)
        try Data("""
            id: wide
            title: Wide
            version: 1
            scale:
              - { score: -10000, label: Bottom }
              - { score: 0, label: Middle }
              - { score: 9999, label: Near }
              - { score: 10000, label: Top }
            criteria:
              - { id: a, name: A, competency: ARG, weight: 1000 }
              - { id: b, name: B, competency: ARG }
            decision:
              proficient_at: 9999
            resolution:
              adjudicate_at: 20001

            """.utf8).write(to: rubrics.appendingPathComponent("wide.yaml"))
        try Data("id: wide-task\ntitle: Wide\nkind: performance-task\nrubric: wide\n".utf8).write(to: bank.appendingPathComponent("wide-task.yaml"))
        try Data("framework: F\ncompetencies:\n  - { id: ARG, name: Argument, proficient_at: 9999, required: true }\n".utf8)
            .write(to: bank.appendingPathComponent("competencies.yaml"))
        return folder
    }

    @Test func scoresAtTheEdgesOfTheRangeAreExactEverywhere() throws {
        let folder = try Self.workspace()
        var script = ["rater add r-1", "rater add r-2", "rater add lead --role lead"]
        for index in 1...12 {
            let (low, high) = index.isMultiple(of: 2) ? (-10000, 10000) : (10000, 10000)
            script += [
                "student add s-\(index) --school north",
                "score s-\(index) wide-task --rater r-1 a=\(high) b=\(low) --at 2026-10-0\(1 + index % 5)T10:00:00Z",
                "score s-\(index) wide-task --rater r-2 a=\(high) b=\(high) --at 2026-10-0\(1 + index % 5)T11:00:00Z",
            ]
        }
        script += [
            "rubric list", "irr --task wide-task", "irr --task wide-task --by rater", "queue --task wide-task",
            "monitor --task wide-task", "proficiency --by school", "transcript s-1", "export decisions d.csv",
            "anchor add s-1 wide-task --rater lead a=10000 b=-10000", "session open s --task wide-task",
            "session anchors s s-1", "score s-1 wide-task --rater r-1 --session s a=-10000 b=10000",
            "calibration report s",
        ]
        let setup = try Harness.run(script.flatMap { ["-c", $0] }, in: folder)
        #expect(setup.stderr == "")
        #expect(setup.status == 0)
        // Two reads of 10000 decide as 10000; a mean of -10000 and 10000 is 0, weighted exactly.
        let decided = try Harness.run(["--format", "json", "-c", "decide --task wide-task --student s-1", "-c", "decide --task wide-task --student s-2"], in: folder)
        #expect(decided.stderr == "")
        let lines = decided.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"criteria\":{\"a\":10000.0,\"b\":10000.0},\"score\":10000.0,\"proficient\":true") == true)
        // s-2: a = 10000, b = mean(-10000, 10000) = 0; combined (1000 * 10000 + 0) / 1001.
        let combined = 10_000_000.0 / 1001
        #expect(lines.last?.contains("\"criteria\":{\"a\":10000.0,\"b\":0.0},\"score\":\(combined)") == true)
    }
}
