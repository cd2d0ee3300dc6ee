/// What a read is for (SPEC section 6).
public enum ReadKind: String, Sendable, CaseIterable, Comparable {
    /// An operational read of a student's work.
    case read
    /// The deciding read of a submission whose reads disagree too much.
    case adjudication
    /// A lead's check on a rater; never changes a decision.
    case backread
    /// The consensus score of an anchor paper.
    case master
    /// A rater's read of an anchor inside a calibration session.
    case calibration
    /// A rater's read of a validity paper in a scoring event: an anchor served like live work.
    case validity

    /// Calibration, validity and master reads are about raters, not students: statistics,
    /// decisions and proficiency leave them out.
    public var isAboutStudent: Bool {
        self != .master && self != .calibration && self != .validity
    }

    public static func < (lhs: ReadKind, rhs: ReadKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
