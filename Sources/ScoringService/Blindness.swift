import ScoringCore
import ScoringStore

/// What a rater's shell may not see, in one place (SPEC 10 and 11); on a server the same rule
/// is a row-level security policy.
struct Blindness {
    /// The rater the shell acts as.
    var rater: String
    /// Anchors of open calibration sessions: only the rater's own reads of them show, never a
    /// master (SPEC 10; for anyone but a lead).
    var openAnchors: Set<AnchorKey>
    /// SPEC 11's independence applies (role `rater`).
    var independent = false
    /// Submission components that are decided: others' operational reads of them show.
    var decided: Set<AnchorKey> = []
    /// Stored anchors in no calibration session, which `next` may serve as validity papers:
    /// their master reads never show.
    var validityPapers: Set<AnchorKey> = []

    init(rater: String, openAnchors: Set<AnchorKey>) {
        self.rater = rater
        self.openAnchors = openAnchors
    }

    /// Notes which submission components of `task` in `table`, its reads of
    /// `ScoringService.decisionKinds`, are decided.
    mutating func noteDecided(in table: TaskReads, of task: AssessmentTask, bank: Bank) {
        var rubrics: [String: Rubric] = [:]
        for part in task.components { rubrics[part.id] = bank.rubrics[part.rubric] }
        for run in table.submissions {
            let component = table.components[Int(table.component[run.lowerBound])]
            guard let rubric = rubrics[component] else { continue }
            let resolution = ComponentResolution.resolve(run.map { ScoringService.componentRead(table, $0) }, rubric: rubric)
            if resolution.status == .decided {
                decided.insert(AnchorKey(task: task.id, component: component, student: table.students[Int(table.student[run.lowerBound])]))
            }
        }
    }

    /// Whether a read of `key` by `rater` of `kind` is hidden.
    func hides(_ key: AnchorKey, rater: String, kind: ReadKind) -> Bool {
        if openAnchors.contains(key), rater != self.rater || kind == .master { return true }
        guard independent else { return false }
        switch kind {
        case .master: return validityPapers.contains(key)
        case .validity: return rater != self.rater
        case .read, .backread, .adjudication: return rater != self.rater && !decided.contains(key)
        case .calibration: return false
        }
    }
}
