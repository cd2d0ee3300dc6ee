/// One observation for many-facet Rasch measurement (SPEC section 13): the category a rater gave
/// a student on a criterion.
///
/// Ids are the caller's (`s001`, `rater-7`, `organisation`); only their equality matters, and
/// they name the elements in the results and in the errors.
public struct RaschObservation: Sendable, Hashable {
    public var student: String
    public var rater: String
    public var criterion: String
    /// The score's rank in the rubric's scale, 0 for the lowest level up to m for the highest.
    public var category: Int

    public init(student: String, rater: String, criterion: String, category: Int) {
        self.student = student
        self.rater = rater
        self.criterion = criterion
        self.category = category
    }
}

/// The three facets of the model, in the order the observations name them.
public enum RaschFacetKind: String, Sendable, CaseIterable, Equatable {
    case students
    case raters
    case criteria
}
