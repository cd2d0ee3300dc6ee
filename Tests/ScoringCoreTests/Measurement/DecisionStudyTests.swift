import Testing
@testable import ScoringCore

@Suite struct DecisionStudyTests {
    static func dataSet4() throws -> GeneralizabilityStudy {
        try GeneralizabilityStudy(try #require(GeneralizabilityStudyTests.scores(taskMajor: GeneralizabilityStudyTests.dataSet4)),
                                  design: .ratersWithinTasks)
    }

    /// SPEC 13's D-study points for Synthetic Data Set No. 4.
    @Test func brennanProjections() throws {
        let points = try DecisionStudy.project(try Self.dataSet4(), raters: [2, 1], tasks: [3, 6], cut: nil)
        #expect(points.map { [$0.raters, $0.tasks] } == [[2, 3], [2, 6], [1, 3], [1, 6]])
        #expect(isClose(points[0].g, 0.447896, 5e-7))
        #expect(isClose(points[0].phi, 0.371772, 5e-7))
        #expect(isClose(points[3].g, 0.491267, 5e-7))
        #expect(isClose(points[3].phi, 0.420490, 5e-7))
        #expect(points.allSatisfy { $0.phiLambda == nil })
    }

    /// At the observed numbers the projection is the G study's own coefficients.
    @Test func observedNumbersReproduceTheStudy() throws {
        let study = try Self.dataSet4()
        let point = try #require(try DecisionStudy.project(study, raters: [4], tasks: [3], cut: nil).first)
        #expect(point.g == study.g)
        #expect(point.phi == study.phi)
    }

    /// Phi(λ) worked in exact rationals: X̄ = 4.75, σ²(X̄) = p/10 + t/3 + (r:t)/12 + pt/30 +
    /// (pr:t)/120 = 67/270, so at λ = 6 (μ - λ)² is 1.5625 - 67/270, and with 4 raters and 3
    /// tasks Phi(λ) = 0.7656157049375372; at λ = 5 the estimate of (μ - λ)² is negative and
    /// Phi(λ) = 0.34442595673876875, below Phi.
    @Test func phiLambdaByHand() throws {
        let study = try Self.dataSet4()
        #expect(isClose(DecisionStudy.varianceOfMean(study), 67.0 / 270, 1e-12))
        let points = try DecisionStudy.project(study, raters: [4, 2, 1], tasks: [3], cut: 6)
        #expect(isClose(points[0].phiLambda, 0.7656157049375372, 1e-12))
        #expect(isClose(points[1].phiLambda, 0.6909448818897638, 1e-12))
        #expect(isClose(points[2].phiLambda, 0.578167115902965, 1e-12))
        #expect(isClose(DecisionStudy.phiLambda(study, raters: 1, tasks: 6, cut: 6), 0.7327070879590094, 1e-12))
        #expect(isClose(DecisionStudy.phiLambda(study, raters: 4, tasks: 3, cut: 5), 0.34442595673876875, 1e-12))
        #expect(isClose(DecisionStudy.phiLambda(study, raters: 2, tasks: 3, cut: 4), 0.49620770128354724, 1e-12))
    }

    /// More raters and tasks never make a score less dependable.
    @Test func coefficientsRiseWithRatersAndTasks() throws {
        let study = try Self.dataSet4()
        let points = try DecisionStudy.project(study, raters: Array(1...6), tasks: Array(1...6), cut: 7)
        for point in points {
            for other in points where other.raters >= point.raters && other.tasks >= point.tasks {
                #expect((other.g ?? 0) >= (point.g ?? 0) - 1e-15)
                #expect((other.phi ?? 0) >= (point.phi ?? 0) - 1e-15)
                #expect((other.phiLambda ?? 0) >= (point.phiLambda ?? 0) - 1e-15)
            }
            #expect((point.phi ?? 0) <= (point.g ?? 0))
        }
    }

    @Test func singleTaskDesignsProjectOverRatersOnly() throws {
        let rows: [[Double]] = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
        let study = try GeneralizabilityStudy(try #require(BalancedScores(rows.map { [$0] })), design: .personsByRaters)
        // One rater: ICC(3,1) and ICC(2,1) of SPEC 8.
        let point = try #require(try DecisionStudy.project(study, raters: [1], cut: nil).first)
        #expect(isClose(point.g, 0.714841, 5e-7))
        #expect(isClose(point.phi, 0.289764, 5e-7))
        #expect(throws: GeneralizabilityError.taskCountsNeedTasksDesign) {
            try DecisionStudy.project(study, raters: [1], tasks: [2], cut: nil)
        }
        #expect(throws: GeneralizabilityError.sampleSizeBelowOne) {
            try DecisionStudy.project(study, raters: [0, 1], cut: nil)
        }
    }

    /// No variance at all: every coefficient is nil, never NaN.
    @Test func flatScoresGiveNils() throws {
        let study = try GeneralizabilityStudy(try #require(BalancedScores([[[3, 3]], [[3, 3]], [[3, 3]]])), design: .personsByRaters)
        let point = try #require(try DecisionStudy.project(study, raters: [2], cut: 3).first)
        #expect(point.g == nil && point.phi == nil && point.phiLambda == nil)
        // Away from the mean, (μ - λ)² = 1 and there is no error: Phi(λ) = 1.
        #expect(try DecisionStudy.project(study, raters: [2], cut: 4).first?.phiLambda == 1)
    }
}
