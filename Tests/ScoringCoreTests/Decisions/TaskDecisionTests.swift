import Testing
@testable import ScoringCore

@Suite struct TaskDecisionTests {
    typealias F = DecisionFixtures
    let rubrics = ["essay": F.essay(), "talk": F.talk()]
    let essayTask = AssessmentTask(
        id: "essay-task", title: "Essay", kind: .performanceTask,
        components: [AssessmentTask.Component(id: "main", rubric: "essay")])

    /// paper (essay, two reads), defense and product (talk, single scoring); require 2 of 3.
    func capstone(require: Int? = 2) -> AssessmentTask {
        AssessmentTask(
            id: "capstone", title: "Capstone", kind: .capstone,
            components: [
                AssessmentTask.Component(id: "paper", rubric: "essay"),
                AssessmentTask.Component(id: "defense", rubric: "talk"),
                AssessmentTask.Component(id: "product", rubric: "talk"),
            ], require: require)
    }

    /// Capstone reads with paper, defense and product proficient or not.
    func capstoneReads(_ paper: Bool, _ defense: Bool, _ product: Bool) -> [String: [ComponentRead]] {
        [
            // (3, 3) twice: combined 3, proficient; (2, 2) twice: combined 2, not.
            "paper": paper ? [F.read("r1", 3, 3), F.read("r2", 3, 3)] : [F.read("r1", 2, 2), F.read("r2", 2, 2)],
            "defense": [F.talkRead("r1", defense ? 4 : 2)],
            "product": [F.talkRead("r1", product ? 3 : 1)],
        ]
    }

    @Test func statusesOrderWorstFirst() {
        #expect(ResolutionStatus.incomplete < .needsAdjudication)
        #expect(ResolutionStatus.needsAdjudication < .decided)
        #expect(ResolutionStatus.worst([.decided, .needsAdjudication, .decided]) == .needsAdjudication)
        #expect(ResolutionStatus.worst([.needsAdjudication, .incomplete, .decided]) == .incomplete)
        #expect(ResolutionStatus.worst([.decided]) == .decided)
        #expect(ResolutionStatus.worst([]) == .incomplete)
    }

    @Test func aSinglePartTaskIsItsComponent() {
        let proficient = TaskDecision.decide(
            student: "s1", task: essayTask, rubrics: rubrics, reads: ["main": [F.read("r1", 3, 3), F.read("r2", 4, 3)]])
        #expect(proficient.status == .decided && proficient.proficient == true)
        #expect(proficient.components.map(\.component) == ["main"])
        let not = TaskDecision.decide(
            student: "s1", task: essayTask, rubrics: rubrics, reads: ["main": [F.read("r1", 2, 3), F.read("r2", 2, 3)]])
        // (2 + 6) / 3 = 2.666… < 3
        #expect(not.status == .decided && not.proficient == false)
        let open = TaskDecision.decide(student: "s1", task: essayTask, rubrics: rubrics, reads: ["main": [F.read("r1", 3, 3)]])
        #expect(open.status == .incomplete && open.proficient == nil)
    }

    @Test func requireKOfN() {
        let task = capstone(require: 2)
        func decide(_ a: Bool, _ b: Bool, _ c: Bool) -> TaskDecision {
            TaskDecision.decide(student: "s1", task: task, rubrics: rubrics, reads: capstoneReads(a, b, c))
        }
        // k - 1 = 1 proficient component
        #expect(decide(false, true, false).proficient == false)
        #expect(decide(false, true, false).proficientComponents == 1)
        // k = 2
        #expect(decide(true, false, true).proficient == true)
        #expect(decide(false, true, true).proficient == true)
        // n = 3
        #expect(decide(true, true, true).proficient == true)
        #expect(decide(false, false, false).proficient == false)
        #expect(decide(true, false, true).status == .decided)
    }

    @Test func requireDefaultsToEveryComponent() {
        let task = capstone(require: nil)
        #expect(task.require == 3)
        let two = TaskDecision.decide(student: "s1", task: task, rubrics: rubrics, reads: capstoneReads(true, true, false))
        #expect(two.proficient == false)
        let three = TaskDecision.decide(student: "s1", task: task, rubrics: rubrics, reads: capstoneReads(true, true, true))
        #expect(three.proficient == true)
    }

    @Test func theTaskStatusIsTheWorstComponents() {
        var reads = capstoneReads(true, true, true)
        reads["paper"] = [F.read("r1", 1, 3), F.read("r2", 3, 3)]
        let adjudicating = TaskDecision.decide(student: "s1", task: capstone(), rubrics: rubrics, reads: reads)
        #expect(adjudicating.status == .needsAdjudication)
        // Two proficient components would already meet require 2, but an undecided task has no
        // decision yet.
        #expect(adjudicating.proficient == nil)
        reads["product"] = nil
        let missing = TaskDecision.decide(student: "s1", task: capstone(), rubrics: rubrics, reads: reads)
        #expect(missing.status == .incomplete)
        #expect(missing.component("product")?.resolution == ComponentResolution.unread(rubric: F.talk()))
        #expect(missing.component("paper")?.resolution.status == .needsAdjudication)
        #expect(missing.component("nope") == nil)
    }

    @Test func aCodedComponentCountsAsNotProficient() {
        var reads = capstoneReads(true, true, true)
        reads["product"] = [F.coded("r1", .blank)]
        let decision = TaskDecision.decide(student: "s1", task: capstone(require: 3), rubrics: rubrics, reads: reads)
        #expect(decision.status == .decided)
        #expect(decision.proficient == false)
        #expect(decision.proficientComponents == 2)
    }

    @Test func aComponentWhoseRubricIsMissingIsIncomplete() {
        let decision = TaskDecision.decide(
            student: "s1", task: essayTask, rubrics: [:], reads: ["main": [F.read("r1", 3, 3), F.read("r2", 3, 3)]])
        #expect(decision.status == .incomplete)
        #expect(decision.components[0].resolution.criteria.isEmpty)
    }

    @Test func degenerateRequireAndNoComponents() {
        let decided = ComponentDecision(
            component: "main", resolution: ComponentResolution.resolve([F.talkRead("r1", 1)], rubric: F.talk()))
        #expect(TaskDecision(student: "s", task: "t", require: 0, components: [decided]).proficient == true)
        #expect(TaskDecision(student: "s", task: "t", require: 2, components: [decided]).proficient == false)
        let empty = TaskDecision(student: "s", task: "t", require: 1, components: [])
        #expect(empty.status == .incomplete && empty.proficient == nil)
    }

    @Test func decidedJSONIsSpecsObject() {
        let decision = TaskDecision.decide(
            student: "s1", task: essayTask, rubrics: rubrics, reads: ["main": [F.read("r1", 3, 3), F.read("r2", 4, 3)]])
        // score (3.5 + 2 × 3) / 3 = 9.5 / 3
        #expect(decision.json.encoded == """
            {"student":"s1","task":"essay-task","status":"decided","proficient":true,"components":[\
            {"component":"main","status":"decided","criteria":{"claim":3.5,"evidence":3.0},\
            "score":3.1666666666666665,"proficient":true,"level":"Meets"}]}
            """)
    }

    @Test func undecidedJSONHasNulls() {
        var reads = capstoneReads(true, true, true)
        reads["paper"] = [F.read("r1", 1, 3), F.read("r2", 3, 3)]
        reads["product"] = nil
        let decision = TaskDecision.decide(student: "s2", task: capstone(), rubrics: rubrics, reads: reads)
        #expect(decision.json.encoded == """
            {"student":"s2","task":"capstone","status":"incomplete","proficient":null,"components":[\
            {"component":"paper","status":"needs-adjudication","criteria":{"claim":null,"evidence":null},\
            "score":null,"proficient":null,"level":null},\
            {"component":"defense","status":"decided","criteria":{"talk":4.0},"score":4.0,"proficient":true,"level":"Exceeds"},\
            {"component":"product","status":"incomplete","criteria":{"talk":null},"score":null,"proficient":null,"level":null}]}
            """)
    }

    @Test func aCodedComponentsJSONNamesTheCode() {
        let decision = TaskDecision.decide(
            student: "s3", task: essayTask, rubrics: rubrics,
            reads: ["main": [F.coded("r1", .offTopic), F.coded("r2", .offTopic)]])
        #expect(decision.json.encoded == """
            {"student":"s3","task":"essay-task","status":"decided","proficient":false,"components":[\
            {"component":"main","status":"decided","criteria":{"claim":null,"evidence":null},\
            "score":null,"proficient":false,"level":null,"code":"off-topic"}]}
            """)
    }
}
