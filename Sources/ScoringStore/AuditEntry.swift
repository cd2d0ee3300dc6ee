import ScoringCore

/// One line of the audit trail (SPEC 15): who exported or reported student-level data, what,
/// when, and how many students it described.
public struct AuditEntry: Sendable, Equatable {
    public var at: Timestamp
    /// Whom the shell acted as: a rater id, or `coordinator`.
    public var actor: String
    /// The server login that wrote the entry, set by the server; nil in a SQLite store.
    public var login: String?
    /// The command, e.g. `export decisions` or `report equity`.
    public var action: String
    /// What it wrote or showed: the file, the task or student it was limited to.
    public var detail: String
    /// How many students' data it held.
    public var students: Int

    public init(at: Timestamp, actor: String, login: String? = nil, action: String, detail: String, students: Int) {
        self.at = at
        self.actor = actor
        self.login = login
        self.action = action
        self.detail = detail
        self.students = students
    }
}
