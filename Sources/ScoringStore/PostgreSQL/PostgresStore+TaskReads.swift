import ScoringCore

extension PostgresStore {
    /// The current reads of `task` (and `component`, `student`, students in `range`, if given) of
    /// the given kinds, in the order `TaskReads` describes: one `COPY (SELECT …) TO STDOUT` read row by row into
    /// `TaskReads.Builder`, which interns and decodes them as the SQLite scan does.
    ///
    /// COPY takes no parameters, so the values are quoted literals.
    public func taskReads(
        task: String, component: String? = nil, student: String? = nil, range: StudentRange = .all, kinds: Set<ReadKind>
    ) throws -> TaskReads {
        try reading { connection in
            var sql = """
                COPY (SELECT student, component, rater, kind, scores, scored_at, code FROM current_read
                WHERE task = \(try connection.quoteLiteral(task))
                  AND kind = ANY(\(try connection.quoteLiteral(PostgresConnection.arrayLiteral(kinds.sorted().map(\.rawValue))))::text[])
                """
            if let component { sql += " AND component = \(try connection.quoteLiteral(component))" }
            if let student { sql += " AND student = \(try connection.quoteLiteral(student))" }
            // The read key's index leads with task, then student: a range is one stretch of it.
            if let after = range.after { sql += " AND student > \(try connection.quoteLiteral(after))" }
            if let through = range.through { sql += " AND student <= \(try connection.quoteLiteral(through))" }
            sql += " ORDER BY component, student, scored_at, id) TO STDOUT"
            var builder = TaskReads.Builder()
            var row = PostgresTextRow()
            try connection.copyOut(sql: sql) { data in
                if builder.count & 0xFFFF == 0xFFFF { try Interruption.check() }
                row.load(data)
                row.withFields { fields in
                    builder.append(
                        student: fields[0], component: fields[1], rater: fields[2], kind: fields[3], scores: fields[4],
                        scoredAt: fields[5], code: fields[6])
                }
            }
            return builder.finish()
        }
    }
}
