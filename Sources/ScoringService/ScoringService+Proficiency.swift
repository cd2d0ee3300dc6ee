import ScoringCore
import ScoringStore

/// What `proficiency --by` groups students by.
public enum GroupingAttribute: String, CaseIterable, Sendable {
    case school
    case grade
    case group
}

extension ScoringService {
    /// The competency framework as roll-up rules.
    public func competencyRollup() throws -> CompetencyRollup {
        guard let framework = bank.framework else {
            throw ServiceError("there is no competency framework: TaskBank/competencies.yaml is missing or was rejected (see 'check')")
        }
        return CompetencyRollup(framework: framework)
    }

    /// Every student with a current read (or just `only`), with their roll-ups, by student id.
    public func proficiency(rollup: CompetencyRollup, only student: String?) throws -> [StudentProficiency] {
        if let mask = try eventMask(), let student, mask.eventWork.contains(where: { $0[1] == student }) {
            throw ServiceError("\(student) has scoring-event work: a rater's shell does not show whose work it is")
        }
        // Each task's decisions are folded into their students' evidence as they are made, a
        // chunk at a time: a statewide bank's decisions are never all held at once.
        let count = rollup.competencies.count
        var evidenceOf: [String: EvidenceBuilder] = [:]
        for task in bank.tasks.values.sorted(by: { $0.id < $1.id }) {
            let alignments = Self.alignments(of: task, rollup: rollup, bank: bank)
            try decide(task: task, only: student, listUnread: false) { decisions in
                for decision in decisions {
                    evidenceOf[decision.student, default: EvidenceBuilder(competencies: count)].add(decision, alignments: alignments)
                }
            }
        }
        if let student, evidenceOf[student] == nil { evidenceOf[student] = EvidenceBuilder(competencies: count) }
        // A rater's shell never names whose event work it is.
        if let mask = try eventMask() {
            for student in Set(mask.eventWork.map { $0[1] }) { evidenceOf[student] = nil }
        }
        return evidenceOf.keys.sorted().map { student in
            var builder = evidenceOf[student]!
            evidenceOf[student] = nil
            return rollup.rollUp(student: student, evidence: builder.finish())
        }
    }

    /// Which competency each criterion of each component of `task` is evidence for.
    public static func alignments(of task: AssessmentTask, rollup: CompetencyRollup, bank: Bank) -> [String: CriterionAlignment] {
        var byComponent: [String: CriterionAlignment] = [:]
        for component in task.components {
            guard let rubric = bank.rubrics[component.rubric] else { continue }
            byComponent[component.id] = CriterionAlignment(rubric: rubric, rollup: rollup)
        }
        return byComponent
    }
}
