/// Rater monitoring over operational double-scoring: for each rater and time window, how their
/// scores compare with co-raters' scores of the same work, and whether their latest window has
/// drifted below the qualification thresholds.
///
/// Windows are whole UTC days, `days` long, counted back from the day of the most recent read:
/// window 0 ends with that day, window 1 is the `days` before it, and so on. A comparison falls
/// in the window of the rater's own read; the co-rater's read may be older or newer.
public enum RaterMonitor {
    /// One window of time, inclusive days since 1970-01-01.
    public struct Window: Sendable, Equatable, Hashable {
        public var firstDay: Int64
        public var lastDay: Int64

        public init(firstDay: Int64, lastDay: Int64) {
            self.firstDay = firstDay
            self.lastDay = lastDay
        }

        /// `YYYY-MM-DD` of the first and last day.
        public var from: String { String(Timestamp(seconds: firstDay * 86_400).description.prefix(10)) }
        public var to: String { String(Timestamp(seconds: lastDay * 86_400).description.prefix(10)) }
    }

    /// Windows of `days` days, window 0 ending with the day of `latest`.
    public struct Windows: Sendable {
        public var days: Int
        public var lastDay: Int64

        public init(days: Int, latest: Timestamp) {
            self.days = max(1, days)
            self.lastDay = Self.day(of: latest)
        }

        public static func day(of time: Timestamp) -> Int64 {
            time.seconds >= 0 ? time.seconds / 86_400 : (time.seconds - 86_399) / 86_400
        }

        /// The index of the window holding `time` (0 = latest); negative for a time after `latest`.
        public func index(of time: Timestamp) -> Int {
            let back = lastDay - Self.day(of: time)
            return back >= 0 ? Int(back / Int64(days)) : -1
        }

        public func window(_ index: Int) -> Window {
            let last = lastDay - Int64(index * days)
            return Window(firstDay: last - Int64(days) + 1, lastDay: last)
        }
    }

    /// One rater's figures in one window.
    public struct Row: Sendable, Equatable {
        public var rater: Int32
        /// 0 = the latest window.
        public var window: Int
        /// Reads the rater gave in the window.
        public var reads: Int
        /// Their agreement with co-raters over the window's reads (every criterion score compared).
        public var comparison: RaterComparison
        /// True on the rater's latest window with comparisons when it falls below a threshold.
        public var drift: Bool

        public init(rater: Int32, window: Int, reads: Int, comparison: RaterComparison, drift: Bool = false) {
            self.rater = rater
            self.window = window
            self.reads = reads
            self.comparison = comparison
            self.drift = drift
        }
    }

    /// Per rater and window: reads, agreement with co-raters, and drift flags.
    ///
    /// - Parameters:
    ///   - submissions: runs of reads that belong to one submission component.
    ///   - rater: per read, the rater (an index below `raterCount`).
    ///   - window: per read, its window index (`Windows.index(of:)`).
    ///   - criteria: how many criteria the scores may cover.
    ///   - score: the score read `read` gave criterion `criterion`, if any.
    ///   - thresholds: what a rater's latest window must reach.
    /// - Returns: rows by rater, then window, latest window first.
    public static func rows(
        submissions: [Range<Int>], rater: [Int32], window: [Int32], raterCount: Int, criteria: Int,
        score: (_ read: Int, _ criterion: Int32) -> Int?, thresholds: CalibrationThresholds
    ) -> [Row] {
        let windowCount = Int(window.max() ?? 0) + 1
        let stride = Int32(raterCount)
        var reads: [Int: Int] = [:]
        for index in rater.indices where window[index] >= 0 {
            reads[Int(window[index]) * raterCount + Int(rater[index]), default: 0] += 1
        }
        // Each (submission, criterion) with two or more raters is an item; a read's rater is
        // keyed by (window, rater), so byRater tallies each window apart.
        var itemRaters: [[Int32]] = []
        var itemScores: [[Int]] = []
        for run in submissions where run.count >= 2 {
            for criterion in 0..<Int32(criteria) {
                var keys: [Int32] = []
                var values: [Int] = []
                keys.reserveCapacity(run.count)
                values.reserveCapacity(run.count)
                for read in run where window[read] >= 0 {
                    guard let value = score(read, criterion) else { continue }
                    keys.append(window[read] * stride + rater[read])
                    values.append(value)
                }
                if keys.count >= 2 {
                    itemRaters.append(keys)
                    itemScores.append(values)
                }
            }
        }
        var comparisons: [Int: RaterComparison] = [:]
        for comparison in RaterComparison.byRater(raters: itemRaters, scores: itemScores) {
            comparisons[Int(comparison.rater)] = comparison
        }
        var rows: [Row] = []
        for r in 0..<raterCount {
            for w in 0..<windowCount {
                let key = w * raterCount + r
                guard let count = reads[key] else { continue }
                var comparison = comparisons[key]
                    ?? RaterComparison(rater: 0, items: 0, comparisons: 0, exact: nil, withinOne: nil, meanDifference: nil)
                comparison.rater = Int32(r)
                rows.append(Row(rater: Int32(r), window: w, reads: count, comparison: comparison))
            }
        }
        flagDrift(&rows, thresholds: thresholds)
        return rows
    }

    /// Marks each rater's latest window with comparisons when its exact or within-one agreement
    /// is below the thresholds (tolerance 1e-9). Rows must be grouped by rater.
    public static func flagDrift(_ rows: inout [Row], thresholds: CalibrationThresholds) {
        var latest: [Int32: Int] = [:]
        for (index, row) in rows.enumerated() where row.comparison.comparisons > 0 {
            if let known = latest[row.rater], rows[known].window <= row.window { continue }
            latest[row.rater] = index
        }
        for index in latest.values {
            rows[index].drift = isBelow(rows[index].comparison, thresholds)
        }
    }

    public static func isBelow(_ comparison: RaterComparison, _ thresholds: CalibrationThresholds) -> Bool {
        guard let exact = comparison.exact, let withinOne = comparison.withinOne else { return false }
        return exact < thresholds.exact - 1e-9 || withinOne < thresholds.withinOne - 1e-9
    }
}
