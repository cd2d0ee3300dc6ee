import ScoringCore

/// Proficiency by group beside the rate of all students (SPEC 14's `report equity`): the rows of
/// `proficiency --by` and, per competency, the row of every student with evidence, with the
/// small cells withheld and, because a reader could now subtract, the cells that would give a
/// withheld one away withheld too (SPEC 15's complementary suppression).
public struct EquitySummary: Sendable {
    public struct Row: Sendable {
        /// nil: all students with evidence for the competency.
        public var group: String?
        public var competency: String
        public var students: Int
        /// nil when withheld.
        public var proficient: Int?
        public var rate: Double?
        public var suppression: CellSuppression
        /// This group's row in `proficiency --by`'s result; nil for all students.
        public var summaryIndex: Int?
    }

    public var attribute: GroupingAttribute
    /// Per competency in framework order (those with evidence): all students, then each group
    /// as `proficiency --by` lists them.
    public var rows: [Row]
    /// Students with evidence but without the attribute: in the all-students rows only.
    public var studentsWithoutGroup: Int
}

extension ScoringService {
    /// Proficiency by `attribute` with the all-students row per competency, suppressed together
    /// so that no withheld count can be worked out from the counts shown; as this service may
    /// see it (a rater's shell leaves out scoring-event students, as `proficiency` does).
    public func equity(by attribute: GroupingAttribute) throws -> EquitySummary {
        let rollup = try competencyRollup()
        let students = try proficiency(rollup: rollup, only: nil)
        let (summaries, groups) = try groupSummaries(students, by: attribute, rollup: rollup, competency: nil)
        var rows: [EquitySummary.Row] = []
        for (competency, rule) in rollup.competencies.enumerated() {
            let cells = summaries.indices.filter { summaries[$0].competency == rule.id }
            let withEvidence = students.indices.filter { students[$0].results.indices.contains(competency) && students[$0].results[competency].hasEvidence }
            guard !withEvidence.isEmpty else { continue }
            // Cell 0 is all students; cell k is the k-th group row of this competency.
            let cellOfGroup = Dictionary(uniqueKeysWithValues: cells.enumerated().map { (summaries[$0.element].group, $0.offset + 1) })
            let memberships = withEvidence.map { student in [0] + groups[student].compactMap { cellOfGroup[$0] } }
            let decided = ComplementarySuppression.suppress(cellCount: cells.count + 1, memberships: memberships)
            let proficient = withEvidence.filter { students[$0].results[competency].proficient }.count
            let shown = decided[0] == .shown
            rows.append(EquitySummary.Row(
                group: nil, competency: rule.id, students: withEvidence.count, proficient: shown ? proficient : nil,
                rate: shown ? Double(proficient) / Double(withEvidence.count) : nil, suppression: decided[0], summaryIndex: nil))
            for (offset, index) in cells.enumerated() {
                let summary = summaries[index]
                let show = decided[offset + 1] == .shown
                rows.append(EquitySummary.Row(
                    group: summary.group, competency: summary.competency, students: summary.students,
                    proficient: show ? summary.proficient : nil, rate: show ? summary.rate : nil, suppression: decided[offset + 1],
                    summaryIndex: index))
            }
        }
        let without = zip(students, groups).filter { $0.1.isEmpty && $0.0.hasEvidence }.count
        return EquitySummary(attribute: attribute, rows: rows, studentsWithoutGroup: without)
    }
}
