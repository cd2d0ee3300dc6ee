import ScoringCore

/// The refusals both engines give, worded once so that every message is the same on both.
extension StoreError {
    static func alreadyOnRoster(_ existing: Rater) -> StoreError {
        var parts = ["role \(existing.role.rawValue)"]
        if let name = existing.name { parts.insert("name '\(name)'", at: 0) }
        if let school = existing.school { parts.append("school \(school)") }
        return StoreError(
            "rater '\(existing.id)' is already on the roster (\(parts.joined(separator: ", "))); use 'rater update' to change it")
    }

    static func alreadyOnRoster(_ existing: Student) -> StoreError {
        var parts: [String] = []
        if let grade = existing.grade { parts.append("grade \(grade)") }
        if let school = existing.school { parts.append("school \(school)") }
        if !existing.groups.isEmpty { parts.append("groups \(existing.groups.joined(separator: ", "))") }
        let described = parts.isEmpty ? "no grade, school or groups" : parts.joined(separator: ", ")
        return StoreError("student '\(existing.id)' is already on the roster (\(described)); use 'student update' to change it")
    }

    static func rubricNotLoaded(_ key: RubricVersionKey) -> StoreError {
        StoreError("rubric \(key.rubric) version \(key.version) is not loaded")
    }

    /// A rubric whose version was saved with other content: accepting it would rewrite what
    /// earlier scores meant.
    static func rubricChanged(_ rubric: Rubric) -> StoreError {
        StoreError(
            "\(rubric.file.isEmpty ? "rubric \(rubric.id)" : rubric.file) changed but its version is still \(rubric.version), which recorded scores use; bump 'version' to \(rubric.version + 1)")
    }

    static func sessionExists(_ name: String, existing: CalibrationSession) -> StoreError {
        StoreError("session '\(name)' already exists (\(existing.isOpen ? "open" : "closed"), task \(existing.task)); choose another name")
    }

    static func unknownSession(_ name: String) -> StoreError {
        StoreError("unknown session '\(name)'")
    }

    static func sessionClosed(_ name: String) -> StoreError {
        StoreError("session '\(name)' is closed; open a new session to calibrate again")
    }

    static func sessionAlreadyClosed(_ session: CalibrationSession) -> StoreError {
        StoreError("session '\(session.name)' is already closed (\(session.closedAt!))")
    }
}
