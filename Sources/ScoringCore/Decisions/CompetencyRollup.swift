/// A competency framework prepared for rolling up many students: competencies in framework
/// order, addressed by index so that per-student work needs no dictionaries of strings.
public struct CompetencyRollup: Sendable {
    /// The framework's competencies, in framework order; indices everywhere refer to this.
    public let competencies: [Competency]
    /// Each competency's resolved rule (`CompetencyFramework.rule(for:)`), parallel to `competencies`.
    public let rules: [RollupRule]
    private let indices: [String: Int]

    /// Resolves every competency's rule once.
    ///
    /// - Returns: a roll-up with no competencies for a framework without any; a competency id
    ///   listed twice keeps its first index.
    public init(framework: CompetencyFramework) {
        competencies = framework.competencies
        rules = framework.competencies.map(framework.rule(for:))
        indices = Dictionary(framework.competencies.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The index of competency `id`; nil when the framework has no such competency.
    public func index(of id: String) -> Int? { indices[id] }

    /// The competency ids in framework order.
    public var ids: [String] { competencies.map(\.id) }

    /// Rolls up one student's evidence.
    ///
    /// - Parameter evidence: evidence per competency, indexed like `competencies` (as
    ///   `EvidenceBuilder.finish()` gives it); missing trailing entries count as no evidence and
    ///   extra ones are ignored.
    /// - Returns: one result per competency, with evidence 0, value nil and not proficient
    ///   where there is no evidence.
    /// - Complexity: O(n) in the student's evidence values, when ordered.
    public func rollUp(student: String, evidence: [[Evidence]]) -> StudentProficiency {
        var results: [RollupResult] = []
        results.reserveCapacity(rules.count)
        for (index, rule) in rules.enumerated() {
            results.append(rule.rollUp(index < evidence.count ? evidence[index] : []))
        }
        return StudentProficiency(student: student, results: results)
    }

    /// Whether a student is graduation-ready: proficient in every `required` competency.
    ///
    /// - Returns: ready, with nothing missing, when no competency is required; a required
    ///   competency with no result at all (a `proficiency` from another framework) is missing.
    public func readiness(of proficiency: StudentProficiency) -> GraduationReadiness {
        var missing: [String] = []
        var notProficient: [String] = []
        for (index, competency) in competencies.enumerated() where competency.required {
            guard index < proficiency.results.count, proficiency.results[index].hasEvidence else {
                missing.append(competency.id)
                continue
            }
            if !proficiency.results[index].proficient { notProficient.append(competency.id) }
        }
        return GraduationReadiness(student: proficiency.student, missing: missing, notProficient: notProficient)
    }
}
