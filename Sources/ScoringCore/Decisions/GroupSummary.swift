/// Proficiency of one group of students in one competency (SPEC sections 9 and 15,
/// `proficiency --by`), or of all students with evidence for it, with small cells suppressed
/// and the cells that would give one away suppressed too.
public struct GroupSummary: Sendable, Equatable {
    /// Below this many students with evidence, `proficient` and `rate` are withheld so that no
    /// student's result can be worked out from a small group's.
    public static let minimumStudents = 10

    /// nil: all students with evidence for the competency.
    public var group: String?
    public var competency: String
    /// The group's students with evidence for the competency.
    public var students: Int
    /// How many of them are proficient; nil when withheld.
    public var proficient: Int?
    /// `proficient / students`; nil when withheld.
    public var rate: Double?
    public var suppression: CellSuppression

    /// Withholds `proficient` and `rate` unless `suppression` is `.shown`.
    public init(group: String?, competency: String, students: Int, proficientCount: Int, suppression: CellSuppression) {
        self.group = group
        self.competency = competency
        self.students = students
        self.suppression = suppression
        if suppression == .shown, students > 0 {
            proficient = proficientCount
            rate = Double(proficientCount) / Double(students)
        }
    }

    /// `{"group","competency","students","proficient","rate"}`; `group` null for all students.
    public var json: JSONValue {
        .object([
            ("group", group.map(JSONValue.string) ?? .null),
            ("competency", .string(competency)),
            ("students", .int(students)),
            ("proficient", proficient.map(JSONValue.int) ?? .null),
            ("rate", .number(rate)),
        ])
    }
}

extension CompetencyRollup {
    /// Summarizes students' roll-ups by group: per competency, how many students have evidence
    /// and how many of those are proficient, for all of them and for each group of one
    /// breakdown, suppressed together with every other breakdown given (SPEC 15).
    ///
    /// A reader can set `--by school` beside `--by grade`, so the cells of every breakdown of
    /// the same students are one table to `ComplementarySuppression`, whichever is shown. The
    /// all-students count is taken as known (a state publishes it anyway), so it is withheld
    /// only when small or when nothing else can protect a small cell.
    ///
    /// - Parameters:
    ///   - students: roll-ups from `rollUp(student:evidence:)`.
    ///   - breakdowns: per breakdown (school, grade, program groups…), each student's groups,
    ///     parallel to `students`; a student may be in several groups of one breakdown (counted
    ///     in each; a group named twice counts once) or none (in the all-students cell only);
    ///     students past the end are in none.
    ///   - shown: the breakdown whose groups are returned (an index into `breakdowns`).
    ///   - competency: only this competency (an index into `competencies`); nil for all.
    /// - Returns: per competency with evidence in framework order, all students (`group` nil)
    ///   and then the shown breakdown's groups with a student with evidence, ascending by name.
    /// - Complexity: O(s × (g + c)) to count, for s students, g groups per student and c
    ///   competencies, then `ComplementarySuppression` once per competency.
    public func summarize(_ students: [StudentProficiency], breakdowns: [[[String]]], shown: Int, competency: Int? = nil)
        -> [GroupSummary]
    {
        var tally = GroupTally(breakdowns: breakdowns.count)
        for (index, student) in students.enumerated() {
            tally.add(student, groups: breakdowns.map { index < $0.count ? $0[index] : [] })
        }
        return summarize(tally, shown: shown, competency: competency)
    }

    /// `summarize(_:breakdowns:shown:competency:)` of the students counted in `tally`, in the
    /// order they were added.
    public func summarize(_ tally: GroupTally, shown: Int, competency: Int? = nil) -> [GroupSummary] {
        let (names, cellOfKey, firstCell) = tally.numbering()
        let cellCount = firstCell.last!
        var summaries: [GroupSummary] = []
        for (index, rule) in competencies.enumerated() where competency == nil || competency == index {
            let patterns = tally.patterns(of: index)
            var size = [Int](repeating: 0, count: cellCount)
            var proficient = [Int](repeating: 0, count: cellCount)
            for pattern in patterns {
                for key in pattern.keys {
                    size[cellOfKey[key]] += pattern.students
                    proficient[cellOfKey[key]] += pattern.proficient
                }
            }
            guard size[0] > 0 else { continue }
            // Groups without a student here say nothing about this competency: not cells of it.
            var compact = [Int](repeating: -1, count: cellCount)
            var used = 0
            for cell in 0..<cellCount where size[cell] > 0 {
                compact[cell] = used
                used += 1
            }
            let decided = ComplementarySuppression.suppress(
                cellCount: used, sharedMemberships: patterns.map { ($0.keys.map { compact[cellOfKey[$0]] }, $0.students) }, known: [0])
            func summary(_ cell: Int, group: String?) -> GroupSummary {
                GroupSummary(
                    group: group, competency: rule.id, students: size[cell], proficientCount: proficient[cell],
                    suppression: decided[compact[cell]])
            }
            summaries.append(summary(0, group: nil))
            if shown < names.count {
                for (number, name) in names[shown].enumerated() where size[firstCell[shown] + number] > 0 {
                    summaries.append(summary(firstCell[shown] + number, group: name))
                }
            }
        }
        return summaries
    }
}
