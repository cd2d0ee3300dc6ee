/// Why a decision came out as it did, in words a coordinator can act on: what a component still
/// lacks, or which rule kept a decided one from being proficient.
public enum DecisionReason {
    /// Why `resolution` is not (yet) proficient under `rubric`; nil when it is proficient.
    ///
    /// - Returns: for an `incomplete` component, how many reads it has of those it needs; for
    ///   one needing adjudication, the rule that sent it there; for a coded one, its code; for a
    ///   decided one below the cut, its score against `proficient_at`; otherwise the criteria
    ///   under the floor, lowest first.
    public static func component(_ resolution: ComponentResolution, rubric: Rubric) -> String? {
        switch resolution.status {
        case .incomplete:
            return "\(resolution.reads) of \(Format.count(rubric.resolution.reads, "read")) so far"
        case .needsAdjudication:
            return "reads differ by \(rubric.resolution.adjudicateAt) or more: an adjudication decides"
        case .decided:
            break
        }
        if resolution.proficient == true { return nil }
        if let code = resolution.code { return "condition code \(code.spelling)" }
        guard let score = resolution.score else { return nil }
        let cut = rubric.decision.proficientAt
        if score < cut - 1e-9 {
            return "score \(Format.score(score)) is below \(Format.number(cut)), the rubric's proficient_at"
        }
        guard let floor = rubric.decision.floor, let finals = resolution.finals else { return nil }
        let under = zip(resolution.criteria, finals).filter { $0.1 < Double(floor) - 1e-9 }.sorted { $0.1 < $1.1 }
        guard !under.isEmpty else { return nil }
        let named = under.map { "\($0.0) \(Format.score($0.1))" }.joined(separator: ", ")
        return "\(named) below the floor \(floor)"
    }

    /// Why a task with components is not (yet) proficient; nil when it is.
    ///
    /// - Returns: while undecided, which components are not decided; once decided, how many
    ///   components are proficient of those `require` asks for.
    public static func task(_ decision: TaskDecision) -> String? {
        if decision.proficient == true { return nil }
        if decision.status != .decided {
            let open = decision.components.filter { $0.resolution.status != .decided }
            return open.map { "\($0.component) \($0.resolution.status.rawValue)" }.joined(separator: ", ")
        }
        return "\(decision.proficientComponents) of \(decision.components.count) components proficient; \(decision.require) required"
    }
}
