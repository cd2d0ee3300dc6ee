/// Checks a read's criterion scores against its rubric (SPEC section 7).
public enum ScoreValidation {
    /// Turns `CRITERION=LEVEL` assignments into the read's scores in rubric order.
    ///
    /// - Parameters:
    ///   - assignments: criterion ids and the level text as given.
    ///   - rubric: the rubric of the component being scored.
    /// - Returns: one score per criterion, in the rubric's criterion order.
    /// - Throws: `ReadProblem` listing every problem, each naming the criterion and the value.
    public static func scores(
        _ assignments: [(criterion: String, level: String)], rubric: Rubric
    ) throws(ReadProblems) -> [CriterionScore] {
        var problems: [String] = []
        var given: [String: Int] = [:]
        for (criterion, level) in assignments {
            guard rubric.criterion(criterion) != nil else {
                problems.append(unknownCriterion(criterion, rubric: rubric))
                continue
            }
            if given[criterion] != nil {
                problems.append("criterion '\(criterion)' is given twice")
                continue
            }
            switch check(level: level, criterion: criterion, rubric: rubric) {
            case .success(let score): given[criterion] = score
            case .failure(let problem):
                problems.append(problem.message)
                given[criterion] = Int.min
            }
        }
        let missing = rubric.criteria.map(\.id).filter { given[$0] == nil }
        if !missing.isEmpty {
            problems.append(missingCriteria(missing, rubric: rubric))
        }
        if !problems.isEmpty { throw ReadProblems(messages: problems) }
        return rubric.criteria.map { CriterionScore(criterion: $0.id, score: given[$0.id]!) }
    }

    /// Checks one level's text against the rubric's scale.
    public static func check(level text: String, criterion: String, rubric: Rubric) -> Result<Int, ReadProblem> {
        guard let score = Int(text.trimmingWhitespace), rubric.isScaleScore(score) else {
            let shown = Int(text.trimmingWhitespace).map(String.init) ?? "'\(Quoting.visible(text))'"
            return .failure(
                ReadProblem(message: "criterion '\(criterion)' has score \(shown); \(rubric.id) scores are \(rubric.scaleDescription)"))
        }
        return .success(score)
    }

    public static func unknownCriterion(_ criterion: String, rubric: Rubric) -> String {
        var message = "\(rubric.id) has no criterion '\(Quoting.visible(criterion))'"
        if let near = Suggestion.nearest(to: criterion, among: rubric.criteria.map(\.id)) {
            message += "; did you mean '\(near)'?"
        } else {
            message += " (its criteria: \(rubric.criteria.map(\.id).joined(separator: ", ")))"
        }
        return message
    }

    public static func missingCriteria(_ missing: [String], rubric: Rubric) -> String {
        let noun = missing.count == 1 ? "criterion" : "criteria"
        return "missing \(noun) \(missing.map { "'\($0)'" }.joined(separator: ", ")); every criterion of \(rubric.id) must be scored"
    }
}

/// One problem with a read.
public struct ReadProblem: Error, Equatable, Sendable {
    public var message: String

    public init(message: String) {
        self.message = message
    }
}

/// Every problem found in one read, in the order the criteria were given.
public struct ReadProblems: Error, Equatable, Sendable, CustomStringConvertible {
    public var messages: [String]

    public init(messages: [String]) {
        self.messages = messages
    }

    public var description: String { messages.joined(separator: "; ") }
}
