/// A complete persons × tasks × raters array of scores, the input of a G study. In the nested
/// designs a rater index is a position, not a person: the k-th rater of a task
/// (p x (r:t)), of a person's response (r:p) or of a response (r:(p x t)).
public struct BalancedScores: Sendable, Equatable {
    public let persons: Int
    /// 1 for a single-task design.
    public let tasks: Int
    /// Raters per task (crossed designs: in all), per person or per response.
    public let raters: Int
    /// Scores in person, then task, then rater order.
    public let values: [Double]

    /// Scores in person, task, rater order.
    /// - Returns: nil unless there are persons × tasks × raters values, all finite, and every
    ///   count is at least 1.
    public init?(persons: Int, tasks: Int, raters: Int, values: [Double]) {
        guard persons >= 1, tasks >= 1, raters >= 1, values.count == persons * tasks * raters,
              values.allSatisfy(\.isFinite) else { return nil }
        self.persons = persons
        self.tasks = tasks
        self.raters = raters
        self.values = values
    }

    /// Scores as `scores[person][task][rater]`.
    /// - Returns: nil when the array is ragged, empty or holds a non-finite value.
    public init?(_ scores: [[[Double]]]) {
        let tasks = scores.first?.count ?? 0
        let raters = scores.first?.first?.count ?? 0
        guard scores.allSatisfy({ $0.count == tasks && $0.allSatisfy { $0.count == raters } }) else { return nil }
        self.init(persons: scores.count, tasks: tasks, raters: raters, values: scores.flatMap { $0.flatMap { $0 } })
    }

    /// Scores already known to be complete and finite.
    init(validated values: [Double], persons: Int, tasks: Int, raters: Int) {
        self.persons = persons
        self.tasks = tasks
        self.raters = raters
        self.values = values
    }

    public subscript(person: Int, task: Int, rater: Int) -> Double {
        values[(person * tasks + task) * raters + rater]
    }
}
