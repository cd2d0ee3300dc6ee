/// Proficiency of one group of students in one competency (SPEC section 9, `proficiency --by`),
/// with small cells suppressed.
public struct GroupSummary: Sendable, Equatable {
    /// Below this many students with evidence, `proficient` and `rate` are withheld so that no
    /// student's result can be worked out from a small group's.
    public static let minimumStudents = 10

    public var group: String
    public var competency: String
    /// The group's students with evidence for the competency.
    public var students: Int
    /// How many of them are proficient; nil when `students` < `minimumStudents`.
    public var proficient: Int?
    /// `proficient / students`; nil when `students` < `minimumStudents`.
    public var rate: Double?

    /// Suppresses `proficient` and `rate` when `students` is below `minimumStudents`.
    public init(group: String, competency: String, students: Int, proficientCount: Int) {
        self.group = group
        self.competency = competency
        self.students = students
        if students >= Self.minimumStudents {
            proficient = proficientCount
            rate = Double(proficientCount) / Double(students)
        }
    }

    /// `{"group","competency","students","proficient","rate"}`.
    public var json: JSONValue {
        .object([
            ("group", .string(group)),
            ("competency", .string(competency)),
            ("students", .int(students)),
            ("proficient", proficient.map(JSONValue.int) ?? .null),
            ("rate", .number(rate)),
        ])
    }
}

extension CompetencyRollup {
    /// Summarizes students' roll-ups by group: for every group any of them is in and every
    /// competency, how many have evidence and how many of those are proficient.
    ///
    /// - Parameters:
    ///   - students: roll-ups from `rollUp(student:evidence:)`.
    ///   - groups: each student's groups, parallel to `students`; a student may be in several
    ///     groups (counted in each; a group named twice counts once) or none (left out);
    ///     students past the end of `groups` are in none.
    /// - Returns: groups in ascending order of name, each with every competency in framework
    ///   order (also those none of its students has evidence for: `students` 0); empty when no
    ///   student is in any group.
    /// - Complexity: O(s × (g + c) + G × c) for s students, g groups per student, c
    ///   competencies and G groups in all; one hash lookup per (student, group).
    public func summarize(_ students: [StudentProficiency], groups: [[String]]) -> [GroupSummary] {
        let count = competencies.count
        var groupIndex: [String: Int] = [:]
        var names: [String] = []
        var withEvidence: [Int] = []
        var proficient: [Int] = []
        var memberships: [Int] = []
        for (student, proficiency) in students.enumerated() where student < groups.count {
            memberships.removeAll(keepingCapacity: true)
            for name in groups[student] {
                let index: Int
                if let known = groupIndex[name] {
                    index = known
                } else {
                    index = names.count
                    groupIndex[name] = index
                    names.append(name)
                    withEvidence.append(contentsOf: repeatElement(0, count: count))
                    proficient.append(contentsOf: repeatElement(0, count: count))
                }
                if !memberships.contains(index) { memberships.append(index) }
            }
            for (competency, result) in proficiency.results.prefix(count).enumerated() where result.hasEvidence {
                for group in memberships {
                    let cell = group * count + competency
                    withEvidence[cell] += 1
                    if result.proficient { proficient[cell] += 1 }
                }
            }
        }
        var summaries: [GroupSummary] = []
        summaries.reserveCapacity(names.count * count)
        for group in names.indices.sorted(by: { names[$0] < names[$1] }) {
            for competency in 0..<count {
                let cell = group * count + competency
                summaries.append(
                    GroupSummary(
                        group: names[group], competency: competencies[competency].id, students: withEvidence[cell],
                        proficientCount: proficient[cell]))
            }
        }
        return summaries
    }
}
