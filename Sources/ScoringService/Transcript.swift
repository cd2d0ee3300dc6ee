import ScoringCore
import ScoringStore

/// One student's competencies, evidence and graduation readiness.
public struct Transcript: Sendable {
    public struct Entry: Sendable {
        public var date: Timestamp
        public var task: String
        public var component: String
        public var criterion: String
        public var score: Double
    }

    public struct Line: Sendable {
        public var competency: Competency
        public var rule: RollupRule
        public var result: RollupResult
        public var evidence: [Entry]

        public var status: String {
            if !result.hasEvidence { return "no evidence" }
            return result.proficient ? "proficient" : "not yet proficient"
        }
    }

    public var student: Student
    public var framework: String
    public var competencies: [Line]
    public var readiness: GraduationReadiness

    public init(student: Student, framework: String, competencies: [Line], readiness: GraduationReadiness) {
        self.student = student
        self.framework = framework
        self.competencies = competencies
        self.readiness = readiness
    }
}

extension ScoringService {
    /// A student's proficiency transcript: every competency with its status, value and the
    /// dated evidence behind it, and graduation readiness.
    public func transcript(for student: Student) throws -> Transcript {
        if let mask = try eventMask(), mask.eventWork.contains(where: { $0[1] == student.id }) {
            throw ServiceError("\(student.id) has scoring-event work: a rater's shell does not show whose work it is")
        }
        let rollup = try competencyRollup()
        var entries = Array(repeating: [Transcript.Entry](), count: rollup.competencies.count)
        var builder = EvidenceBuilder(competencies: rollup.competencies.count)
        for task in bank.tasks.values.sorted(by: { $0.id < $1.id }) {
            let alignments = Self.alignments(of: task, rollup: rollup, bank: bank)
            for decision in try decide(task: task, only: student.id, listUnread: false) {
                for component in task.components {
                    guard let alignment = alignments[component.id],
                        let resolution = decision.component(component.id)?.resolution, resolution.status == .decided,
                        let finals = resolution.finals, let date = resolution.firstScoredAt
                    else { continue }
                    for (criterion, final) in zip(resolution.criteria, finals) {
                        guard let index = alignment.competency(of: criterion) else { continue }
                        entries[index].append(Transcript.Entry(date: date, task: task.id, component: component.id, criterion: criterion, score: final))
                    }
                }
                builder.add(decision, alignments: alignments)
            }
        }
        let proficiency = rollup.rollUp(student: student.id, evidence: builder.finish())
        let lines = rollup.competencies.indices.map { index in
            // Oldest first, ties by task then component, as the roll-up orders its evidence.
            let ordered = entries[index].enumerated().sorted { left, right in
                (left.element.date, left.element.task, left.element.component, left.offset)
                    < (right.element.date, right.element.task, right.element.component, right.offset)
            }.map(\.element)
            return Transcript.Line(
                competency: rollup.competencies[index], rule: rollup.rules[index], result: proficiency.results[index], evidence: ordered)
        }
        return Transcript(
            student: student, framework: bank.framework?.name ?? "Competencies", competencies: lines,
            readiness: rollup.readiness(of: proficiency))
    }
}
