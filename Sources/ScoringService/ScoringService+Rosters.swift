import ScoringCore
import ScoringStore

extension ScoringService {
    /// Changes a rater's name or role; a shell acting as that rater sees the change at once.
    public func updateRater(_ id: String, name: String??, role: Rater.Role?) throws -> (Rater, RosterOutcome) {
        let (rater, outcome) = try store.updateRater(id, name: name, role: role)
        if identity?.id == rater.id { identity = rater }
        return (rater, outcome)
    }

    /// Ids on a roster starting with `prefix`, for completion; nothing when the store fails,
    /// since completion must never print an error while someone types.
    public func ids(of roster: Roster, startingWith prefix: String) -> [String] {
        (try? store.ids(of: roster, startingWith: prefix)) ?? []
    }

    /// Session names starting with `prefix`, for completion; nothing when the store fails.
    public func sessionNames(startingWith prefix: String) -> [String] {
        ((try? store.sessionNames()) ?? []).filter { $0.hasPrefix(prefix) }
    }
}
