import Testing
@testable import ScoringCore

/// Three items: r0,r1 give 3,2; r0,r1,r2 give 4,4,2; r1,r2 give 1,3.
struct RaterComparisonTests {
    let raters: [[Int32]] = [[0, 1], [0, 1, 2], [1, 2]]
    let scores: [[Int]] = [[3, 2], [4, 4, 2], [1, 3]]

    @Test func eachRaterAgainstEveryCoRater() {
        let result = RaterComparison.byRater(raters: raters, scores: scores)
        // r0: +1 (item 1), 0 and +2 (item 2): exact 1/3, within one 2/3, mean +1.
        // r1: -1; 0, +2; -2: exact 1/4, within one 2/4, mean -1/4 over 3 items.
        // r2: -2, -2; +2: exact 0, within one 0, mean -2/3.
        #expect(result == [
            RaterComparison(rater: 0, items: 2, comparisons: 3, exact: 1.0 / 3, withinOne: 2.0 / 3, meanDifference: 1),
            RaterComparison(rater: 1, items: 3, comparisons: 4, exact: 0.25, withinOne: 0.5, meanDifference: -0.25),
            RaterComparison(rater: 2, items: 2, comparisons: 3, exact: 0, withinOne: 0, meanDifference: -2.0 / 3),
        ])
    }

    @Test func pairsWithEnoughCommonItems() {
        let all = RaterComparison.byPair(raters: raters, scores: scores, minimumItems: 1)
        #expect(all == [
            RaterComparison(rater: 0, coRater: 1, items: 2, comparisons: 2, exact: 0.5, withinOne: 1, meanDifference: 0.5),
            RaterComparison(rater: 0, coRater: 2, items: 1, comparisons: 1, exact: 0, withinOne: 0, meanDifference: 2),
            RaterComparison(rater: 1, coRater: 2, items: 2, comparisons: 2, exact: 0, withinOne: 0, meanDifference: 0),
        ])
        #expect(RaterComparison.byPair(raters: raters, scores: scores, minimumItems: 2).map(\.coRater) == [1, 2])
    }

    @Test func aLoneReadComparesWithNothing() {
        #expect(RaterComparison.byRater(raters: [[5]], scores: [[3]]).isEmpty)
        #expect(RaterComparison.byPair(raters: [[5]], scores: [[3]], minimumItems: 1).isEmpty)
    }
}
