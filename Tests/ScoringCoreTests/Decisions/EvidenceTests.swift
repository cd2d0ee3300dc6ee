import Testing
@testable import ScoringCore

@Suite struct EvidenceTests {
    typealias F = DecisionFixtures

    func item(_ value: Double, _ minutes: Int64, _ task: String, _ component: String = "main") -> Evidence {
        Evidence(value: value, date: F.time(minutes), task: task, component: component)
    }

    @Test func oldestComesFirst() {
        let later = item(4, 10, "a-task")
        let earlier = item(2, 5, "z-task")
        #expect(Evidence.precedes(earlier, later))
        #expect(!Evidence.precedes(later, earlier))
        #expect(Evidence.ordered([later, earlier]) == [earlier, later])
    }

    @Test func tiesBreakByTaskThenComponent() {
        let b = item(4, 0, "b-task")
        let aPaper = item(1, 0, "a-task", "paper")
        let aDefense = item(2, 0, "a-task", "defense")
        #expect(Evidence.ordered([b, aPaper, aDefense]) == [aDefense, aPaper, b])
        #expect(Evidence.isOrdered([aDefense, aPaper, b]))
        #expect(!Evidence.isOrdered([aPaper, aDefense]))
        #expect(Evidence.isOrdered([]) && Evidence.isOrdered([b]))
        // Same date, task and component: neither precedes, the given order stays.
        let twin = item(3, 0, "a-task", "defense")
        #expect(!Evidence.precedes(aDefense, twin) && !Evidence.precedes(twin, aDefense))
        #expect(Evidence.ordered([twin, aDefense]) == [twin, aDefense])
    }

    @Test func rollUpOrdersEvidenceBeforeOrderedMethods() {
        // Same date: a-task (2) comes before b-task (4) whatever the input order, so the most
        // recent is 4.
        let rule = RollupRule(method: .mostRecent, proficientAt: 3)
        #expect(rule.rollUp([item(4, 0, "b-task"), item(2, 0, "a-task")]).value == 4)
        #expect(rule.rollUp([item(2, 0, "a-task"), item(4, 0, "b-task")]).value == 4)
        // Same task: defense before paper, so paper's 2 is the most recent.
        #expect(rule.rollUp([item(2, 0, "cap", "paper"), item(4, 0, "cap", "defense")]).value == 2)
        // Dated evidence: decaying average over (2 at 0, 3 at 5, 4 at 9) given shuffled is 3.5275.
        let decaying = RollupRule(method: .decayingAverage, proficientAt: 3)
        let shuffled = [item(4, 9, "t3"), item(2, 0, "t1"), item(3, 5, "t2")]
        #expect(close(decaying.rollUp(shuffled).value, 3.5275))
    }
}
