/// The designs SPEC 13's `gstudy` analyses, named in Brennan's notation (p persons, t tasks,
/// r raters; "x" crossed, ":" nested within).
public enum GeneralizabilityDesign: String, Sendable, Equatable, CaseIterable {
    /// The same raters read every person's one response.
    case personsByRaters = "p x r"
    /// Each person's response has its own raters.
    case ratersWithinPersons = "r:p"
    /// The same raters read every response to every task.
    case personsByTasksByRaters = "p x t x r"
    /// Each task has its own raters, who read every person's response to it.
    case ratersWithinTasks = "p x (r:t)"
    /// Each response has its own raters.
    case ratersWithinResponses = "r:(p x t)"

    /// The design's variance components, the last always confounded with error.
    public var components: [VarianceComponent] {
        switch self {
        case .personsByRaters: [.p, .r, .pr]
        case .ratersWithinPersons: [.p, .rWithinP]
        case .personsByTasksByRaters: [.p, .t, .r, .pt, .pr, .tr, .ptr]
        case .ratersWithinTasks: [.p, .t, .rWithinT, .pt, .prWithinT]
        case .ratersWithinResponses: [.p, .t, .pt, .rWithinPT]
        }
    }

    /// Whether the design has a task facet (`--tasks`), rather than one task (`--task`).
    public var hasTasks: Bool {
        switch self {
        case .personsByRaters, .ratersWithinPersons: false
        case .personsByTasksByRaters, .ratersWithinTasks, .ratersWithinResponses: true
        }
    }
}

/// A variance component, named as SPEC 13's JSON names it.
public enum VarianceComponent: String, Sendable, Equatable, CaseIterable {
    case p, r, t, pr, pt, tr, ptr
    case rWithinT = "r:t"
    case prWithinT = "pr:t"
    case rWithinP = "r:p"
    case rWithinPT = "r:pt"

    /// Whether the component's notation names persons (every index, nesting ones included).
    public var namesPersons: Bool {
        switch self {
        case .p, .pr, .pt, .ptr, .prWithinT, .rWithinP, .rWithinPT: true
        case .r, .t, .tr, .rWithinT: false
        }
    }

    /// Whether the component names raters.
    public var namesRaters: Bool {
        switch self {
        case .r, .pr, .tr, .ptr, .rWithinT, .prWithinT, .rWithinP, .rWithinPT: true
        case .p, .t, .pt: false
        }
    }

    /// Whether the component names tasks.
    public var namesTasks: Bool {
        switch self {
        case .t, .pt, .tr, .ptr, .rWithinT, .prWithinT, .rWithinPT: true
        case .p, .r, .pr, .rWithinP: false
        }
    }
}
