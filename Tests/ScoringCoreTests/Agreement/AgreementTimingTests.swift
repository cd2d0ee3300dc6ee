import Foundation
import Testing
@testable import ScoringCore

/// The shell's load: 100,000 items × 2 reads × 5 criteria with every interval. Runs only with
/// `AGREEMENT_TIMING=1` (meant for `swift test -c release`), and prints the elapsed time.
@Suite struct AgreementTimingTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["AGREEMENT_TIMING"] != nil))
    func statewideDoubleScoringIsFast() {
        var generator = SeededGenerator(seed: 2024)
        let criteria = (0..<5).map { _ in
            (0..<100_000).map { _ -> ItemReads in
                let first = Int.random(in: 1...4, using: &generator)
                let second = Int.random(in: 0..<3, using: &generator) == 0 ? Int.random(in: 1...4, using: &generator) : first
                let raters = Array((0..<40).shuffled(using: &generator).prefix(2)).map(Int32.init)
                return ItemReads(raters: raters, scores: [first, second])
            }
        }
        let start = ContinuousClock.now
        var defined = 0
        for items in criteria {
            let result = AgreementAnalysis.analyze(items: items, scale: [1, 2, 3, 4])
            defined += AgreementCoefficient.allCases.filter { result.interval($0) != nil }.count
        }
        let elapsed = ContinuousClock.now - start
        print("agreement timing: 5 criteria × 100,000 items × 2 reads, every interval: \(elapsed)")
        #expect(defined == 5 * AgreementCoefficient.allCases.count)
    }
}
