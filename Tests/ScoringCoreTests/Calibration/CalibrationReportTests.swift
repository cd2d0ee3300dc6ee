import Testing
@testable import ScoringCore

/// A session worked out by hand: 4 anchors x 3 criteria (essay: claim, evidence, style; 1-4),
/// thresholds exact 0.75, within one 0.95.
@Suite struct CalibrationReportTests {
    static let criteria = ["claim", "evidence", "style"]
    static let anchors = [
        CalibrationReport.Anchor(student: "s-1", master: ["claim": 3, "evidence": 2, "style": 4], rationale: "clear claim, thin evidence"),
        CalibrationReport.Anchor(student: "s-2", master: ["claim": 2, "evidence": 2, "style": 2]),
        CalibrationReport.Anchor(student: "s-3", master: ["claim": 4, "evidence": 3, "style": 3]),
        CalibrationReport.Anchor(student: "s-4", master: ["claim": 1, "evidence": 2, "style": 1]),
    ]

    static func read(_ rater: String, _ student: String, _ claim: Int, _ evidence: Int, _ style: Int) -> CalibrationReport.Score {
        CalibrationReport.Score(rater: rater, student: student, scores: ["claim": claim, "evidence": evidence, "style": style])
    }

    static let reads: [CalibrationReport.Score] = [
        // r-a: one evidence score one too high: 11/12 exact.
        read("r-a", "s-1", 3, 2, 4), read("r-a", "s-2", 2, 3, 2), read("r-a", "s-3", 4, 3, 3), read("r-a", "s-4", 1, 2, 1),
        // r-b: three scores one too low: 9/12 = 0.75 exact, exactly the threshold.
        read("r-b", "s-1", 2, 2, 4), read("r-b", "s-2", 2, 2, 2), read("r-b", "s-3", 3, 3, 3), read("r-b", "s-4", 1, 1, 1),
        // r-c: perfect, but skipped s-4.
        read("r-c", "s-1", 3, 2, 4), read("r-c", "s-2", 2, 2, 2), read("r-c", "s-3", 4, 3, 3),
        // r-d: two scores off by two: 10/12 exact and within one.
        read("r-d", "s-1", 1, 2, 4), read("r-d", "s-2", 2, 2, 4), read("r-d", "s-3", 4, 3, 3), read("r-d", "s-4", 1, 2, 1),
        // A read of a work sample that is not an anchor of the session counts for nothing.
        read("r-e", "s-9", 1, 1, 1),
    ]

    static let report = CalibrationReport.compute(
        anchors: anchors, criteria: criteria, scale: [1, 2, 3, 4], reads: reads,
        thresholds: CalibrationThresholds(exact: 0.75, withinOne: 0.95))

    @Test func ratersByHand() {
        let raters = Self.report.raters
        #expect(raters.map(\.rater) == ["r-a", "r-b", "r-c", "r-d"])
        #expect(raters[0] == .init(rater: "r-a", anchors: 4, comparisons: 12, exact: 11.0 / 12, withinOne: 1, bias: 1.0 / 12, qualified: true))
        // Exactly at the exact threshold qualifies.
        #expect(raters[1] == .init(rater: "r-b", anchors: 4, comparisons: 12, exact: 0.75, withinOne: 1, bias: -0.25, qualified: true))
        // Every score right, but one anchor skipped: not qualified.
        #expect(raters[2] == .init(rater: "r-c", anchors: 3, comparisons: 9, exact: 1, withinOne: 1, bias: 0, qualified: false))
        // Within one 10/12 = 0.833 < 0.95.
        #expect(raters[3] == .init(rater: "r-d", anchors: 4, comparisons: 12, exact: 10.0 / 12, withinOne: 10.0 / 12, bias: 0, qualified: false))
    }

    @Test func anchorsMostDisagreedUponFirst() {
        let anchors = Self.report.anchors
        #expect(anchors.count == 12)
        let order = anchors.map { "\($0.student) \($0.criterion)" }
        #expect(order == [
            "s-1 claim", "s-4 evidence", "s-2 evidence", "s-2 style", "s-3 claim",
            "s-1 evidence", "s-1 style", "s-2 claim", "s-3 evidence", "s-3 style", "s-4 claim", "s-4 style",
        ])
        // s-1 claim, master 3: r-a 3, r-b 2, r-c 3, r-d 1.
        #expect(anchors[0].master == 3 && anchors[0].exact == 0.5)
        #expect(anchors[0].scores.map(\.count) == [1, 1, 2, 0])
        #expect(anchors[0].rationale == "clear claim, thin evidence")
        // s-4 evidence, master 2, r-c skipped it: r-a 2, r-b 1, r-d 2.
        #expect(anchors[1].exact == 2.0 / 3 && anchors[1].scores.map(\.count) == [1, 2, 0, 0])
        #expect(anchors[2].exact == 0.75 && anchors[2].scores.map(\.count) == [0, 3, 1, 0])
        #expect(anchors[3].exact == 0.75 && anchors[3].scores.map(\.count) == [0, 3, 0, 1])
        #expect(anchors[4].exact == 0.75 && anchors[4].scores.map(\.count) == [0, 0, 1, 3])
        #expect(anchors[11].exact == 1 && anchors[11].scores.map(\.count) == [3, 0, 0, 0])
    }

    @Test func anAnchorNobodyScoredComesLastWithoutAShare() {
        let report = CalibrationReport.compute(
            anchors: Self.anchors + [CalibrationReport.Anchor(student: "s-0", master: ["claim": 1, "evidence": 1, "style": 1])],
            criteria: Self.criteria, scale: [1, 2, 3, 4], reads: Self.reads, thresholds: CalibrationThresholds(exact: 0.75, withinOne: 0.95))
        #expect(report.anchors.suffix(3).map(\.student) == ["s-0", "s-0", "s-0"])
        #expect(report.anchors.last?.exact == nil)
        // Nobody scored every anchor now.
        #expect(report.raters.allSatisfy { !$0.qualified })
    }

    @Test func aSessionWithoutReadsOrAnchors() {
        let empty = CalibrationReport.compute(
            anchors: [], criteria: Self.criteria, scale: [1, 2, 3, 4], reads: [], thresholds: CalibrationThresholds(exact: 0.7, withinOne: 0.95))
        #expect(empty.raters.isEmpty && empty.anchors.isEmpty)
    }

    @Test func theDefaultThresholdsFollowTheScale() {
        #expect(CalibrationThresholds.defaults(levels: 2).exact == 0.9)
        #expect(CalibrationThresholds.defaults(levels: 3).exact == 0.8)
        #expect(CalibrationThresholds.defaults(levels: 6).exact == 0.7)
        #expect(CalibrationThresholds.defaults(levels: 4).withinOne == 0.95)
    }
}
