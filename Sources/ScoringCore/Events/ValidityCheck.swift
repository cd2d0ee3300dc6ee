/// Checking a rater against validity papers (SPEC 11): the work whose true score is known,
/// served among their live work, and the lock-out rule over their most recent reads of it.
public enum ValidityCheck {
    /// One validity read: each criterion's score next to the master's.
    public typealias Read = [(score: Int, master: Int)]

    /// Agreement with the masters over some validity reads, pooled over criteria.
    public struct Figures: Sendable, Equatable {
        /// How many validity reads the figures cover.
        public var reads: Int
        /// Share of criterion scores equal to the master's; nil with no scores.
        public var exact: Double?
        /// Share within one point of the master's; nil with no scores.
        public var withinOne: Double?

        public init(reads: Int, exact: Double?, withinOne: Double?) {
            self.reads = reads
            self.exact = exact
            self.withinOne = withinOne
        }
    }

    /// Agreement over the last `rule.after` of `reads` (oldest first), pooled over criteria.
    ///
    /// - Complexity: O(scores of those reads).
    public static func figures(_ reads: [Read], rule: ScoringPlan.Lockout) -> Figures {
        let recent = reads.suffix(rule.after)
        var scores = 0, exact = 0, within = 0
        for read in recent {
            for pair in read {
                scores += 1
                let difference = abs(pair.score - pair.master)
                if difference == 0 { exact += 1 }
                if difference <= 1 { within += 1 }
            }
        }
        guard scores > 0 else { return Figures(reads: recent.count, exact: nil, withinOne: nil) }
        return Figures(reads: recent.count, exact: Double(exact) / Double(scores), withinOne: Double(within) / Double(scores))
    }

    /// Whether a rater whose validity reads on a rubric since they last qualified or were
    /// reinstated are `reads` (oldest first) is locked out of it: once there are at least
    /// `rule.after` of them, the check after the latest one — over the last `rule.after` —
    /// falls below either threshold (tolerance 1e-9). A locked-out rater gets no more work, so
    /// the latest check is the one that stands.
    public static func isLockedOut(_ reads: [Read], rule: ScoringPlan.Lockout) -> Bool {
        guard reads.count >= rule.after else { return false }
        let figures = figures(reads, rule: rule)
        guard let exact = figures.exact, let withinOne = figures.withinOne else { return false }
        return exact < rule.exact - 1e-9 || withinOne < rule.withinOne - 1e-9
    }
}
