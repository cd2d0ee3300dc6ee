import Testing
@testable import ScoringCore

@Suite struct RaterMonitorTests {
    let day: Int64 = 86_400
    /// 2026-11-23T12:00:00Z.
    let noon = Timestamp(seconds: 1_795_435_200)

    @Test func windowsAreWholeDaysCountedBackFromTheLatestRead() {
        let windows = RaterMonitor.Windows(days: 7, latest: noon)
        #expect(windows.window(0).from == "2026-11-17" && windows.window(0).to == "2026-11-23")
        #expect(windows.window(1).from == "2026-11-10" && windows.window(1).to == "2026-11-16")
        #expect(windows.index(of: noon) == 0)
        #expect(windows.index(of: Timestamp(seconds: noon.seconds - 6 * day)) == 0)  // 11-17
        #expect(windows.index(of: Timestamp(seconds: noon.seconds - 7 * day)) == 1)  // 11-16
        #expect(windows.index(of: Timestamp(seconds: noon.seconds - 12 * 3600 - 1)) == 0)  // 11-22 23:59:59
        #expect(windows.index(of: Timestamp(seconds: noon.seconds + day)) == -1)
    }

    /// Three raters, one criterion, 1-4, two windows. r0 and r1 agree throughout; r2 agrees in
    /// the older window and drifts severe (one point low, then two) in the latest.
    @Test func driftIsFlaggedOnTheLatestWindowOnly() {
        // Items (submissions) as runs of reads; per read: rater, window, score.
        var rater: [Int32] = [], window: [Int32] = [], score: [Int] = [], runs: [Range<Int>] = []
        func item(_ reads: [(Int32, Int32, Int)]) {
            let start = rater.count
            for (r, w, s) in reads {
                rater.append(r)
                window.append(w)
                score.append(s)
            }
            runs.append(start..<rater.count)
        }
        // Older window (1): every pair agrees.
        item([(0, 1, 3), (2, 1, 3)])
        item([(1, 1, 2), (2, 1, 2)])
        item([(0, 1, 4), (1, 1, 4)])
        // Latest window (0): r2 one low, one low, two low, exact once.
        item([(0, 0, 3), (2, 0, 2)])
        item([(1, 0, 3), (2, 0, 2)])
        item([(0, 0, 4), (2, 0, 2)])
        item([(1, 0, 2), (2, 0, 2)])
        item([(0, 0, 2), (1, 0, 2)])
        // A read hidden from the caller (window -1) counts for nothing.
        item([(0, -1, 1), (2, -1, 4)])
        let rows = RaterMonitor.rows(
            submissions: runs, rater: rater, window: window, raterCount: 3, criteria: 1,
            score: { read, _ in score[read] }, thresholds: CalibrationThresholds(exact: 0.7, withinOne: 0.95))
        let summary = rows.map { "r\($0.rater) w\($0.window) reads \($0.reads) n \($0.comparison.comparisons)" }
        #expect(summary == [
            "r0 w0 reads 3 n 3", "r0 w1 reads 2 n 2", "r1 w0 reads 3 n 3", "r1 w1 reads 2 n 2", "r2 w0 reads 4 n 4", "r2 w1 reads 2 n 2",
        ])
        // r0, latest: vs r2 (3-2, 4-2) and r1 (2-2): exact 1/3, within 2/3, mean (1 + 2 + 0) / 3 = 1.
        #expect(rows[0].comparison.exact == 1.0 / 3 && rows[0].comparison.withinOne == 2.0 / 3 && rows[0].comparison.meanDifference == 1)
        // r2, latest: -1, -1, -2, 0: exact 0.25, within 0.75, mean -1 (severe).
        #expect(rows[4].comparison.exact == 0.25 && rows[4].comparison.withinOne == 0.75 && rows[4].comparison.meanDifference == -1)
        #expect(rows[5].comparison.exact == 1 && rows[5].comparison.meanDifference == 0)
        // Flags: only latest windows below the thresholds. r0 is dragged down by r2 too; r1
        // (exact 2/3 < 0.7) as well; the older windows never.
        #expect(rows.map(\.drift) == [true, false, true, false, true, false])
    }

    @Test func aRaterIsJudgedByTheirLatestWindowWithComparisons() {
        let comparison = { (exact: Double?) in
            RaterComparison(rater: 0, items: 1, comparisons: exact == nil ? 0 : 4, exact: exact, withinOne: exact == nil ? nil : 1, meanDifference: 0)
        }
        var rows = [
            RaterMonitor.Row(rater: 0, window: 0, reads: 1, comparison: comparison(nil)),  // single-scored only
            RaterMonitor.Row(rater: 0, window: 1, reads: 4, comparison: comparison(0.5)),
            RaterMonitor.Row(rater: 0, window: 2, reads: 4, comparison: comparison(0.5)),
            RaterMonitor.Row(rater: 1, window: 0, reads: 4, comparison: comparison(0.7)),  // exactly at the threshold
            RaterMonitor.Row(rater: 1, window: 1, reads: 4, comparison: comparison(0.2)),
        ]
        RaterMonitor.flagDrift(&rows, thresholds: CalibrationThresholds(exact: 0.7, withinOne: 0.95))
        #expect(rows.map(\.drift) == [false, true, false, false, false])
    }
}
