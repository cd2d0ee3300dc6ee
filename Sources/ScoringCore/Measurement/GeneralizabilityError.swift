/// Why a G or D study could not be computed; the description is a sentence a command can print.
public enum GeneralizabilityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A score is NaN or infinite.
    case nonFiniteScore
    /// No response has two or more reads, so no rater variance can be seen.
    case noResponseWithTwoReads
    /// Fewer than two persons are left once those missing a needed read are out.
    case tooFewPersons(Int)
    /// Fewer than two raters (per task, person or response) in the balanced design.
    case tooFewRaters(Int)
    /// A design with tasks needs at least two.
    case tooFewTasks(Int)
    /// A single-task design was given several tasks.
    case tasksInSingleTaskDesign(Int)
    /// A D study asked for fewer than one rater or task.
    case sampleSizeBelowOne
    /// A D study over several tasks needs a G study with tasks.
    case taskCountsNeedTasksDesign

    public var description: String {
        switch self {
        case .nonFiniteScore:
            return "a score is not a finite number"
        case .noResponseWithTwoReads:
            return "no response has two or more reads"
        case let .tooFewPersons(count):
            return "a G study needs at least 2 persons with every read it uses; \(count) \(count == 1 ? "has" : "have") them"
        case let .tooFewRaters(count):
            return "a G study needs at least 2 raters; the design has \(count)"
        case let .tooFewTasks(count):
            return "a G study over tasks needs at least 2 tasks; the design has \(count)"
        case let .tasksInSingleTaskDesign(count):
            return "a single-task design cannot hold \(count) tasks"
        case .sampleSizeBelowOne:
            return "numbers of raters and tasks must be at least 1"
        case .taskCountsNeedTasksDesign:
            return "numbers of tasks other than 1 need a G study over several tasks (--tasks)"
        }
    }
}
