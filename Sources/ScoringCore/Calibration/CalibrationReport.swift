/// How a calibration session's raters compare with the master scores of its anchors (SPEC
/// section 10): per rater, the share of (anchor, criterion) scores equal to and within one point
/// of the master, their mean signed difference, and whether they qualified; per anchor and
/// criterion, the distribution of raters' scores and the share that matched the master.
public struct CalibrationReport: Sendable, Equatable {
    /// One anchor with its master read.
    public struct Anchor: Sendable, Equatable {
        public var student: String
        /// The master score of each criterion.
        public var master: [String: Int]
        /// Why the master scores are what they are (the master read's note).
        public var rationale: String?

        public init(student: String, master: [String: Int], rationale: String? = nil) {
            self.student = student
            self.master = master
            self.rationale = rationale
        }
    }

    /// One rater's calibration read of one anchor.
    public struct Score: Sendable, Equatable {
        public var rater: String
        public var student: String
        public var scores: [String: Int]

        public init(rater: String, student: String, scores: [String: Int]) {
            self.rater = rater
            self.student = student
            self.scores = scores
        }
    }

    public struct RaterResult: Sendable, Equatable {
        public var rater: String
        /// The session's anchors the rater scored.
        public var anchors: Int
        /// (anchor, criterion) scores compared with the master.
        public var comparisons: Int
        public var exact: Double?
        public var withinOne: Double?
        /// Mean of (rater's score - master score): above 0 lenient, below 0 severe.
        public var bias: Double?
        public var qualified: Bool
    }

    public struct AnchorResult: Sendable, Equatable {
        public var student: String
        public var criterion: String
        public var master: Int
        /// How many raters gave each scale score, ascending by score (zeros included).
        public var scores: [(score: Int, count: Int)]
        /// Share of the raters who scored this criterion of the anchor that matched the master.
        public var exact: Double?
        public var rationale: String?

        public static func == (lhs: AnchorResult, rhs: AnchorResult) -> Bool {
            lhs.student == rhs.student && lhs.criterion == rhs.criterion && lhs.master == rhs.master
                && lhs.scores.map(\.score) == rhs.scores.map(\.score) && lhs.scores.map(\.count) == rhs.scores.map(\.count)
                && lhs.exact == rhs.exact && lhs.rationale == rhs.rationale
        }
    }

    public var raters: [RaterResult]
    /// Most disagreed-upon (lowest `exact`) first; anchors nobody scored last; ties by student,
    /// then criterion id.
    public var anchors: [AnchorResult]

    /// Compares raters' reads with the masters.
    ///
    /// - Parameters:
    ///   - anchors: the session's anchors; reads of other students are ignored.
    ///   - criteria: the rubric's criterion ids, in rubric order.
    ///   - scale: the rubric's scale scores, ascending.
    ///   - reads: at most one read per rater and anchor.
    ///   - thresholds: what a rater must reach to qualify.
    public static func compute(
        anchors: [Anchor], criteria: [String], scale: [Int], reads: [Score], thresholds: CalibrationThresholds
    ) -> CalibrationReport {
        let tolerance = 1e-9
        var anchorIndex: [String: Int] = [:]
        for (index, anchor) in anchors.enumerated() { anchorIndex[anchor.student] = index }
        var criterionIndex: [String: Int] = [:]
        for (index, criterion) in criteria.enumerated() { criterionIndex[criterion] = index }
        var scaleIndex: [Int: Int] = [:]
        for (index, score) in scale.enumerated() { scaleIndex[score] = index }

        struct Tally {
            var anchors = 0
            var comparisons = 0
            var exact = 0
            var withinOne = 0
            var difference = 0
        }
        var tallies: [String: Tally] = [:]
        // Per anchor and criterion: counts per scale level, raters, matches.
        var counts = [[Int]](repeating: [Int](repeating: 0, count: scale.count), count: anchors.count * criteria.count)
        var raters = [Int](repeating: 0, count: anchors.count * criteria.count)
        var matches = [Int](repeating: 0, count: anchors.count * criteria.count)
        for read in reads {
            guard let a = anchorIndex[read.student] else { continue }
            var tally = tallies[read.rater] ?? Tally()
            var scoredAny = false
            for (c, criterion) in criteria.enumerated() {
                guard let given = read.scores[criterion], let master = anchors[a].master[criterion] else { continue }
                scoredAny = true
                let gap = given - master
                tally.comparisons += 1
                tally.difference += gap
                if gap == 0 { tally.exact += 1 }
                if abs(gap) <= 1 { tally.withinOne += 1 }
                let cell = a * criteria.count + c
                raters[cell] += 1
                if gap == 0 { matches[cell] += 1 }
                if let level = scaleIndex[given] { counts[cell][level] += 1 }
            }
            if scoredAny { tally.anchors += 1 }
            tallies[read.rater] = tally
        }

        let raterResults = tallies.keys.sorted().map { rater -> RaterResult in
            let tally = tallies[rater]!
            let total = Double(tally.comparisons)
            let exact = tally.comparisons == 0 ? nil : Double(tally.exact) / total
            let withinOne = tally.comparisons == 0 ? nil : Double(tally.withinOne) / total
            let qualified = tally.anchors == anchors.count && !anchors.isEmpty
                && (exact ?? -1) >= thresholds.exact - tolerance && (withinOne ?? -1) >= thresholds.withinOne - tolerance
            return RaterResult(
                rater: rater, anchors: tally.anchors, comparisons: tally.comparisons, exact: exact, withinOne: withinOne,
                bias: tally.comparisons == 0 ? nil : Double(tally.difference) / total, qualified: qualified)
        }

        var anchorResults: [AnchorResult] = []
        for (a, anchor) in anchors.enumerated() {
            for (c, criterion) in criteria.enumerated() {
                guard let master = anchor.master[criterion] else { continue }
                let cell = a * criteria.count + c
                anchorResults.append(
                    AnchorResult(
                        student: anchor.student, criterion: criterion, master: master,
                        scores: scale.indices.map { (scale[$0], counts[cell][$0]) },
                        exact: raters[cell] == 0 ? nil : Double(matches[cell]) / Double(raters[cell]),
                        rationale: anchor.rationale))
            }
        }
        anchorResults.sort { lhs, rhs in
            switch (lhs.exact, rhs.exact) {
            case (let l?, let r?) where l != r: return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (lhs.student, lhs.criterion) < (rhs.student, rhs.criterion)
            }
        }
        return CalibrationReport(raters: raterResults, anchors: anchorResults)
    }
}
