import GRDB

extension ReadFilter {
    /// The WHERE clause and its arguments; values are always bound, never spliced.
    func clause(currentOnly: Bool) -> (String, StatementArguments) {
        var conditions: [String] = currentOnly ? ["current = 1"] : []
        var arguments = StatementArguments()
        for (column, value) in [("task", task), ("student", student), ("rater", rater), ("component", component), ("session", session)] {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments += [value]
        }
        if let kinds {
            conditions.append("kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))")
            for kind in kinds.sorted() { arguments += [kind.rawValue] }
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }
}
