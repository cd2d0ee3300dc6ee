import ScoringCore

extension PostgresStore {
    /// The canonical form of every rubric version that recorded reads use.
    public func rubricSnapshots() throws -> [RubricVersionKey: String] {
        try reading { try Self.rubricSnapshots(on: $0) }
    }

    static func rubricSnapshots(on connection: PostgresConnection) throws -> [RubricVersionKey: String] {
        var snapshots: [RubricVersionKey: String] = [:]
        for row in try connection.query("SELECT rubric, version, canonical FROM rubric_version").rows {
            snapshots[RubricVersionKey(rubric: row[0] ?? "", version: Int(row[1] ?? "") ?? 0)] = row[2] ?? ""
        }
        return snapshots
    }

    /// The saved copy of a rubric version: the file's text as it was when first used.
    public func rubricSource(_ rubric: String, version: Int) throws -> String? {
        try reading { connection in
            try connection.query(
                "SELECT source FROM rubric_version WHERE rubric = $1 AND version = $2", [rubric, String(version)]
            ).scalar
        }
    }

    /// The versions of a rubric that recorded reads use, ascending.
    public func rubricVersions(_ rubric: String) throws -> [Int] {
        try reading { connection in
            try connection.query("SELECT version FROM rubric_version WHERE rubric = $1 ORDER BY version", [rubric])
                .rows.compactMap { $0[0].flatMap { Int($0) } }
        }
    }

    /// Saves a copy of `rubric` the first time a read uses its version; refuses a rubric whose
    /// version was already saved with different content, since that would rewrite what earlier
    /// scores meant.
    ///
    /// Two writers saving one version at once both succeed: the second's insert does nothing
    /// (it waits for the first to commit) and it compares with what the first saved.
    ///
    /// A version this connection has found saved, as loaded, is not looked up again: saved
    /// versions are never changed or removed, so each score of an event does not pay two
    /// statements for it. (One this transaction inserted is not remembered: the transaction
    /// may yet roll back.)
    static func saveVersion(of rubric: Rubric, at time: Timestamp, on connection: PostgresConnection) throws {
        let canonical = rubric.canonicalForm
        let key = RubricVersionKey(rubric: rubric.id, version: rubric.version)
        if connection.savedRubricVersions[key] == canonical { return }
        let inserted = try connection.query(
            """
            INSERT INTO rubric_version (rubric, version, canonical, source, saved_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING RETURNING 1
            """, [rubric.id, String(rubric.version), canonical, rubric.source, time.description])
        if !inserted.rows.isEmpty { return }
        let saved = try connection.query(
            "SELECT canonical FROM rubric_version WHERE rubric = $1 AND version = $2", [rubric.id, String(rubric.version)]
        ).scalar
        if saved != canonical { throw StoreError.rubricChanged(rubric) }
        connection.savedRubricVersions[key] = canonical
    }
}
