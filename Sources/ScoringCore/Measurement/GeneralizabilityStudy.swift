/// A G study (SPEC 13, `gstudy`): the variance components of a balanced design and its
/// dependability for the numbers of raters and tasks observed.
public struct GeneralizabilityStudy: Sendable, Equatable {
    public var design: GeneralizabilityDesign
    /// Persons in the balanced design.
    public var persons: Int
    /// Raters: in all (crossed designs), or per task, person or response (nested designs).
    public var raters: Int
    /// Tasks; 1 for a single-task design.
    public var tasks: Int
    /// The grand mean of the scores analysed.
    public var mean: Double
    /// Every component of the design, as estimated: negative estimates stay negative here and
    /// count as 0 in every coefficient.
    public var components: [VarianceComponent: Double]
    /// Erho² for the observed numbers of raters and tasks; nil when there is no variance.
    public var g: Double?
    /// Phi for the observed numbers of raters and tasks; nil when there is no variance.
    public var phi: Double?

    /// Estimates the components of `design` from `scores` (see `VarianceComponents`).
    /// - Throws: `GeneralizabilityError` when the design lacks the persons, raters or tasks
    ///   its mean squares need.
    /// - Complexity: O(persons × tasks × raters).
    public init(_ scores: BalancedScores, design: GeneralizabilityDesign) throws(GeneralizabilityError) {
        self.design = design
        persons = scores.persons
        raters = scores.raters
        tasks = scores.tasks
        mean = scores.values.reduce(0, +) / Double(scores.values.count)
        components = try VarianceComponents.estimate(scores, design: design)
        let observed = Self.coefficients(components, design: design, raters: Double(raters), tasks: Double(tasks))
        g = observed.g
        phi = observed.phi
    }

    /// A component for coefficients: its estimate, or 0 when negative or absent.
    public func variance(_ component: VarianceComponent) -> Double {
        max(0, components[component] ?? 0)
    }

    /// Relative error variance σ²(δ) for `raters` raters and `tasks` tasks (Brennan 2001,
    /// chapter 4): each component that crosses persons with raters or tasks, over the product
    /// of the D-study numbers of the raters and tasks it names.
    public func relativeError(raters: Double, tasks: Double) -> Double {
        Self.error(components, design: design, raters: raters, tasks: tasks, absolute: false)
    }

    /// Absolute error variance σ²(Δ): every component but persons', over the product of the
    /// D-study numbers of the raters and tasks it names.
    public func absoluteError(raters: Double, tasks: Double) -> Double {
        Self.error(components, design: design, raters: raters, tasks: tasks, absolute: true)
    }

    static func error(_ components: [VarianceComponent: Double], design: GeneralizabilityDesign,
                      raters: Double, tasks: Double, absolute: Bool) -> Double {
        var total = 0.0
        for component in design.components where component != .p {
            guard absolute || component.namesPersons else { continue }
            let divisor = (component.namesRaters ? raters : 1) * (component.namesTasks ? tasks : 1)
            total += max(0, components[component] ?? 0) / divisor
        }
        return total
    }

    /// Erho² = σ²(p) / (σ²(p) + σ²(δ)) and Phi = σ²(p) / (σ²(p) + σ²(Δ)), negative components
    /// as 0; each nil when its denominator is 0.
    static func coefficients(_ components: [VarianceComponent: Double], design: GeneralizabilityDesign,
                             raters: Double, tasks: Double) -> (g: Double?, phi: Double?) {
        let person = max(0, components[.p] ?? 0)
        let relative = error(components, design: design, raters: raters, tasks: tasks, absolute: false)
        let absolute = error(components, design: design, raters: raters, tasks: tasks, absolute: true)
        return (person + relative > 0 ? person / (person + relative) : nil,
                person + absolute > 0 ? person / (person + absolute) : nil)
    }
}
