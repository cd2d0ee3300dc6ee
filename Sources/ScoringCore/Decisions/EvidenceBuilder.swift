/// Collects one student's competency evidence from their decided components (SPEC section 9).
///
/// Use one builder per student, or reuse it: `finish()` hands the evidence over and empties it.
public struct EvidenceBuilder: Sendable {
    private var evidence: [[Evidence]]

    /// - Parameter competencies: how many competencies the roll-up has
    ///   (`CompetencyRollup.competencies.count`).
    public init(competencies: Int) {
        evidence = Array(repeating: [], count: max(competencies, 0))
    }

    /// Adds the evidence one submission component gives: for every criterion aligned to a
    /// framework competency, its final score, dated by the component's first read. A criterion
    /// aligned to a competency the framework lacks gives none; two criteria aligned to the same
    /// competency give two values, in rubric order.
    ///
    /// - Parameters:
    ///   - resolution: the component's resolution; one that is not decided, or was decided by a
    ///     condition code (no final scores: the work could not be scored, which says nothing
    ///     about the competency), gives no evidence; nor does one without `firstScoredAt`
    ///     (only a hand-made resolution lacks it).
    ///   - alignment: the alignment of the rubric the component was resolved under; criteria
    ///     are matched by id when it lists them differently from `resolution`.
    public mutating func add(
        task: String, component: String, resolution: ComponentResolution, alignment: CriterionAlignment
    ) {
        guard resolution.status == .decided, let finals = resolution.finals, let date = resolution.firstScoredAt else {
            return
        }
        let sameOrder = alignment.criteria == resolution.criteria
        for (index, final) in finals.enumerated() {
            let competency: Int?
            if index >= resolution.criteria.count {
                competency = nil
            } else if sameOrder {
                competency = alignment.competencies[index]
            } else {
                competency = alignment.competency(of: resolution.criteria[index])
            }
            guard let competency, competency < evidence.count else { continue }
            evidence[competency].append(Evidence(value: final, date: date, task: task, component: component))
        }
    }

    /// `add(task:component:resolution:alignment:)` with the alignment computed from `rubric`.
    public mutating func add(
        task: String, component: String, resolution: ComponentResolution, rubric: Rubric, rollup: CompetencyRollup
    ) {
        add(task: task, component: component, resolution: resolution, alignment: CriterionAlignment(rubric: rubric, rollup: rollup))
    }

    /// Adds the evidence of every component of a task decision.
    ///
    /// - Parameter alignments: alignments by component id; a component without one gives none.
    public mutating func add(_ decision: TaskDecision, alignments: [String: CriterionAlignment]) {
        for component in decision.components {
            guard let alignment = alignments[component.component] else { continue }
            add(task: decision.task, component: component.component, resolution: component.resolution, alignment: alignment)
        }
    }

    /// The evidence collected so far, per competency index, each oldest first (ties by task
    /// id, then component id, then rubric order), and empties the builder.
    ///
    /// - Returns: one (possibly empty) array per competency.
    /// - Complexity: O(n log n) in the evidence collected; O(n) when added in order.
    public mutating func finish() -> [[Evidence]] {
        var collected = Array(repeating: [Evidence](), count: evidence.count)
        swap(&collected, &evidence)
        for index in collected.indices where !Evidence.isOrdered(collected[index]) {
            collected[index].sort(by: Evidence.precedes)
        }
        return collected
    }
}
