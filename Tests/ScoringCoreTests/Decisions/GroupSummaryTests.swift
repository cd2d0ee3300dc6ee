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

    /// Rows as (group, students, proficient) for compact comparison.
    func cells(_ summaries: [GroupSummary]) -> [String] {
        summaries.map { "\($0.group ?? "all") \($0.competency) \($0.students) \($0.proficient.map(String.init) ?? "*")" }
    }

    @Test func smallCellsAreWithheldAndSoIsTheCellThatGivesThemAway() {
        // ell: 9 students with ELA.ARG evidence, 5 proficient. frl: 10 students, 4 proficient.
        // All students = ell + frl, so frl shown would give ell away: 9 - 4 = 5.
        let ell = (0..<9).map { student("e\($0)", [$0 < 5]) }
        let frl = (0..<10).map { student("f\($0)", [$0 < 4]) }
        let groups = Array(repeating: ["ell"], count: 9) + Array(repeating: ["frl"], count: 10)
        let summaries = rollup.summarize(ell + frl, breakdowns: [groups], shown: 0)
        #expect(cells(summaries) == ["all ELA.ARG 19 9", "ell ELA.ARG 9 *", "frl ELA.ARG 10 *"])
        #expect(summaries.map(\.suppression) == [.shown, .tooFewStudents, .complementary])
        // 9 / 19
        #expect(summaries[0].json.encoded == #"{"group":null,"competency":"ELA.ARG","students":19,"proficient":9,"rate":0.47368421052631576}"#)
        #expect(summaries[1].json.encoded == #"{"group":"ell","competency":"ELA.ARG","students":9,"proficient":null,"rate":null}"#)
        #expect(summaries[2].json.encoded == #"{"group":"frl","competency":"ELA.ARG","students":10,"proficient":null,"rate":null}"#)
    }

    @Test func aStudentInTwoGroupsCountsInEachAndOneInNoneInAllStudentsOnly() {
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

        let summaries = rollup.summarize(students, breakdowns: [groups], shown: 0)
        // ELA.ARG: all 21 = s0…s9, t1…t9, n, late; 12 proficient (s0, t1…t9, n, late).
        // a: s0…s9, only s0 proficient: 1 / 10. b: s0 and t1…t9, all proficient.
        // a and b overlap in s0, and all has n and late besides: no relation, all shown.
        // ELA.RES: s0, n, late have evidence; a and b have one student each: withheld, and
        // the all row (3) too. COM.ORAL and MATH: n and late only.
        #expect(cells(summaries) == [
            "all ELA.ARG 21 12", "a ELA.ARG 10 1", "b ELA.ARG 10 10",
            "all ELA.RES 3 *", "a ELA.RES 1 *", "b ELA.RES 1 *",
            "all COM.ORAL 2 *", "all MATH 2 *",
        ])
        #expect(summaries[1].rate == 0.1 && summaries[2].rate == 1)
    }

    @Test func noStudentsNoRowsAndNoGroupsOnlyAllStudents() {
        #expect(rollup.summarize([], breakdowns: [[]], shown: 0).isEmpty)
        let eleven = (0..<11).map { student("s\($0)", [$0 < 3]) }
        #expect(cells(rollup.summarize(eleven, breakdowns: [[]], shown: 0)) == ["all ELA.ARG 11 3"])
        #expect(cells(rollup.summarize(eleven, breakdowns: [[]], shown: 0, competency: 1)).isEmpty)
    }

    @Test func gradesAreSuppressedWithSchoolsInView() {
        // School a: 4 in grade 9 (2 proficient) and 20 in grade 10 (10 proficient); school b:
        // 12 in grade 11 (6 proficient). Grade 9 (4) is withheld. A table of grades suppressed
        // on its own hides it behind grade 11, the smaller of 10 and 11 — but school b is
        // grade 11, so beside the table of schools (36 = a 24 + b 12, nothing small) grade 9
        // = all − grade 10 − b = 18 − 10 − 6 = 2 is out.
        var students: [StudentProficiency] = []
        var schools: [[String]] = []
        var grades: [[String]] = []
        for (school, grade, count, proficient) in [("a", "9", 4, 2), ("a", "10", 20, 10), ("b", "11", 12, 6)] {
            for index in 0..<count {
                students.append(student("\(school)\(grade)-\(index)", [index < proficient]))
                schools.append([school])
                grades.append([grade])
            }
        }
        let cellOfGrade = ["10": 1, "11": 2, "9": 3]
        let gradesAlone = ComplementarySuppression.suppress(cellCount: 4, memberships: grades.map { [0, cellOfGrade[$0[0]]!] })
        #expect(gradesAlone == [.shown, .shown, .complementary, .tooFewStudents])
        // Together, grade 10 hides grade 9 instead: 9 + 10 = a, and neither is known alone.
        let byGrade = rollup.summarize(students, breakdowns: [schools, grades], shown: 1)
        #expect(cells(byGrade) == ["all ELA.ARG 36 18", "10 ELA.ARG 20 *", "11 ELA.ARG 12 6", "9 ELA.ARG 4 *"])
        #expect(byGrade.map(\.suppression) == [.shown, .complementary, .shown, .tooFewStudents])
        let bySchool = rollup.summarize(students, breakdowns: [schools, grades], shown: 0)
        #expect(cells(bySchool) == ["all ELA.ARG 36 18", "a ELA.ARG 24 12", "b ELA.ARG 12 6"])
    }

    @Test func onlyTheCellsThatProtectAreWithheld() {
        // all = north (13) + south (4) and nothing else: north must go.
        let north = (0..<13).map { student("n\($0)", [$0 < 7]) }
        let south = (0..<4).map { student("s\($0)", [$0 < 1]) }
        let summaries = rollup.summarize(north + south, breakdowns: [Array(repeating: ["north"], count: 13) + Array(repeating: ["south"], count: 4)], shown: 0)
        #expect(cells(summaries) == ["all ELA.ARG 17 8", "north ELA.ARG 13 *", "south ELA.ARG 4 *"])
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
        let summaries = rollup.summarize(students, breakdowns: [groups], shown: 0)
        #expect(ready == 25_000)
        #expect(summaries.count == 306)
        for summary in summaries where summary.group != nil {
            let school = Int(summary.group!.dropFirst("school-".count)) ?? -1
            #expect(summary.students == 2_000)
            #expect(summary.proficient == (school % 2 == 0 ? 1_000 : 0))
        }
        #expect(summaries.filter { $0.group == nil }.map(\.proficient) == Array(repeating: 25_000, count: 6))
    }
}
