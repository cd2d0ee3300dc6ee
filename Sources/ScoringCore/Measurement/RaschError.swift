/// Why a many-facet Rasch analysis estimated nothing (SPEC section 13); the description is a
/// sentence a command can print as it is.
public enum RaschError: Error, Sendable, Equatable, CustomStringConvertible {
    /// There were no observations.
    case noObservations
    /// The rubric's scale has fewer than two levels, so no observation carries information.
    case scaleHasOneLevel
    /// An observation's category is outside 0...m.
    case categoryOutOfRange(category: Int, maximum: Int)
    /// Every element left as extreme, taking every observation with it.
    case everyObservationExtreme
    /// Once the extremes are out, these levels of the scale (rubric scores, ascending) have no
    /// observations, so their thresholds are unbounded.
    case unusedLevels([Int])
    /// Once the extremes are out, the observations fall into separate subsets whose measures
    /// cannot be compared; one entry per facet that splits.
    case disconnected([RaschSubsets])
    /// The estimates still moved after this many iterations: the likelihood has no finite
    /// maximum, as when scores order students and raters perfectly (a Guttman pattern).
    case didNotConverge(iterations: Int)

    public var description: String {
        switch self {
        case .noObservations:
            return "no observations to analyse"
        case .scaleHasOneLevel:
            return "the scale has a single level"
        case let .categoryOutOfRange(category, maximum):
            return "category \(category) is outside the scale's 0...\(maximum)"
        case .everyObservationExtreme:
            return "every element has an extreme score; nothing is left to estimate"
        case let .unusedLevels(levels):
            let list = levels.map(String.init).joined(separator: ", ")
            return levels.count == 1
                ? "level \(list) of the scale has no observations once extreme elements are out"
                : "levels \(list) of the scale have no observations once extreme elements are out"
        case let .disconnected(subsets):
            let parts = subsets.map { subset in
                let groups = subset.groups.map { "{" + $0.joined(separator: ", ") + "}" }
                return "\(subset.facet.rawValue) fall into \(subset.groups.count) subsets \(groups.joined(separator: " "))"
            }
            return "the observations do not connect every element: " + parts.joined(separator: "; ")
        case let .didNotConverge(iterations):
            return "the estimates did not converge in \(iterations) iterations (the data may order the elements perfectly)"
        }
    }
}

/// The subsets one facet falls into when the observations do not connect it: the differences
/// between elements of one group are estimable, those between groups are not.
public struct RaschSubsets: Sendable, Equatable {
    public var facet: RaschFacetKind
    /// Each group's element ids in the order the observations first name them; groups ordered
    /// by their first element.
    public var groups: [[String]]

    public init(facet: RaschFacetKind, groups: [[String]]) {
        self.facet = facet
        self.groups = groups
    }
}
