import Testing
@testable import ScoringCore

/// Every malformed-file case of SPEC 2-4: the message names the file, the line and the problem.
struct MalformedRubricTests {
    static let valid = """
        id: essay
        title: Essay
        version: 1
        scale:
          - { score: 1, label: Beginning }
          - { score: 2, label: Developing }
          - { score: 3, label: Proficient }
          - { score: 4, label: Advanced }
        criteria:
          - id: claim
            name: Claim
            competency: ARG
            descriptors:
              1: none
              2: some
              3: clear
              4: precise
          - { id: evidence, name: Evidence, weight: 2 }
        decision:
          proficient_at: 3
          floor: 2
          levels:
            - { at: 3.5, label: Advanced }
            - { at: 3, label: Proficient }
        resolution:
          reads: 2
          adjudicate_at: 2
        calibration:
          exact: 0.7
          within_one: 0.95
        """

    static func parse(_ text: String) throws -> Rubric {
        try Rubric.parse(text, file: "Rubrics/essay.yaml", expectedID: "essay", competencies: ["ARG", "RES"])
    }

    static func message(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func theValidRubricParses() throws {
        let rubric = try Self.parse(Self.valid)
        #expect(rubric.scores == [1, 2, 3, 4])
        #expect(rubric.criteria.map(\.weight) == [1, 2])
        #expect(rubric.criteria[0].descriptors[3] == "clear")
        #expect(rubric.decision.floor == 2)
        #expect(rubric.decision.levels.map(\.label) == ["Advanced", "Proficient"])
        #expect(rubric.resolution.adjudicateAt == 2)
        #expect(rubric.calibration.exact == 0.7)
    }

    @Test(arguments: [
        ("id: essay", "id: essay2", "Rubrics/essay.yaml:1: id 'essay2' does not match the file name 'essay.yaml'"),
        ("title: Essay\n", "", "Rubrics/essay.yaml:1: the rubric has no 'title'"),
        ("version: 1", "version: one", "Rubrics/essay.yaml:3: 'version' must be a whole number, not 'one'"),
        ("version: 1", "version: 0", "Rubrics/essay.yaml:3: version must be a positive whole number, not 0"),
        ("  - { score: 2, label: Developing }", "  - { score: 1, label: Developing }", "Rubrics/essay.yaml:6: scale scores must ascend: 1 appears twice"),
        ("  - { score: 2, label: Developing }", "  - { score: 2 }", "Rubrics/essay.yaml:6: a scale level has no 'label'"),
        ("  - { score: 2, label: Developing }", "  - { score: 2.5, label: Developing }", "Rubrics/essay.yaml:6: 'score' must be a whole number, not '2.5'"),
        ("  - { score: 4, label: Advanced }", "  - { score: 0, label: Advanced }", "Rubrics/essay.yaml:8: scale scores must ascend: 0 comes after 3"),
        ("    name: Claim", "    nmae: Claim", "Rubrics/essay.yaml:11: a criterion has unknown key 'nmae'; did you mean 'name'?"),
        ("    competency: ARG", "    competency: ARX", "Rubrics/essay.yaml:12: criterion 'claim' names competency 'ARX', which is not in the framework; did you mean 'ARG'?"),
        ("      4: precise", "      5: precise", "Rubrics/essay.yaml:17: criterion 'claim' has a descriptor for level 5, which is not in the scale"),
        ("      4: precise", "      4: precise\n      04: exact", "Rubrics/essay.yaml:18: criterion 'claim' has two descriptors for level 4"),
        ("      4: precise", "      four: precise", "Rubrics/essay.yaml:17: descriptor key 'four' of 'claim' is not a scale score"),
        ("weight: 2", "weight: 0", "Rubrics/essay.yaml:18: criterion 'evidence' has weight 0; weights must be greater than 0 and at most 1000"),
        ("weight: 2", "weight: 1e300", "Rubrics/essay.yaml:18: criterion 'evidence' has weight 1e+300; weights must be greater than 0 and at most 1000"),
        ("  - { score: 1, label: Beginning }", "  - { score: -2147483648, label: Beginning }", "Rubrics/essay.yaml:5: scale score -2147483648 is outside -10000 to 10000, the range scores may use"),
        ("  - { score: 4, label: Advanced }", "  - { score: 3000000000, label: Advanced }", "Rubrics/essay.yaml:8: scale score 3000000000 is outside -10000 to 10000, the range scores may use"),
        ("  - { score: 4, label: Advanced }", "  - { score: 9223372036854775807, label: Advanced }", "Rubrics/essay.yaml:8: scale score 9223372036854775807 is outside -10000 to 10000, the range scores may use"),
        ("  - { score: 4, label: Advanced }", "  - { score: 99999999999999999999, label: Advanced }", "Rubrics/essay.yaml:8: 'score' must be a whole number, not '99999999999999999999'"),
        ("{ id: evidence,", "{ id: claim,", "Rubrics/essay.yaml:18: criterion id 'claim' is used twice"),
        ("  proficient_at: 3", "  proficient_at: 7", "Rubrics/essay.yaml:20: proficient_at 7 is outside the scale (1-4)"),
        ("  floor: 2", "  floor: 9", "Rubrics/essay.yaml:21: floor 9 is outside the scale (1-4)"),
        ("{ at: 3, label: Proficient }", "{ at: 3.5, label: Proficient }", "Rubrics/essay.yaml:24: two performance levels start at 3.5"),
        ("  reads: 2", "  reads: 0", "Rubrics/essay.yaml:26: reads must be between 1 and 9, not 0"),
        ("  adjudicate_at: 2", "  adjudicate_at: 0", "Rubrics/essay.yaml:27: adjudicate_at must be at least 1, not 0"),
        ("  exact: 0.7", "  exact: 1.7", "Rubrics/essay.yaml:29: exact must be a share between 0 and 1, not 1.7"),
        ("calibration:", "calibraton:", "Rubrics/essay.yaml:28: the rubric has unknown key 'calibraton'; did you mean 'calibration'?"),
        ("id: essay\n", "id: essay\n  bad: [", "Rubrics/essay.yaml:2: malformed YAML: "),
    ])
    func aMalformedRubricIsRejectedWithItsLine(original: String, replacement: String, expected: String) {
        #expect(Self.valid.contains(original))
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        let message = Self.message(text)
        #expect(message.hasPrefix(expected), "got: \(message)")
    }

    @Test func aDuplicateKeyIsRejected() {
        let message = Self.message(Self.valid.replacingOccurrences(of: "version: 1\n", with: "version: 1\nversion: 2\n"))
        #expect(message.contains("'version'") && message.contains("duplicate key"), "got: \(message)")
        #expect(message.hasPrefix("Rubrics/essay.yaml:"))
    }

    @Test func aRubricWithoutCriteriaIsRejected() {
        let start = Self.valid.range(of: "criteria:")
        let end = Self.valid.range(of: "decision:")
        guard let start, let end else { Issue.record("the fixture changed"); return }
        let text = Self.valid.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "criteria: []\n")
        let message = Self.message(text)
        #expect(message.hasPrefix("Rubrics/essay.yaml:9:") && message.contains("criteria"), "got: \(message)")
    }

    @Test func anEmptyFileAndAListAreRejected() {
        #expect(Self.message("").hasPrefix("Rubrics/essay.yaml"))
        #expect(Self.message("- a\n- b\n").hasPrefix("Rubrics/essay.yaml:1:"))
    }
}

struct MalformedTaskTests {
    static let valid = """
        id: capstone
        title: Senior Capstone
        kind: capstone
        components:
          - { id: paper, rubric: essay }
          - { id: defense, rubric: talk }
        require: 2
        """

    static func message(_ text: String) -> String {
        do {
            _ = try AssessmentTask.parse(text, file: "TaskBank/capstone.yaml", expectedID: "capstone", rubrics: ["essay", "talk"])
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func theValidTaskParses() throws {
        let task = try AssessmentTask.parse(Self.valid, file: "TaskBank/capstone.yaml", expectedID: "capstone", rubrics: ["essay", "talk"])
        #expect(task.components.map(\.id) == ["paper", "defense"])
        #expect(task.require == 2)
    }

    @Test(arguments: [
        ("kind: capstone", "kind: exam", "TaskBank/capstone.yaml:3: kind 'exam' is not one of performance-task, portfolio, capstone"),
        ("rubric: talk", "rubric: tlak", "TaskBank/capstone.yaml:6: unknown rubric 'tlak'; did you mean 'talk'?"),
        ("{ id: defense,", "{ id: paper,", "TaskBank/capstone.yaml:6: component id 'paper' is used twice"),
        ("require: 2", "require: 3", "TaskBank/capstone.yaml:7: require 3 is out of range: the task has 2 components"),
        ("require: 2", "require: 0", "TaskBank/capstone.yaml:7: require 0 is out of range: the task has 2 components"),
        ("title: Senior Capstone\n", "", "TaskBank/capstone.yaml:1: the task has no 'title'"),
    ])
    func aMalformedTaskIsRejectedWithItsLine(original: String, replacement: String, expected: String) {
        #expect(Self.valid.contains(original))
        let message = Self.message(Self.valid.replacingOccurrences(of: original, with: replacement))
        #expect(message.hasPrefix(expected), "got: \(message)")
    }
}

struct MalformedFrameworkTests {
    static let valid = """
        framework: Portrait
        method: decaying-average
        weight: 0.65
        competencies:
          - { id: ARG, name: Argument, proficient_at: 3, required: true }
          - { id: RES, name: Research, proficient_at: 3, method: n-times, times: 2 }
        """

    static func message(_ text: String) -> String {
        do {
            _ = try CompetencyFramework.parse(text, file: "TaskBank/competencies.yaml")
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func theValidFrameworkParses() throws {
        let framework = try CompetencyFramework.parse(Self.valid, file: "TaskBank/competencies.yaml")
        let research = try #require(framework.competency("RES"))
        #expect(framework.rule(for: research).method == .nTimes)
        #expect(framework.rule(for: research).weight == 0.65)
        #expect(framework.competencies.filter(\.required).map(\.id) == ["ARG"])
    }

    @Test(arguments: [
        ("method: decaying-average", "method: median", "TaskBank/competencies.yaml:2: method 'median' is not one of most-recent, highest, mean, weighted-average, decaying-average, n-times; did you mean 'mean'?"),
        ("weight: 0.65", "weight: 1.5", "TaskBank/competencies.yaml:3: weight must be between 0 and 1, not 1.5"),
        ("{ id: RES,", "{ id: ARG,", "TaskBank/competencies.yaml:6: competency id 'ARG' is used twice"),
        (", proficient_at: 3, method", ", method", "TaskBank/competencies.yaml:6: competency 'RES' has no 'proficient_at'"),
        ("times: 2", "times: 0", "TaskBank/competencies.yaml:6: times must be at least 1, not 0"),
        ("required: true", "required: maybe", "TaskBank/competencies.yaml:5: 'required' must be true or false"),
    ])
    func aMalformedFrameworkIsRejectedWithItsLine(original: String, replacement: String, expected: String) {
        #expect(Self.valid.contains(original))
        let message = Self.message(Self.valid.replacingOccurrences(of: original, with: replacement))
        #expect(message.hasPrefix(expected), "got: \(message)")
    }
}
