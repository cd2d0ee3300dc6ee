import ScoringCore
import ScoringStore

/// Proficiency by group beside the rate of all students: the rows `proficiency --by` prints,
/// with the small cells withheld and, because a reader could then subtract, the cells that would
/// give a withheld one away withheld too (SPEC 15's complementary suppression).
public struct EquitySummary: Sendable {
    public var attribute: GroupingAttribute
    /// Per competency in framework order (those with evidence): all students (`group` nil),
    /// then each group in ascending order of name; `proficiency --by`'s JSON array, in order.
    public var rows: [GroupSummary]
    /// Students with evidence but without the attribute: in the all-students rows only.
    public var studentsWithoutGroup: Int
}

extension ScoringService {
    /// Proficiency by `attribute` with the all-students row per competency, as this service may
    /// see it (a rater's shell leaves out scoring-event students, as `proficiency` does).
    ///
    /// Every breakdown a reader can set side by side — all students, schools, grades and
    /// program groups — is suppressed together, whichever is asked for, so no withheld count
    /// can be worked out from `--by school` and `--by grade` read together.
    ///
    /// - Parameter competency: only this competency (an index into the roll-up); nil for all.
    public func equity(by attribute: GroupingAttribute, competency: Int? = nil) throws -> EquitySummary {
        let rollup = try competencyRollup()
        // Counted a range of students at a time, each range's roster beside its roll-ups.
        var tally = GroupTally(breakdowns: GroupingAttribute.allCases.count)
        try proficiency(rollup: rollup, only: nil) { range, students in
            var roster: [String: Student] = [:]
            for student in try store.students(in: range) { roster[student.id] = student }
            for student in students {
                tally.add(student, groups: GroupingAttribute.allCases.map { Self.groups(of: roster[student.student], by: $0) })
            }
        }
        let shown = GroupingAttribute.allCases.firstIndex(of: attribute)!
        let rows = rollup.summarize(tally, shown: shown, competency: competency)
        return EquitySummary(attribute: attribute, rows: rows, studentsWithoutGroup: tally.studentsWithoutGroup(in: shown))
    }

    /// The groups `student` is in by `attribute`: none without a roster entry or the attribute.
    static func groups(of student: Student?, by attribute: GroupingAttribute) -> [String] {
        guard let student else { return [] }
        switch attribute {
        case .school: return student.school.map { [$0] } ?? []
        case .grade: return student.grade.map { [$0] } ?? []
        case .group: return student.groups
        }
    }
}
