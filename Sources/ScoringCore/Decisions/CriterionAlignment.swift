/// Which competency each criterion of a rubric is evidence for, as competency indices of a
/// `CompetencyRollup`. Compute it once per rubric version and reuse it for every student.
public struct CriterionAlignment: Sendable, Equatable {
    /// The rubric's criterion ids, in rubric order.
    public var criteria: [String]
    /// Parallel to `criteria`: the competency index, nil for a criterion aligned to nothing or
    /// to a competency the framework does not have.
    public var competencies: [Int?]

    /// Aligns `rubric`'s criteria with `rollup`'s competencies.
    ///
    /// - Returns: an alignment with every entry nil when no criterion names a framework
    ///   competency, and empty lists for a rubric without criteria.
    public init(rubric: Rubric, rollup: CompetencyRollup) {
        criteria = rubric.criteria.map(\.id)
        competencies = rubric.criteria.map { criterion in criterion.competency.flatMap(rollup.index(of:)) }
    }

    /// Whether no criterion is aligned to a framework competency.
    public var isEmpty: Bool { competencies.allSatisfy { $0 == nil } }

    /// The competency index of `criterion`; nil when it is not aligned or not in the rubric.
    public func competency(of criterion: String) -> Int? {
        criteria.firstIndex(of: criterion).flatMap { competencies[$0] }
    }
}
