import Testing
@testable import ScoringCore

@Suite struct CompetencyRollupTests {
    typealias F = DecisionFixtures
    let rollup = CompetencyRollup(framework: F.framework())
    let essay = F.essay()
    let talk = F.talk()

    func resolve(_ reads: [ComponentRead], _ rubric: Rubric) -> ComponentResolution {
        ComponentResolution.resolve(reads, rubric: rubric)
    }

    /// s1's evidence, added out of date order:
    /// - essay-task/main at t10: reads (3, 3), (4, 3) → claim 3.5 (ELA.ARG), evidence 3 (ELA.RES)
    /// - essay-two/main: needs adjudication → none
    /// - essay-three/main: agreed `blank` → none
    /// - capstone/paper at t5: reads (2, 2) twice → ELA.ARG 2, ELA.RES 2
    /// - capstone/defense at t30: talk 4 → COM.ORAL 4
    func studentOneEvidence() -> [[Evidence]] {
        var builder = EvidenceBuilder(competencies: rollup.competencies.count)
        let essayAlignment = CriterionAlignment(rubric: essay, rollup: rollup)
        builder.add(
            task: "essay-task", component: "main",
            resolution: resolve([F.read("r1", 3, 3, at: 10), F.read("r2", 4, 3, at: 20)], essay), alignment: essayAlignment)
        builder.add(
            task: "essay-two", component: "main", resolution: resolve([F.read("r1", 1, 3), F.read("r2", 3, 3)], essay),
            alignment: essayAlignment)
        builder.add(
            task: "essay-three", component: "main", resolution: resolve([F.coded("r1", .blank), F.coded("r2", .blank)], essay),
            alignment: essayAlignment)
        builder.add(
            task: "capstone", component: "defense", resolution: resolve([F.talkRead("r3", 4, at: 30)], talk), rubric: talk,
            rollup: rollup)
        builder.add(
            task: "capstone", component: "paper", resolution: resolve([F.read("r1", 2, 2, at: 5), F.read("r2", 2, 2, at: 6)], essay),
            alignment: essayAlignment)
        return builder.finish()
    }

    @Test func rulesComeFromDefaultsAndOverrides() {
        #expect(rollup.ids == ["ELA.ARG", "ELA.RES", "COM.ORAL", "MATH"])
        #expect(rollup.rules == [
            RollupRule(method: .decayingAverage, weight: 0.65, times: 2, proficientAt: 3),
            RollupRule(method: .highest, weight: 0.65, times: 2, proficientAt: 3),
            RollupRule(method: .nTimes, weight: 0.65, times: 3, proficientAt: 3),
            RollupRule(method: .weightedAverage, weight: 0.5, times: 2, proficientAt: 2.5),
        ])
        #expect(rollup.index(of: "COM.ORAL") == 2)
        #expect(rollup.index(of: "SCI") == nil)
    }

    @Test func evidenceComesFromAlignedFinalsOfDecidedComponents() {
        let evidence = studentOneEvidence()
        #expect(evidence.count == 4)
        #expect(evidence[0] == [
            Evidence(value: 2, date: F.time(5), task: "capstone", component: "paper"),
            Evidence(value: 3.5, date: F.time(10), task: "essay-task", component: "main"),
        ])
        #expect(evidence[1].map(\.value) == [2, 3])
        #expect(evidence[2] == [Evidence(value: 4, date: F.time(30), task: "capstone", component: "defense")])
        #expect(evidence[3].isEmpty)
    }

    @Test func finishEmptiesTheBuilder() {
        var builder = EvidenceBuilder(competencies: 4)
        builder.add(
            task: "t", component: "main", resolution: resolve([F.talkRead("r", 3)], talk), rubric: talk, rollup: rollup)
        #expect(builder.finish()[2].count == 1)
        #expect(builder.finish() == [[], [], [], []])
    }

    @Test func alignmentEdgeCases() {
        // x and y both align to ELA.ARG, z to a competency the framework lacks.
        let dual = Rubric(
            id: "dual", title: "Dual", version: 1, scale: F.scale,
            criteria: [
                Criterion(id: "x", name: "X", competency: "ELA.ARG"), Criterion(id: "y", name: "Y", competency: "ELA.ARG"),
                Criterion(id: "z", name: "Z", competency: "SCI.INQ"), Criterion(id: "w", name: "W"),
            ],
            decision: DecisionRule(proficientAt: 3), resolution: ResolutionRule(reads: 1))
        let alignment = CriterionAlignment(rubric: dual, rollup: rollup)
        #expect(alignment.competencies == [0, 0, nil, nil])
        #expect(alignment.competency(of: "y") == 0 && alignment.competency(of: "w") == nil)
        #expect(!alignment.isEmpty)
        #expect(CriterionAlignment(rubric: F.essay(), rollup: CompetencyRollup(framework: CompetencyFramework(name: "x", competencies: []))).isEmpty)
        let read = ComponentRead(rater: "r", scores: ["x": 4, "y": 2, "z": 1, "w": 3], scoredAt: F.time())
        var builder = EvidenceBuilder(competencies: 4)
        builder.add(task: "t", component: "main", resolution: resolve([read], dual), alignment: alignment)
        // Two values, in rubric order.
        #expect(builder.finish()[0].map(\.value) == [4, 2])
        // A resolution listing criteria in another order is matched by id.
        var reordered = resolve([read], dual)
        reordered.criteria = ["w", "z", "y", "x"]
        reordered.finals = [3, 1, 2, 4]
        builder.add(task: "t", component: "main", resolution: reordered, alignment: alignment)
        #expect(builder.finish()[0].map(\.value) == [2, 4])
        // More finals than criteria (a hand-made resolution): the extra ones align to nothing.
        var extra = resolve([read], dual)
        extra.finals = [4, 2, 1, 3, 4, 4]
        builder.add(task: "t", component: "main", resolution: extra, alignment: alignment)
        #expect(builder.finish().map(\.count) == [2, 0, 0, 0])
    }

    @Test func aTaskDecisionAddsEveryComponent() {
        let task = AssessmentTask(
            id: "cap", title: "Cap", kind: .capstone,
            components: [AssessmentTask.Component(id: "paper", rubric: "essay"), AssessmentTask.Component(id: "defense", rubric: "talk")])
        let decision = TaskDecision.decide(
            student: "s1", task: task, rubrics: ["essay": essay, "talk": talk],
            reads: ["paper": [F.read("r1", 3, 4), F.read("r2", 3, 4)], "defense": [F.talkRead("r3", 2)]])
        var builder = EvidenceBuilder(competencies: 4)
        builder.add(
            decision,
            alignments: ["paper": CriterionAlignment(rubric: essay, rollup: rollup), "defense": CriterionAlignment(rubric: talk, rollup: rollup)])
        #expect(builder.finish().map { $0.map(\.value) } == [[3], [4], [2], []])
    }

    @Test func rollsUpEachCompetencyByItsRule() {
        let proficiency = rollup.rollUp(student: "s1", evidence: studentOneEvidence())
        #expect(proficiency.student == "s1")
        // ELA.ARG decaying 0.65 over (2, 3.5): 0.65 × 3.5 + 0.35 × 2 = 2.275 + 0.7 = 2.975 < 3
        #expect(proficiency.results[0].method == .decayingAverage)
        #expect(close(proficiency.results[0].value, 2.975) && !proficiency.results[0].proficient)
        // ELA.RES highest of (2, 3) = 3
        #expect(proficiency.results[1] == RollupResult(method: .highest, evidence: 2, value: 3, proficient: true))
        // COM.ORAL n-times 3 over (4): value 4, one score of three
        #expect(proficiency.results[2] == RollupResult(method: .nTimes, evidence: 1, value: 4, proficient: false))
        #expect(proficiency.results[3] == RollupResult(method: .weightedAverage, evidence: 0, value: nil, proficient: false))
        #expect(proficiency.hasEvidence)
        // Missing trailing evidence lists count as none.
        let short = rollup.rollUp(student: "s2", evidence: [])
        #expect(short.results.count == 4 && !short.hasEvidence)
    }

    @Test func graduationReadiness() {
        let s1 = rollup.rollUp(student: "s1", evidence: studentOneEvidence())
        let readiness = rollup.readiness(of: s1)
        #expect(readiness == GraduationReadiness(student: "s1", missing: [], notProficient: ["ELA.ARG"]))
        #expect(!readiness.ready)

        func evidence(_ values: [Double?]) -> [[Evidence]] {
            values.map { $0.map { [Evidence(value: $0, date: F.time(), task: "t", component: "main")] } ?? [] }
        }
        // Only oral evidence: both required competencies are missing.
        let oral = rollup.readiness(of: rollup.rollUp(student: "s2", evidence: evidence([nil, nil, 4, nil])))
        #expect(oral.missing == ["ELA.ARG", "ELA.RES"] && oral.notProficient.isEmpty && !oral.ready)
        // Proficient in both required competencies, whatever the others say.
        let ready = rollup.readiness(of: rollup.rollUp(student: "s3", evidence: evidence([3, 3.5, 1, nil])))
        #expect(ready.ready && ready.missing.isEmpty && ready.notProficient.isEmpty)
        // Nothing required: everyone is ready.
        let optional = CompetencyRollup(framework: CompetencyFramework(
            name: "x", competencies: [Competency(id: "A", name: "A", proficientAt: 3)]))
        #expect(optional.readiness(of: optional.rollUp(student: "s4", evidence: [])).ready)
    }

    @Test func proficiencyJSONListsCompetenciesWithEvidence() {
        let rows = rollup.json(rollup.rollUp(student: "s1", evidence: studentOneEvidence()))
        // 0.65 × 3.5 + (1 - 0.65) × 2 is 2.975 to 15 places; full precision shows the double.
        #expect(rows.map(\.encoded) == [
            #"{"student":"s1","competency":"ELA.ARG","method":"decaying-average","evidence":2,"value":2.9749999999999996,"proficient":false}"#,
            #"{"student":"s1","competency":"ELA.RES","method":"highest","evidence":2,"value":3.0,"proficient":true}"#,
            #"{"student":"s1","competency":"COM.ORAL","method":"n-times","evidence":1,"value":4.0,"proficient":false}"#,
        ])
        #expect(rollup.json(rollup.rollUp(student: "s2", evidence: [])).isEmpty)
    }
}
