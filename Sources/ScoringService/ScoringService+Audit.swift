import ScoringCore
import ScoringStore

extension ScoringService {
    /// Who the audit trail says acted: the rater this shell acts as, or the coordinator.
    public var auditActor: String { identity?.id ?? "coordinator" }

    /// Appends to the audit trail that this shell exported or reported student-level data
    /// (SPEC 15): who, what, when, and how many students it described.
    ///
    /// - Parameters:
    ///   - action: the command, e.g. `export decisions`.
    ///   - detail: the file written and what it was limited to.
    ///   - students: how many students' data it held.
    public func audit(_ action: String, detail: String, students: Int) throws {
        try store.appendAudit(AuditEntry(at: now(), actor: auditActor, action: action, detail: detail, students: students))
    }

    /// The audit trail, oldest first: the coordinator's to read.
    public func auditTrail() throws -> [AuditEntry] {
        try requireCoordinator("read the audit trail")
        return try store.auditEntries()
    }
}

extension ScoringService {
    /// How many students' work of the task components `parts` (a task alone: all its
    /// components) has a read this shell may see: how many students a report of them describes.
    public func studentsRead(_ parts: [TaskPart]) throws -> Int {
        var students: Set<String> = []
        for part in parts {
            let table = try taskReads(task: try task(part.task).id, component: part.component, kinds: Set(ReadKind.allCases))
            for index in Set(table.student) { students.insert(table.students[Int(index)]) }
        }
        return students.count
    }
}
