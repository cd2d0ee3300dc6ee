import Foundation
import ScoringCore
import ScoringStore
import Testing
@testable import ScoringService

/// A bank for the measurement use cases: small rubrics whose analyses can be worked out by hand,
/// and a 0-10 scale for published G-study tables.
enum MeasurementFixtures {
    static func rubric(_ id: String, scale: [Int], criteria: [(String, Double)], proficientAt: Double) -> Bank.SourceFile {
        var text = "id: \(id)\ntitle: \(id)\nversion: 1\nscale:\n"
        for score in scale { text += "  - { score: \(score), label: L\(score) }\n" }
        text += "criteria:\n"
        for (criterion, weight) in criteria { text += "  - { id: \(criterion), name: \(criterion), weight: \(Format.number(weight)) }\n" }
        text += "decision:\n  proficient_at: \(Format.number(proficientAt))\n"
        return Bank.SourceFile(path: "Rubrics/\(id).yaml", id: id, text: text)
    }

    static func task(_ id: String, rubric: String) -> Bank.SourceFile {
        Bank.SourceFile(path: "TaskBank/\(id).yaml", id: id, text: "id: \(id)\ntitle: \(id)\nkind: performance-task\nrubric: \(rubric)\n")
    }

    static var bank: Bank {
        Bank.assemble(
            rubrics: [
                // Two levels scored 2 and 5: recoded by rank to categories 0 and 1.
                rubric("pass", scale: [2, 5], criteria: [("x", 1)], proficientAt: 5),
                rubric("three", scale: [1, 2, 3], criteria: [("a", 1), ("b", 1)], proficientAt: 2),
                rubric("essay", scale: [1, 2, 3, 4], criteria: [("claim", 1), ("evidence", 2)], proficientAt: 3),
                rubric("ten", scale: Array(0...10), criteria: [("x", 1)], proficientAt: 5),
            ],
            tasks: [
                task("pass-task", rubric: "pass"), task("three-task", rubric: "three"), task("essay-task", rubric: "essay"),
                task("t-1", rubric: "ten"), task("t-2", rubric: "ten"), task("t-3", rubric: "ten"), task("t-4", rubric: "ten"),
                Bank.SourceFile(
                    path: "TaskBank/folio.yaml", id: "folio",
                    text: "id: folio\ntitle: folio\nkind: portfolio\ncomponents:\n  - { id: essay, rubric: essay }\n  - { id: lab, rubric: ten }\n"),
            ],
            framework: nil)
    }

    /// A service over a fresh store, acting as nobody (the coordinator).
    static func service(engine: ServiceEngine) throws -> ScoringService {
        ScoringService(
            store: try engine.emptyStore(), bank: bank, content: ContentLocation(rubrics: "Rubrics", bank: "TaskBank"),
            clock: { ServiceFixtures.time })
    }

    /// Records a read, adding its student and rater to the rosters first.
    static func read(
        _ service: ScoringService, _ student: String, _ task: String, rater: String, component: String? = nil,
        kind: ReadKind = .read, _ levels: [String: Int], minute: Int = 0
    ) throws {
        if try service.store.student(student) == nil { _ = try service.addStudent(Student(id: student)) }
        if try service.store.rater(rater) == nil { _ = try service.addRater(Rater(id: rater, role: kind == .master ? .lead : .rater)) }
        let at = Timestamp(seconds: ServiceFixtures.time.seconds + Int64(minute) * 60)
        _ = try service.record(ReadRequest(
            student: student, task: task, component: component, rater: rater, kind: kind, scoredAt: at,
            levels: levels.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) }))
    }

    /// Shrout & Fleiss (1979): 6 targets x 4 judges.
    static let shroutFleiss: [[Int]] = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
}

@Suite struct RaschServiceTests {
    /// Two raters on a two-level scale scored 2 and 5 (categories 0 and 1): s-1..s-3 get the
    /// higher level from r-1 only, s-4 from r-2 only. By symmetry every B is 0 and r-1's score
    /// equation 4 P(-C) = 3 gives C = -log 3. s-5 has both raters' top score: extreme, it
    /// leaves with its observations but still counts in the raters' counts and averages.
    @Test(arguments: ServiceEngine.available) func scoresAreRecodedByRankAndRatersMeasuredByHand(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        for student in ["s-1", "s-2", "s-3"] {
            try MeasurementFixtures.read(service, student, "pass-task", rater: "r-1", ["x": 5])
            try MeasurementFixtures.read(service, student, "pass-task", rater: "r-2", ["x": 2])
        }
        try MeasurementFixtures.read(service, "s-4", "pass-task", rater: "r-1", ["x": 2])
        try MeasurementFixtures.read(service, "s-4", "pass-task", rater: "r-2", ["x": 5])
        try MeasurementFixtures.read(service, "s-5", "pass-task", rater: "r-1", ["x": 5])
        try MeasurementFixtures.read(service, "s-5", "pass-task", rater: "r-2", ["x": 5])
        // Neither a coded read nor a master read is an observation.
        _ = try service.addStudent(Student(id: "s-6"))
        _ = try service.record(ReadRequest(student: "s-6", task: "pass-task", rater: "r-1", code: .blank))
        try MeasurementFixtures.read(service, "s-4", "pass-task", rater: "lead", kind: .master, ["x": 5])

        let measurement = try service.rasch(task: "pass-task")
        #expect(measurement.component == "main")
        #expect(measurement.reads == 10)
        #expect(measurement.codedReads == 1)
        #expect(measurement.observations.count == 10)
        #expect(Set(measurement.observations.map(\.category)) == [0, 1])
        let analysis = measurement.analysis
        #expect(analysis.raters.elements.map(\.id) == ["r-1", "r-2"])
        #expect(analysis.students.elements.map(\.id) == ["s-1", "s-2", "s-3", "s-4", "s-5"])
        let r1 = try #require(analysis.raters.element("r-1"))
        #expect(abs((r1.measure ?? .nan) + log(3.0)) < 1e-9)
        #expect(abs((analysis.raters.element("r-2")?.measure ?? .nan) - log(3.0)) < 1e-9)
        // On the rubric's scale: 5, 5, 5, 2 and s-5's 5.
        #expect(r1.count == 5)
        #expect(abs(r1.observedAverage - 22.0 / 5) < 1e-12)
        // With B at the non-extreme students' mean (0): 2 + 3 × P(1) = 2 + 3 × 3/4.
        #expect(abs((r1.fairAverage ?? .nan) - 4.25) < 1e-9)
        let extreme = try #require(analysis.students.element("s-5"))
        #expect(extreme.extreme == .maximum)
        #expect(extreme.measure == nil)
        for student in ["s-1", "s-4"] {
            #expect(abs(analysis.students.element(student)?.measure ?? .nan) < 1e-9)
        }
        #expect(analysis.thresholds == [RaschThreshold(category: 1, level: 5, threshold: 0)])
        // The ruler's one zone boundary: expected category 0.5 at logit 0.
        #expect(measurement.scaleZones.count == 1)
        #expect(measurement.scaleZones.first?.level == 5)
        #expect(abs(measurement.scaleZones.first?.from ?? .nan) < 1e-9)
    }

    /// Acting as anyone but a lead, an open calibration session's anchor is left out of the
    /// analysis, as from every other view. (An adjudicator: a rater would also not see others'
    /// reads of undecided work, and these reads disagree by 3.)
    @Test(arguments: ServiceEngine.available) func aBlindRaterMeasuresWithoutTheOpenSessionsAnchors(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        for (student, first, second) in [("s-1", 5, 2), ("s-2", 5, 2), ("s-3", 2, 5), ("s-4", 5, 2)] {
            try MeasurementFixtures.read(service, student, "pass-task", rater: "r-1", ["x": first])
            try MeasurementFixtures.read(service, student, "pass-task", rater: "r-2", ["x": second])
        }
        try MeasurementFixtures.read(service, "s-4", "pass-task", rater: "lead", kind: .master, ["x": 5])
        _ = try service.openSession("cal", task: "pass-task", component: nil, exact: nil, withinOne: nil)
        _ = try service.addAnchors(["s-4"], to: "cal")
        #expect(try service.rasch(task: "pass-task").observations.count == 8)
        _ = try service.addRater(Rater(id: "adj", role: .adjudicator))
        try service.act(as: "adj")
        let seen = try service.rasch(task: "pass-task")
        #expect(seen.observations.count == 6)
        #expect(!seen.observations.contains { $0.student == "s-4" })
    }

    @Test(arguments: ServiceEngine.available) func aLevelUnusedOnceExtremesAreOutIsNamed(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        // Only 1s and 3s: level 2 is never observed.
        for (student, a, b) in [("s-1", 1, 3), ("s-2", 3, 1), ("s-3", 1, 3)] {
            try MeasurementFixtures.read(service, student, "three-task", rater: "r-1", ["a": a, "b": b])
            try MeasurementFixtures.read(service, student, "three-task", rater: "r-2", ["a": b, "b": a])
        }
        #expect(refusal { _ = try service.rasch(task: "three-task") }
            == "cannot measure three-task: level 2 of the scale has no observations once extreme elements are out")
    }

    /// r-1 reads only s-1 and s-2, r-2 only s-3 and s-4: nothing links the two halves.
    @Test(arguments: ServiceEngine.available) func disconnectedSubsetsAreNamed(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        for (student, rater, a, b) in [("s-1", "r-1", 1, 2), ("s-2", "r-1", 2, 3), ("s-3", "r-2", 1, 2), ("s-4", "r-2", 3, 2)] {
            try MeasurementFixtures.read(service, student, "three-task", rater: rater, ["a": a, "b": b])
        }
        #expect(refusal { _ = try service.rasch(task: "three-task") }
            == "cannot measure three-task: the observations do not connect every element: students fall into 2 subsets {s-1, s-2} {s-3, s-4}; raters fall into 2 subsets {r-1} {r-2}")
    }

    @Test(arguments: ServiceEngine.available) func aComponentWithoutScoredReadsHasNothingToMeasure(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        #expect(refusal { _ = try service.rasch(task: "pass-task") } == "pass-task has no scored reads of kind 'read' to measure")
        #expect(refusal { _ = try service.rasch(task: "folio") } == "task folio has components essay, lab; name one with --component")
        #expect(refusal { _ = try service.rasch(task: "folio", component: "essay") } == "folio/essay has no scored reads of kind 'read' to measure")
        #expect(refusal { _ = try service.rasch(task: "pass-tsak") }?.hasPrefix("unknown task 'pass-tsak'; did you mean 'pass-task'?") == true)
    }
}

@Suite struct RaterBiasServiceTests {
    /// Two raters read eight students on two criteria (16 observations each), scores varied
    /// enough that no student is extreme and no level splits the students into two camps (which
    /// would leave the likelihood without a finite maximum).
    static func scored(engine: ServiceEngine) throws -> ScoringService {
        let service = try MeasurementFixtures.service(engine: engine)
        let scores: [(String, (Int, Int), (Int, Int))] = [
            ("s-1", (2, 1), (1, 2)), ("s-2", (2, 3), (2, 2)), ("s-3", (3, 2), (2, 3)), ("s-4", (3, 4), (3, 2)),
            ("s-5", (4, 3), (3, 2)), ("s-6", (3, 4), (2, 3)), ("s-7", (2, 2), (1, 3)), ("s-8", (4, 4), (3, 4)),
        ]
        for (student, first, second) in scores {
            try MeasurementFixtures.read(service, student, "essay-task", rater: "r-1", ["claim": first.0, "evidence": first.1])
            try MeasurementFixtures.read(service, student, "essay-task", rater: "r-2", ["claim": second.0, "evidence": second.1], minute: 1)
        }
        return service
    }

    /// One group holding every student reproduces each rater's own score equation, which JMLE
    /// solved: no bias is left to find.
    @Test(arguments: ServiceEngine.available) func aGroupOfEveryoneHasNoBias(engine: ServiceEngine) throws {
        let service = try Self.scored(engine: engine)
        for number in 1...8 { _ = try service.updateStudent("s-\(number)", grade: .some("9"), school: nil, addGroups: [], removeGroups: []) }
        let report = try service.bias(task: "essay-task", by: .grade)
        #expect(report.measurement.analysis.students.elements.allSatisfy { $0.extreme == nil })
        #expect(report.terms.map { "\($0.rater) \($0.group) \($0.count)" } == ["r-1 9 16", "r-2 9 16"])
        for term in report.terms {
            #expect(abs(term.bias ?? .nan) < 1e-6)
            #expect(term.flagged == false)
        }
        #expect(report.studentsWithoutGroup == 0)
    }

    /// ell holds s-1..s-5 and frl s-3..s-7: s-3..s-5 count in both, s-8 in neither. Each group's
    /// terms are those the core gives for that group alone.
    @Test(arguments: ServiceEngine.available) func aStudentInSeveralGroupsCountsInEach(engine: ServiceEngine) throws {
        let service = try Self.scored(engine: engine)
        for number in 1...7 {
            var groups: [String] = []
            if number <= 5 { groups.append("ell") }
            if number >= 3 { groups.append("frl") }
            _ = try service.updateStudent("s-\(number)", grade: nil, school: .some(number <= 4 ? "north" : nil), addGroups: groups, removeGroups: [])
        }
        let report = try service.bias(task: "essay-task", by: .group)
        #expect(report.terms.map { "\($0.rater) \($0.group) \($0.count)" } == ["r-1 ell 10", "r-1 frl 10", "r-2 ell 10", "r-2 frl 10"])
        #expect(report.studentsWithoutGroup == 1)
        let measurement = report.measurement
        let ell = Dictionary(uniqueKeysWithValues: (1...5).map { ("s-\($0)", "ell") })
        let alone = RaterBias.estimate(
            measurement.observations.filter { ell[$0.student] != nil }, groups: ell, analysis: measurement.analysis)
        #expect(report.terms.filter { $0.group == "ell" } == alone)
        #expect(report.terms.allSatisfy { $0.bias != nil })

        // north has 4 students, 8 observations per rater: too few for an estimate.
        let schools = try service.bias(task: "essay-task", by: .school)
        #expect(schools.terms.map { "\($0.rater) \($0.group) \($0.count)" } == ["r-1 north 8", "r-2 north 8"])
        #expect(schools.terms.allSatisfy { $0.bias == nil && $0.gap == .fewObservations && !$0.flagged })
        #expect(schools.studentsWithoutGroup == 4)
    }
}

@Suite struct GeneralizabilityServiceTests {
    /// The Shrout & Fleiss table as reads of task `t-1`: judge j reads target i. With `cross`
    /// false, each target gets its own four raters (eight in all), so raters vary by person.
    static func shroutFleiss(crossed: Bool, engine: ServiceEngine) throws -> ScoringService {
        let service = try MeasurementFixtures.service(engine: engine)
        for (target, row) in MeasurementFixtures.shroutFleiss.enumerated() {
            for (judge, score) in row.enumerated() {
                let rater = crossed ? "j-\(judge + 1)" : "j-\((target % 2) * 4 + judge + 1)"
                try MeasurementFixtures.read(service, "p-\(target + 1)", "t-1", rater: rater, ["x": score], minute: judge)
            }
        }
        return service
    }

    /// Brennan (2001, p x r): σ²(p) = (MSp - MSpr) / n_r, σ²(r) = (MSr - MSpr) / n_p, σ²(pr) =
    /// MSpr; then Erho² and Phi for n raters are ICC(3,n) and ICC(2,n) of the same table.
    @Test(arguments: ServiceEngine.available) func crossedRatersGiveThePersonsByRatersDesignAndTheICCs(engine: ServiceEngine) throws {
        let service = try Self.shroutFleiss(crossed: true, engine: engine)
        let report = try service.gstudy(task: "t-1")
        let study = report.study
        #expect(study.design == .personsByRaters)
        #expect((study.persons, study.raters, study.tasks) == (6, 4, 1))
        #expect(report.data.raters == [["j-1", "j-2", "j-3", "j-4"]])
        // MSp = 11.2417, MSr = 32.4861, MSpr = 1.0194.
        #expect(abs((study.components[.p] ?? .nan) - 2.5555555555555556) < 1e-9)
        #expect(abs((study.components[.r] ?? .nan) - 5.2444444444444445) < 1e-9)
        #expect(abs((study.components[.pr] ?? .nan) - 1.0194444444444444) < 1e-9)
        #expect(abs((study.g ?? .nan) - 0.909316) < 1e-6)
        #expect(abs((study.phi ?? .nan) - 0.620051) < 1e-6)
        #expect(report.criterion == nil)
        #expect(report.defaultCut == 5)

        let projected = try service.dstudy(task: "t-1", raters: [1, 4])
        #expect(projected.points.map(\.raters) == [1, 4])
        #expect(projected.points.map(\.tasks) == [1, 1])
        #expect(abs((projected.points[0].g ?? .nan) - 0.714841) < 1e-6)
        #expect(abs((projected.points[0].phi ?? .nan) - 0.289764) < 1e-6)
        // The rubric's proficient_at, 5, is the default cut: mean 5.2917,
        // σ²(X̄) = 2.5556/6 + 5.2444/4 + 1.0194/24, Phi(5) = (σ²p + d) / (σ²p + d + σ²(Δ)).
        #expect(projected.cut == 5)
        #expect(abs((projected.points[0].phiLambda ?? .nan) - 0.12085769980506839) < 1e-9)
        #expect(abs((projected.points[1].phiLambda ?? .nan) - 0.3547925608011449) < 1e-9)
        let cut = try service.dstudy(task: "t-1", raters: [1], cut: 8)
        #expect(cut.cut == 8)
        #expect(cut.points[0].phiLambda == DecisionStudy.phiLambda(report.study, raters: 1, tasks: 1, cut: 8))
    }

    /// Raters vary by person: r:p, whose Erho² and Phi are both ICC(1,k) (one-way ANOVA).
    @Test(arguments: ServiceEngine.available) func ratersThatVaryByPersonGiveRatersWithinPersons(engine: ServiceEngine) throws {
        let service = try Self.shroutFleiss(crossed: false, engine: engine)
        let study = try service.gstudy(task: "t-1").study
        #expect(study.design == .ratersWithinPersons)
        #expect(abs((study.g ?? .nan) - 0.442797) < 1e-6)
        #expect(abs((study.phi ?? .nan) - 0.442797) < 1e-6)
        let one = try service.dstudy(task: "t-1", raters: [1]).points[0]
        #expect(abs((one.g ?? .nan) - 0.165742) < 1e-6)
    }

    /// Brennan's Synthetic Data Set No. 3 as tasks t-1..t-4 read by the same two raters.
    @Test(arguments: ServiceEngine.available) func theSameRatersOnEveryTaskGivePersonsByTasksByRaters(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        let scores: [[[Int]]] = [
            [[2, 4, 5, 5, 4, 4, 2, 3, 0, 6], [6, 5, 5, 9, 3, 4, 6, 4, 5, 8], [7, 6, 4, 8, 5, 4, 6, 4, 4, 7], [5, 7, 6, 6, 6, 7, 5, 5, 5, 6]],
            [[2, 6, 5, 5, 4, 6, 2, 6, 5, 6], [5, 7, 4, 7, 5, 4, 7, 6, 5, 8], [5, 5, 5, 7, 6, 7, 7, 6, 5, 8], [5, 7, 5, 6, 4, 8, 5, 4, 3, 6]],
        ]
        for (rater, tasks) in scores.enumerated() {
            for (task, persons) in tasks.enumerated() {
                for (person, score) in persons.enumerated() {
                    try MeasurementFixtures.read(service, "p-\(person + 1)", "t-\(task + 1)", rater: "o-\(rater + 1)", ["x": score], minute: rater)
                }
            }
        }
        let parts = (1...4).map { TaskPart(task: "t-\($0)") }
        let report = try service.gstudy(parts: parts, criterion: "x")
        let study = report.study
        #expect(study.design == .personsByTasksByRaters)
        #expect((study.persons, study.raters, study.tasks) == (10, 2, 4))
        #expect(report.data.tasks == ["t-1", "t-2", "t-3", "t-4"])
        let expected: [VarianceComponent: Double] = [
            .p: 0.552778, .t: 0.441667, .r: 0.007407, .pt: 0.575000, .pr: 0.100926, .tr: 0.156481, .ptr: 0.935185,
        ]
        for (component, value) in expected { #expect(abs((study.components[component] ?? .nan) - value) < 1e-6, "\(component)") }
        #expect(abs((study.g ?? .nan) - 0.639871) < 1e-6)
        #expect(abs((study.phi ?? .nan) - 0.554125) < 1e-6)
        // Without --n-tasks the D study keeps the observed four tasks.
        #expect(try service.dstudy(parts: parts, raters: [2]).points.map(\.tasks) == [4])
    }

    /// Brennan's Synthetic Data Set No. 4: each of three tasks has its own four raters.
    @Test(arguments: ServiceEngine.available) func eachTaskWithItsOwnRatersGivesRatersWithinTasks(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        let scores: [[[Int]]] = [
            [[5, 9, 3, 7, 9, 3, 7, 5, 9, 4], [6, 3, 4, 5, 2, 4, 3, 8, 9, 4], [5, 7, 3, 5, 9, 3, 7, 5, 8, 4], [5, 7, 3, 3, 7, 5, 7, 7, 8, 3]],
            [[5, 7, 5, 3, 7, 3, 7, 7, 6, 3], [3, 5, 3, 1, 7, 3, 5, 5, 6, 5], [4, 5, 3, 4, 3, 6, 5, 5, 6, 6], [5, 5, 5, 3, 7, 3, 7, 4, 5, 5]],
            [[6, 7, 6, 5, 2, 4, 5, 3, 5, 5], [7, 7, 5, 3, 7, 5, 5, 2, 8, 7], [3, 5, 1, 3, 5, 1, 5, 1, 1, 1], [3, 2, 6, 5, 3, 2, 4, 1, 1, 1]],
        ]
        for (task, raters) in scores.enumerated() {
            for (rater, persons) in raters.enumerated() {
                for (person, score) in persons.enumerated() {
                    try MeasurementFixtures.read(service, "p-\(person + 1)", "t-\(task + 1)", rater: "r-\(task * 4 + rater + 1)", ["x": score], minute: rater)
                }
            }
        }
        let parts = (1...3).map { TaskPart(task: "t-\($0)") }
        let study = try service.gstudy(parts: parts).study
        #expect(study.design == .ratersWithinTasks)
        let expected: [VarianceComponent: Double] = [
            .p: 0.4731481481, .t: 0.3251543210, .rWithinT: 0.6475308642, .pt: 0.5595679012, .prWithinT: 2.3802469136,
        ]
        for (component, value) in expected { #expect(abs((study.components[component] ?? .nan) - value) < 1e-9, "\(component)") }
        let points = try service.dstudy(parts: parts, raters: [2, 1], tasks: [3, 6]).points
        #expect(points.map { "\($0.raters)x\($0.tasks)" } == ["2x3", "2x6", "1x3", "1x6"])
        #expect(abs((points[0].g ?? .nan) - 0.447896) < 1e-6)
        #expect(abs((points[0].phi ?? .nan) - 0.371772) < 1e-6)
        #expect(abs((points[3].g ?? .nan) - 0.491267) < 1e-6)
        #expect(abs((points[3].phi ?? .nan) - 0.420490) < 1e-6)
    }

    /// The combined score is each read's weighted mean, (claim + 2 evidence) / 3, analysed
    /// exactly like a criterion; a criterion is analysed on its own.
    @Test(arguments: ServiceEngine.available) func theCombinedScoreIsEachReadsWeightedMean(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        let reads: [(String, [(Int, Int)])] = [("s-1", [(2, 3), (3, 3)]), ("s-2", [(1, 1), (2, 1)]), ("s-3", [(4, 3), (4, 4)])]
        for (student, pair) in reads {
            for (index, (claim, evidence)) in pair.enumerated() {
                try MeasurementFixtures.read(service, student, "essay-task", rater: "r-\(index + 1)", ["claim": claim, "evidence": evidence], minute: index)
            }
        }
        let combined = reads.map { _, pair in pair.map { claim, evidence in Double(claim + 2 * evidence) / 3 } }
        let byHand = try GeneralizabilityStudy(#require(BalancedScores(combined.map { [$0] })), design: .personsByRaters)
        #expect(try service.gstudy(task: "essay-task").study == byHand)
        let claims = reads.map { _, pair in [pair.map { claim, _ in Double(claim) }] }
        let claimOnly = try GeneralizabilityStudy(#require(BalancedScores(claims)), design: .personsByRaters)
        #expect(try service.gstudy(task: "essay-task", criterion: "claim").study == claimOnly)
    }

    /// Parts whose rubrics set different cuts give no default: Phi(λ) waits for --cut.
    @Test(arguments: ServiceEngine.available) func rubricsWithDifferentCutsLeavePhiLambdaToAnExplicitCut(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        for (person, row) in [(1, [3, 4]), (2, [2, 2]), (3, [4, 3])] {
            for (index, score) in row.enumerated() {
                try MeasurementFixtures.read(service, "p-\(person)", "essay-task", rater: "r-\(index + 1)", ["claim": score, "evidence": score], minute: index)
                try MeasurementFixtures.read(service, "p-\(person)", "folio", rater: "r-\(index + 1)", component: "lab", ["x": score + person], minute: index)
            }
        }
        let parts = [TaskPart(task: "essay-task"), TaskPart(task: "folio", component: "lab")]
        let report = try service.gstudy(parts: parts)
        #expect(report.data.tasks == ["essay-task", "folio/lab"])
        #expect(report.defaultCut == nil)
        #expect(report.rubricCuts.map { "\($0.rubric) \($0.cut)" } == ["essay 3.0", "ten 5.0"])
        let projected = try service.dstudy(parts: parts, raters: [1])
        #expect(projected.cut == nil)
        #expect(projected.points.allSatisfy { $0.phiLambda == nil })
        #expect(try service.dstudy(parts: parts, raters: [1], cut: 3).points.allSatisfy { $0.phiLambda != nil })
    }

    @Test(arguments: ServiceEngine.available) func whatCannotBeStudiedIsSaid(engine: ServiceEngine) throws {
        let service = try MeasurementFixtures.service(engine: engine)
        #expect(refusal { _ = try service.gstudy(task: "t-1") } == "t-1 has no scored reads of kind 'read' to analyse")
        for person in 1...3 { try MeasurementFixtures.read(service, "p-\(person)", "t-1", rater: "r-\(person)", ["x": person]) }
        #expect(refusal { _ = try service.gstudy(task: "t-1") }
            == "cannot estimate a G study of t-1: every response has a single read, so nothing shows how raters differ; a G study needs responses read by at least 2 raters")
        try MeasurementFixtures.read(service, "p-1", "t-1", rater: "r-9", ["x": 4])
        #expect(refusal { _ = try service.gstudy(task: "t-1") }
            == "cannot estimate a G study of t-1: a G study needs at least 2 persons with every read it uses; 1 has them")
        #expect(refusal { _ = try service.gstudy(task: "t-1", criterion: "claim") } == "rubric ten of t-1 has no criterion 'claim'")
        #expect(refusal { _ = try service.gstudy(parts: [TaskPart(task: "t-1"), TaskPart(task: "t-1", component: "main")]) }
            == "t-1 is named twice; a G study over tasks needs distinct tasks")
        try MeasurementFixtures.read(service, "p-2", "t-1", rater: "r-9", ["x": 4])
        #expect(refusal { _ = try service.dstudy(task: "t-1", raters: [2], tasks: [2]) }
            == "numbers of tasks other than 1 need a G study over several tasks (--tasks)")
        #expect(refusal { _ = try service.dstudy(task: "t-1", raters: [0]) } == "numbers of raters and tasks must be at least 1")
    }
}
