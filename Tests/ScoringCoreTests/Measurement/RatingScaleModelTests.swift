import Foundation
import Testing
@testable import ScoringCore

@Suite struct RatingScaleModelTests {
    @Test func dichotomousModelIsTheLogistic() {
        let model = RatingScaleModel(thresholds: [0.25])
        let p = 1 / (1 + exp(-(0.75 - 0.25)))
        #expect(isClose(model.probabilities(at: 0.75)[1], p, 1e-15))
        #expect(isClose(model.expectedCategory(at: 0.75), p, 1e-15))
        #expect(isClose(model.variance(at: 0.75), p * (1 - p), 1e-15))
    }

    /// Thresholds (-1, 1) at η = 0: ψ = (0, 1, 0), so P = (1, e, 1) / (2 + e).
    @Test func threeCategoriesByHand() {
        let model = RatingScaleModel(thresholds: [-1, 1])
        let e = exp(1.0)
        let probabilities = model.probabilities(at: 0)
        #expect(isClose(probabilities[0], 1 / (2 + e), 1e-15))
        #expect(isClose(probabilities[1], e / (2 + e), 1e-15))
        #expect(isClose(probabilities[2], 1 / (2 + e), 1e-15))
        #expect(isClose(model.expectedCategory(at: 0), 1, 1e-15))
        #expect(isClose(model.variance(at: 0), 2 / (2 + e), 1e-15))
        #expect(isClose(model.expectedScore(at: 0, scores: [1, 2, 4]), (1 + 2 * e + 4) / (2 + e), 1e-14))
        #expect(isClose(model.logProbability(of: 1, at: 0), 1 - log(2 + e), 1e-15))
    }

    /// The half-point logits invert the expected category: the logistic's 0.5 is at its
    /// threshold, a symmetric scale's midpoint at 0, and the ends are never reached.
    @Test func logitAtExpectedCategoryInvertsTheExpectation() throws {
        #expect(isClose(RatingScaleModel(thresholds: [0.25]).logit(atExpectedCategory: 0.5), 0.25, 1e-10))
        let model = RatingScaleModel(thresholds: [-2.1, 0.4, 1.7])
        for expected in [0.01, 0.5, 1.5, 2.5, 2.99] {
            let eta = try #require(model.logit(atExpectedCategory: expected))
            #expect(isClose(model.expectedCategory(at: eta), expected, 1e-9))
        }
        #expect(isClose(RatingScaleModel(thresholds: [-1, 1]).logit(atExpectedCategory: 1), 0, 1e-10))
        #expect(model.logit(atExpectedCategory: 0) == nil)
        #expect(model.logit(atExpectedCategory: 3) == nil)
        #expect(RatingScaleModel(thresholds: []).logit(atExpectedCategory: 0.5) == nil)
    }

    /// Adjacent categories: log(P(k) / P(k-1)) = η - F_k, the model's definition.
    @Test func adjacentOddsAreEtaMinusThreshold() {
        let model = RatingScaleModel(thresholds: [-2.1, 0.4, 1.7])
        for eta in stride(from: -3.0, through: 3.0, by: 0.5) {
            let probabilities = model.probabilities(at: eta)
            for k in 1...3 {
                #expect(isClose(log(probabilities[k] / probabilities[k - 1]), eta - model.thresholds[k - 1], 1e-12))
                #expect(isClose(model.logProbability(of: k, at: eta), log(probabilities[k]), 1e-12))
            }
            #expect(isClose(probabilities.reduce(0, +), 1, 1e-15))
        }
    }

    /// The Newton pass takes the likelihood from the probabilities it fills: the same bits as
    /// `logProbability`, and the same probabilities as `probabilities(at:)`, even far out.
    @Test func fillingProbabilitiesGivesTheLogProbabilityToTheBit() {
        let model = RatingScaleModel(thresholds: [-2.1, 0.4, 1.7])
        var buffer = [Double](repeating: 0, count: 4)
        for eta in [-800.0, -3, -0.25, 0, 1.3, 40, 800] {
            for category in 0...3 {
                let log = model.fillProbabilities(at: eta, into: &buffer, logOf: category)
                #expect(log == model.logProbability(of: category, at: eta))
                #expect(buffer == model.probabilities(at: eta))
            }
        }
    }

    /// Far from the thresholds the naive exp(ψ_k) overflows; the log-sum-exp form does not.
    @Test func extremeLogitsStayFinite() {
        let model = RatingScaleModel(thresholds: [-1, 0, 1])
        for eta in [-1e6, -800.0, 800.0, 1e6] {
            let probabilities = model.probabilities(at: eta)
            #expect(probabilities.allSatisfy { $0.isFinite && $0 >= 0 })
            #expect(isClose(probabilities.reduce(0, +), 1, 1e-15))
            #expect(model.expectedCategory(at: eta).isFinite)
            #expect(model.variance(at: eta) >= 0)
            for category in 0...3 { #expect(model.logProbability(of: category, at: eta).isFinite) }
        }
        #expect(model.probabilities(at: 800)[3] == 1)
        #expect(isClose(model.logProbability(of: 0, at: 800), -(3 * 800.0), 1e-9))
    }

    @Test func singleCategoryIsCertain() {
        let model = RatingScaleModel(thresholds: [])
        #expect(model.probabilities(at: 3) == [1])
        #expect(model.variance(at: 3) == 0)
        #expect(model.logProbability(of: 0, at: 3) == 0)
    }
}
