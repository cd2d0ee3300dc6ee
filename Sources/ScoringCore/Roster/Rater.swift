/// An educator who scores work.
public struct Rater: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable {
        /// Gives reads.
        case rater
        /// Runs calibration, sees everything, may adjudicate.
        case lead
        /// May give adjudication reads.
        case adjudicator
    }

    public var id: String
    public var name: String?
    public var role: Role
    /// The school the rater teaches at: in a scoring event they never read its students' work.
    public var school: String?

    public init(id: String, name: String? = nil, role: Role = .rater, school: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.school = school
    }
}

/// A student whose work is scored.
public struct Student: Sendable, Equatable {
    public var id: String
    public var grade: String?
    public var school: String?
    /// Reporting groups such as `ell`, `iep`, `frl`, sorted.
    public var groups: [String]

    public init(id: String, grade: String? = nil, school: String? = nil, groups: [String] = []) {
        self.id = id
        self.grade = grade
        self.school = school
        self.groups = groups.sorted()
    }
}
