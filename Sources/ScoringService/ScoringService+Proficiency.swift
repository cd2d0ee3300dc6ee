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
        var all: [StudentProficiency] = []
        try proficiency(rollup: rollup, only: student) { _, students in all += students }
        return all
    }

    /// The same roll-ups handed to `chunk` a range of students at a time, in order of id, with
    /// the range they are from: each range's current reads of every task are read, decided and
    /// rolled up before the next range is read, so a statewide roster's evidence is never all
    /// held at once. The ranges are `studentsPerChunk` roster students each; with `only`, one.
    func proficiency(
        rollup: CompetencyRollup, only student: String?, chunk: (StudentRange, [StudentProficiency]) throws -> Void
    ) throws {
        let mask = try eventMask()
        if let mask, let student, mask.eventWork.contains(where: { $0[1] == student }) {
            throw ServiceError("\(student) has scoring-event work: a rater's shell does not show whose work it is")
        }
        // A rater's shell never names whose event work it is.
        let eventStudents = Set(mask?.eventWork.map { $0[1] } ?? [])
        let tasks = try bank.tasks.values.sorted(by: { $0.id < $1.id }).map { task in
            (task: task, rubrics: try rubrics(of: task), alignments: Self.alignments(of: task, rollup: rollup, bank: bank))
        }
        let blindness = try blindnessBeforeDecisions(tasks: Set(tasks.map(\.task.id)))
        let ranges = student == nil ? StudentRange.cut(at: try store.studentBounds(every: max(1, studentsPerChunk))) : [.all]
        let count = rollup.competencies.count
        for range in ranges {
            // Each task's decisions of the range are folded into their students' evidence as
            // they are made; tasks in order of id, as the evidence's ties are broken.
            var evidenceOf: [String: EvidenceBuilder] = [:]
            for (task, rubrics, alignments) in tasks {
                let table = try decisionReads(task: task, student: student, range: range, blindness: blindness)
                _ = try decide(table, task: task, rubrics: rubrics, only: student) { decisions in
                    for decision in decisions {
                        evidenceOf[decision.student, default: EvidenceBuilder(competencies: count)].add(decision, alignments: alignments)
                    }
                }
            }
            if let student, evidenceOf[student] == nil { evidenceOf[student] = EvidenceBuilder(competencies: count) }
            let students = evidenceOf.keys.filter { !eventStudents.contains($0) }.sorted().map { student in
                var builder = evidenceOf[student]!
                evidenceOf[student] = nil
                return rollup.rollUp(student: student, evidence: builder.finish())
            }
            try chunk(range, students)
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
