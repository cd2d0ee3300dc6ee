/// One student's roll-up in every competency of a framework.
public struct StudentProficiency: Sendable, Equatable {
    public var student: String
    /// One result per competency, indexed like `CompetencyRollup.competencies`.
    public var results: [RollupResult]

    /// Results as given, unchecked; `CompetencyRollup.rollUp(student:evidence:)` is the way to
    /// compute them.
    public init(student: String, results: [RollupResult]) {
        self.student = student
        self.results = results
    }

    /// Whether the student has evidence for any competency; false with no results.
    public var hasEvidence: Bool { results.contains { $0.hasEvidence } }
}
