import ScoringCore
import ScoringStore

extension ShellContext {
    /// The rater a read is recorded for: `--rater`, else the rater this shell acts as. A shell
    /// acting as a plain rater records only that rater's own reads.
    func actingRater(_ given: String?) throws -> String {
        if let identity, identity.role == .rater, let given, given != identity.id {
            throw CommandError("acting as \(identity.id), you can record only your own reads, not \(given)'s")
        }
        if let given { return given }
        if let identity { return identity.id }
        throw CommandError("whose read is this? give --rater R (or act as a rater with 'as R')")
    }

    /// Refuses a read in a session that does not exist.
    func checkSession(_ name: String, task: AssessmentTask, component: String) throws {
        throw CommandError("unknown session '\(name)'")
    }

    /// The reads this shell may see.
    func visible(_ reads: [Read]) -> [Read] {
        reads
    }
}
