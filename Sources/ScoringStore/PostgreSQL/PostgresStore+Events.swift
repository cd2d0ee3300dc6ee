import ScoringCore

// The scoring-event tables are not on the server yet: their migration, row-level security and
// these methods replace this file next. Until then the server refuses event commands plainly.
extension PostgresStore {
    private static var notYet: StoreError { StoreError("scoring events are not available on a PostgreSQL server in this build") }

    public func updateRater(_ id: String, name: String??, role: Rater.Role?, school: String??) throws -> (Rater, RosterOutcome) {
        if case .some(.some) = school { throw Self.notYet }
        return try updateRater(id, name: name, role: role)
    }

    public func addSubmissions(_ submissions: [Submission]) throws -> (added: Int, unchanged: Int) { throw Self.notYet }
    public func submissions(task: String?) throws -> [Submission] { [] }
    public func submission(task: String, component: String, student: String) throws -> Submission? { nil }
    public func assign(_ request: AssignmentRequest) throws -> Assignment? { throw Self.notYet }
    public func assignBackread(_ request: BackreadRequest) throws -> Assignment? { throw Self.notYet }
    public func assignment(_ code: String) throws -> Assignment? { nil }
    public func assignments(task: String?) throws -> [Assignment] { [] }
    public func skipAssignment(_ code: String, reason: String, at time: Timestamp) throws -> Assignment { throw Self.notYet }
    public func recordAssignment(_ code: String, read: Read, rubrics: [String: Rubric], at time: Timestamp) throws -> RecordOutcome {
        throw Self.notYet
    }
    public func validityReads(rater: String?) throws -> [ValidityRead] { [] }
    public func reinstate(_ reinstatement: Reinstatement) throws { throw Self.notYet }
    public func reinstatements(rater: String?) throws -> [Reinstatement] { [] }
}
