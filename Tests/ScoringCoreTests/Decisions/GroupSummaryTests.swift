import Testing
@testable import ScoringCore

@Suite struct GroupSummaryTests {
    typealias F = DecisionFixtures
    let rollup = CompetencyRollup(framework: F.framework())

    /// A student's roll-up from one state per competency: nil no evidence, else proficient or not.
    func student(_ id: String, _ states: [Bool?]) -> StudentProficiency {
        let results = zip(rollup.rules, states + Array(repeating: nil, count: 4)).map { rule, state in
            state.map { RollupResult(method: rule.method, evidence: 1, value: $0 ? 4 : 1, proficient: $0) }
                ?? RollupResult(method: rule.method, evidence: 0, value: nil, proficient: false)
        }
        return StudentProficiency(student: id, results: results)
    }

    @Test func smallCellsAreSuppressedBelowTen() {
        // ell: 9 students with ELA.ARG evidence, 5 proficient. frl: 10 students, 4 proficient.
        let ell = (0..<9).map { student("e\($0)", [$0 < 5]) }
        let frl = (0..<10).map { student("f\($0)", [$0 < 4]) }
        let summaries = rollup.summarize(ell + frl, groups: Array(repeating: ["ell"], count: 9) + Array(repeating: ["frl"], count: 10))
        #expect(summaries.count == 8)
        #expect(summaries[0] == GroupSummary(group: "ell", competency: "ELA.ARG", students: 9, proficientCount: 5))
        #expect(summaries[0].proficient == nil && summaries[0].rate == nil)
        // 4 / 10 = 0.4
        #expect(summaries[4].group == "frl" && summaries[4].competency == "ELA.ARG")
        #expect(summaries[4].students == 10 && summaries[4].proficient == 4 && summaries[4].rate == 0.4)
        #expect(summaries[0].json.encoded == #"{"group":"ell","competency":"ELA.ARG","students":9,"proficient":null,"rate":null}"#)
        #expect(summaries[4].json.encoded == #"{"group":"frl","competency":"ELA.ARG","students":10,"proficient":4,"rate":0.4}"#)
        // Competencies nobody has evidence for: 0 students, suppressed.
        #expect(summaries[1].json.encoded == #"{"group":"ell","competency":"ELA.RES","students":0,"proficient":null,"rate":null}"#)
    }

    @Test func aStudentInTwoGroupsCountsInEachAndOneInNoneNowhere() {
        // s0 in a (named twice) and b, proficient in ELA.ARG and with ELA.RES evidence;
        // s1…s9 in a, not proficient; t1…t9 in b, proficient; n in no group, proficient.
        var students = [student("s0", [true, false])]
        var groups = [["b", "a", "a"]]
        for index in 1...9 {
            students.append(student("s\(index)", [false]))
            groups.append(["a"])
        }
        for index in 1...9 {
            students.append(student("t\(index)", [true]))
            groups.append(["b"])
        }
        students.append(student("n", [true, true, true, true]))
        groups.append([])
        // One more student past the end of `groups`: in no group.
        students.append(student("late", [true, true, true, true]))

        let summaries = rollup.summarize(students, groups: groups)
        #expect(summaries.map(\.group) == ["a", "a", "a", "a", "b", "b", "b", "b"])
        #expect(summaries.map(\.competency) == ["ELA.ARG", "ELA.RES", "COM.ORAL", "MATH", "ELA.ARG", "ELA.RES", "COM.ORAL", "MATH"])
        // a: s0…s9 = 10 students, only s0 proficient: 1 / 10 = 0.1
        #expect(summaries[0] == GroupSummary(group: "a", competency: "ELA.ARG", students: 10, proficientCount: 1))
        #expect(summaries[0].rate == 0.1)
        // b: s0 and t1…t9 = 10 students, all proficient: 10 / 10 = 1
        #expect(summaries[4].students == 10 && summaries[4].proficient == 10 && summaries[4].rate == 1)
        // ELA.RES: only s0 has evidence, in each of its groups.
        #expect(summaries[1].students == 1 && summaries[5].students == 1 && summaries[5].rate == nil)
        #expect(summaries[2].students == 0 && summaries[7].students == 0)
    }

    @Test func noGroupsNoSummaries() {
        #expect(rollup.summarize([student("s", [true])], groups: [[]]).isEmpty)
        #expect(rollup.summarize([], groups: []).isEmpty)
    }

    @Test func statewideScale() {
        // 100,000 students × 6 competencies, three evidence values each, all equal: 4 for every
        // fourth student, else 2, so every method's value is 4 or 2. School k = i mod 50 has
        // 2,000 students; i ≡ 0 (mod 4) and i ≡ k (mod 50) has a solution only for even k,
        // then i ≡ c (mod 100): 1,000 proficient, rate 0.5; odd schools 0.
        let methods: [RollupMethod] = [.mostRecent, .highest, .mean, .weightedAverage, .decayingAverage, .nTimes]
        let framework = CompetencyFramework(
            name: "scale", competencies: methods.enumerated().map { index, method in
                Competency(id: "C\(index)", name: "C\(index)", proficientAt: 3, required: index < 2, method: method)
            })
        let rollup = CompetencyRollup(framework: framework)
        let schools = (0..<50).map { "school-\($0 < 10 ? "0" : "")\($0)" }
        let studentCount = 100_000
        var students: [StudentProficiency] = []
        students.reserveCapacity(studentCount)
        var groups: [[String]] = []
        groups.reserveCapacity(studentCount)
        var ready = 0
        func evidence(_ value: Double) -> [Evidence] {
            (0..<3).map { Evidence(value: value, date: Timestamp(seconds: Int64($0)), task: "t\($0)", component: "main") }
        }
        let four = evidence(4)
        let two = evidence(2)
        for index in 0..<studentCount {
            let evidence = index % 4 == 0 ? four : two
            let proficiency = rollup.rollUp(student: "s\(index)", evidence: Array(repeating: evidence, count: 6))
            if rollup.readiness(of: proficiency).ready { ready += 1 }
            students.append(proficiency)
            groups.append([schools[index % 50]])
        }
        let summaries = rollup.summarize(students, groups: groups)
        #expect(ready == 25_000)
        #expect(summaries.count == 300)
        for summary in summaries {
            let school = Int(summary.group.dropFirst("school-".count)) ?? -1
            #expect(summary.students == 2_000)
            #expect(summary.proficient == (school % 2 == 0 ? 1_000 : 0))
        }
    }
}
