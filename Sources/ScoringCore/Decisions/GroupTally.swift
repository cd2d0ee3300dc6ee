/// Students' roll-ups counted by group, a student at a time, for
/// `CompetencyRollup.summarize(_:shown:competency:)`: what suppression needs of a statewide roster
/// is how many students share each set of groups, not a row per student.
///
/// Students with the same groups in every breakdown share a *pattern*; per competency the tally
/// keeps, for each pattern, how many of its students have evidence and how many of those are
/// proficient, and the order in which patterns first had a student with evidence (the order
/// `ComplementarySuppression` numbers them in, so the result does not depend on how the
/// students were batched, only on their order).
public struct GroupTally: Sendable {
    /// How many breakdowns (school, grade, program groups…) each student is given groups of.
    public let breakdowns: Int
    /// Per breakdown, each group's cell key, in order of first appearance; cell 0 is all students.
    private var cellOfGroup: [[String: Int]]
    /// Per cell key past 0, its breakdown and group.
    private var groupOfCell: [(breakdown: Int, name: String)] = [(-1, "")]
    /// Each distinct pattern's cell keys, ascending, and its number.
    private var patternNumber: [[Int]: Int] = [:]
    private var patterns: [[Int]] = []
    /// Per competency and pattern number: students with evidence, and of them proficient.
    private var withEvidence: [[Int]] = []
    private var proficient: [[Int]] = []
    /// Per competency, pattern numbers in the order they first had a student with evidence.
    private var firstSeen: [[Int]] = []
    /// Per breakdown, students with evidence for some competency but in none of its groups.
    private var ungrouped: [Int]
    private var cells: [Int] = []

    public init(breakdowns: Int) {
        self.breakdowns = max(breakdowns, 0)
        cellOfGroup = Array(repeating: [:], count: self.breakdowns)
        ungrouped = Array(repeating: 0, count: self.breakdowns)
    }

    /// Counts one student's roll-up.
    ///
    /// - Parameters:
    ///   - student: the roll-up, from `CompetencyRollup.rollUp(student:evidence:)`.
    ///   - groups: per breakdown, the student's groups; a group named twice counts once, and a
    ///     breakdown missing past the end of `groups` is one the student has no group in.
    /// - Complexity: O(g + c) for g groups and c competencies, amortized.
    public mutating func add(_ student: StudentProficiency, groups: [[String]]) {
        cells.removeAll(keepingCapacity: true)
        cells.append(0)
        for breakdown in 0..<breakdowns {
            let names = breakdown < groups.count ? groups[breakdown] : []
            if names.isEmpty, student.hasEvidence { ungrouped[breakdown] += 1 }
            for name in names {
                let cell: Int
                if let known = cellOfGroup[breakdown][name] {
                    cell = known
                } else {
                    cell = groupOfCell.count
                    cellOfGroup[breakdown][name] = cell
                    groupOfCell.append((breakdown, name))
                }
                cells.append(cell)
            }
        }
        cells.sort()
        var unique = 1
        for index in cells.indices.dropFirst() where cells[index] != cells[unique - 1] {
            cells[unique] = cells[index]
            unique += 1
        }
        cells.removeLast(cells.count - unique)
        let pattern: Int
        if let known = patternNumber[cells] {
            pattern = known
        } else {
            pattern = patterns.count
            patternNumber[cells] = pattern
            patterns.append(cells)
        }
        for (competency, result) in student.results.enumerated() where result.hasEvidence {
            while withEvidence.count <= competency {
                withEvidence.append([])
                proficient.append([])
                firstSeen.append([])
            }
            if withEvidence[competency].count <= pattern {
                withEvidence[competency] += Array(repeating: 0, count: patterns.count - withEvidence[competency].count)
                proficient[competency] += Array(repeating: 0, count: patterns.count - proficient[competency].count)
            }
            if withEvidence[competency][pattern] == 0 { firstSeen[competency].append(pattern) }
            withEvidence[competency][pattern] += 1
            if result.proficient { proficient[competency][pattern] += 1 }
        }
    }

    /// Students with evidence for some competency but in none of `breakdown`'s groups: counted
    /// in the all-students cells only.
    public func studentsWithoutGroup(in breakdown: Int) -> Int {
        breakdown < ungrouped.count ? ungrouped[breakdown] : 0
    }

    /// Each breakdown's groups in order of name, and each cell key's cell in that numbering:
    /// 0 for all students, then each breakdown's groups, breakdown after breakdown.
    func numbering() -> (names: [[String]], cellOfKey: [Int], firstCell: [Int]) {
        let names = cellOfGroup.map { $0.keys.sorted() }
        let firstCell = names.reduce(into: [1]) { $0.append($0.last! + $1.count) }
        var cellOfKey = [Int](repeating: 0, count: groupOfCell.count)
        for (breakdown, groups) in names.enumerated() {
            for (rank, name) in groups.enumerated() { cellOfKey[cellOfGroup[breakdown][name]!] = firstCell[breakdown] + rank }
        }
        return (names, cellOfKey, firstCell)
    }

    /// Per pattern in the order it first had a student with evidence for `competency`: its cell
    /// keys and those students, and how many of them are proficient.
    func patterns(of competency: Int) -> [(keys: [Int], students: Int, proficient: Int)] {
        guard competency < firstSeen.count else { return [] }
        return firstSeen[competency].map { (patterns[$0], withEvidence[competency][$0], proficient[competency][$0]) }
    }
}
