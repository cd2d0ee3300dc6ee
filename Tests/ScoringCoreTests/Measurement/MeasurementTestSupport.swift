import Foundation
@testable import ScoringCore

/// The style ratings of Wind & Hua (CC0; see Fixtures/README in /work/shared/data/rasch): 372
/// students scored 0-3 on style by 21 raters, read as SPEC 13 reads it — students `s` + the
/// number padded to 3 digits, raters `rater-N`, one criterion. The copy beside this file keeps
/// the tests independent of anything outside the checkout.
enum StyleRatings {
    struct Table {
        var observations: [RaschObservation]
        /// Each student's `language` column, the group of the bias tests.
        var language: [String: String]
    }

    static let table: Table = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/style_ratings.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return Table(observations: [], language: [:]) }
        var observations: [RaschObservation] = []
        var language: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            guard fields.count == 23, let number = Int(fields[0]) else { continue }
            let student = "s" + (number < 10 ? "00" : number < 100 ? "0" : "") + String(number)
            language[student] = fields[1]
            for rater in 1...21 {
                guard let category = Int(fields[rater + 1]) else { continue }
                observations.append(RaschObservation(student: student, rater: "rater-\(rater)", criterion: "style", category: category))
            }
        }
        return Table(observations: observations, language: language)
    }()

    /// The analysis of the table on the scale 0-3, estimated once for every suite that reads it.
    static let analysis: RaschAnalysis? = try? JointMaximumLikelihood.estimate(table.observations, scale: [0, 1, 2, 3])
}

/// Observations from a students × raters matrix of categories on one criterion `c` (nil: not
/// read); students `s0`, `s1`, …, raters `r0`, `r1`, ….
func observations(_ matrix: [[Int?]], criterion: String = "c") -> [RaschObservation] {
    var result: [RaschObservation] = []
    for (student, row) in matrix.enumerated() {
        for (rater, category) in row.enumerated() {
            if let category {
                result.append(RaschObservation(student: "s\(student)", rater: "r\(rater)", criterion: criterion, category: category))
            }
        }
    }
    return result
}

/// A category drawn from the rating-scale model at `eta`.
func sampleCategory(_ model: RatingScaleModel, at eta: Double, using generator: inout SeededGenerator) -> Int {
    let probabilities = model.probabilities(at: eta)
    var u = Double.random(in: 0..<1, using: &generator)
    for (category, p) in probabilities.enumerated() {
        u -= p
        if u < 0 { return category }
    }
    return probabilities.count - 1
}
