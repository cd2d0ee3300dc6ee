/// A range of student ids as stores order them (byte by byte): the ids after `after` up to and
/// including `through`, a bound of nil being open. Ranges cut at `Store.studentBounds(every:)`
/// cover every id once, whether or not the student is on the roster.
public struct StudentRange: Sendable, Hashable {
    /// Every id above this one; nil: from the first.
    public var after: String?
    /// Every id up to and including this one; nil: to the last.
    public var through: String?

    public init(after: String? = nil, through: String? = nil) {
        self.after = after
        self.through = through
    }

    /// Every student.
    public static let all = StudentRange()

    /// The ranges that `bounds` (ascending, as `studentBounds(every:)` gives them) cut every id
    /// into, in order: up to the first bound, between each two, and past the last.
    public static func cut(at bounds: [String]) -> [StudentRange] {
        var ranges: [StudentRange] = []
        var after: String?
        for bound in bounds {
            ranges.append(StudentRange(after: after, through: bound))
            after = bound
        }
        ranges.append(StudentRange(after: after, through: nil))
        return ranges
    }
}
