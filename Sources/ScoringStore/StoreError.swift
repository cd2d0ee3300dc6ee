import ScoringCore

/// A request the store refused, with what was wrong. Nothing was changed.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// For a refused import: every bad line, with its file line number.
    public var details: [String]

    public init(_ message: String, details: [String] = []) {
        self.message = message
        self.details = details
    }

    public var description: String { message }

    static func unknown(_ kind: String, _ id: String, among candidates: [String]) -> StoreError {
        var message = "unknown \(kind) '\(Quoting.visible(id))'"
        if let near = Suggestion.nearest(to: id, among: candidates) { message += "; did you mean '\(near)'?" }
        return StoreError(message)
    }
}
