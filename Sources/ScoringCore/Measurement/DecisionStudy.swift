/// One D-study projection (SPEC 13, `dstudy`): the dependability of a score averaged over
/// `raters` raters and `tasks` tasks.
public struct DecisionPoint: Sendable, Equatable {
    public var raters: Int
    public var tasks: Int
    /// Erho² = σ²(p) / (σ²(p) + σ²(δ)); nil when the denominator is 0.
    public var g: Double?
    /// Phi = σ²(p) / (σ²(p) + σ²(Δ)); nil when the denominator is 0.
    public var phi: Double?
    /// Phi(λ) at the cut; nil without a cut or when its denominator is not positive.
    public var phiLambda: Double?

    public init(raters: Int, tasks: Int, g: Double?, phi: Double?, phiLambda: Double?) {
        self.raters = raters
        self.tasks = tasks
        self.g = g
        self.phi = phi
        self.phiLambda = phiLambda
    }
}

/// D-study projections from a G study (Brennan 2001, chapter 4, and section 2.5.2 for Phi(λ)).
public enum DecisionStudy {
    /// Erho², Phi and Phi(λ) for every combination of `raters` and `tasks`, raters varying
    /// slowest, in the orders given.
    ///
    /// - Parameters:
    ///   - study: the G study whose components are projected (negative ones as 0).
    ///   - raters: numbers of raters (per task or response where raters are nested).
    ///   - tasks: numbers of tasks; `[1]` for a single-task design.
    ///   - cut: λ on the score's scale, or nil for no Phi(λ).
    /// - Throws: `GeneralizabilityError.sampleSizeBelowOne` for a number under 1, and
    ///   `.taskCountsNeedTasksDesign` for a task number other than 1 with a single-task design.
    /// - Complexity: O(raters × tasks × components).
    public static func project(_ study: GeneralizabilityStudy, raters: [Int], tasks: [Int] = [1], cut: Double?)
        throws(GeneralizabilityError) -> [DecisionPoint] {
        guard (raters + tasks).allSatisfy({ $0 >= 1 }) else { throw .sampleSizeBelowOne }
        guard study.design.hasTasks || tasks.allSatisfy({ $0 == 1 }) else { throw .taskCountsNeedTasksDesign }
        var points: [DecisionPoint] = []
        for r in raters {
            for t in tasks {
                let (g, phi) = GeneralizabilityStudy.coefficients(study.components, design: study.design,
                                                                  raters: Double(r), tasks: Double(t))
                points.append(DecisionPoint(raters: r, tasks: t, g: g, phi: phi,
                                            phiLambda: cut.flatMap { phiLambda(study, raters: r, tasks: t, cut: $0) }))
            }
        }
        return points
    }

    /// Phi(λ) = (σ²(p) + (μ - λ)²) / (σ²(p) + (μ - λ)² + σ²(Δ)), with (μ - λ)² estimated
    /// without bias as (X̄ - λ)² - σ²(X̄) (Brennan 2001, section 2.5.2).
    /// - Returns: nil when the denominator is not positive. The estimate of (μ - λ)² can be
    ///   negative near the mean, and is used as it is.
    public static func phiLambda(_ study: GeneralizabilityStudy, raters: Int, tasks: Int, cut: Double) -> Double? {
        let person = study.variance(.p)
        let distance = (study.mean - cut) * (study.mean - cut) - varianceOfMean(study)
        let absolute = study.absoluteError(raters: Double(raters), tasks: Double(tasks))
        let denominator = person + distance + absolute
        guard denominator > 0 else { return nil }
        return finiteOrNil((person + distance) / denominator)
    }

    /// σ²(X̄), the sampling variance of the grand mean: Σ over the components a of
    /// σ²(a) / π(a), π(a) the product of the OBSERVED numbers of persons, raters and tasks
    /// that a names, negative components as 0 (SPEC 13).
    public static func varianceOfMean(_ study: GeneralizabilityStudy) -> Double {
        var total = 0.0
        for component in study.design.components {
            let divisor = (component.namesPersons ? Double(study.persons) : 1)
                * (component.namesRaters ? Double(study.raters) : 1)
                * (component.namesTasks ? Double(study.tasks) : 1)
            total += study.variance(component) / divisor
        }
        return total
    }
}
