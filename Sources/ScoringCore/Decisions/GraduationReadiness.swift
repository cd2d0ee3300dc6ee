/// Whether a student is graduation-ready (SPEC section 9) and, if not, why.
public struct GraduationReadiness: Sendable, Equatable {
    public var student: String
    /// Required competencies with no evidence, in framework order.
    public var missing: [String]
    /// Required competencies with evidence that did not roll up proficient, in framework order.
    public var notProficient: [String]

    /// Ready exactly when both lists are empty.
    public init(student: String, missing: [String], notProficient: [String]) {
        self.student = student
        self.missing = missing
        self.notProficient = notProficient
    }

    /// Proficient in every required competency; true when none is required.
    public var ready: Bool { missing.isEmpty && notProficient.isEmpty }
}
