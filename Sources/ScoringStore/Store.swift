import ScoringCore

/// What the rest of ScoreBench may ask of a store: rosters, the rubric versions reads were
/// given under, reads with their full history, and calibration sessions. Two engines keep it:
/// `SQLiteStore`, a file, and `PostgresStore`, a shared server.
///
/// Every method that writes runs in one transaction: it either commits everything it was asked
/// to do or, on any error, changes nothing. Listings come in the same order on every engine
/// (ids compared byte by byte), so every command prints the same on both.
public protocol Store: AnyObject {
    /// The store as the user named it, for messages.
    var location: String { get }
    /// The file holding the store, which exports must never write over; nil for a server.
    var file: String? { get }

    // MARK: Rosters

    /// Adds a rater, or confirms one already on the roster exactly as given.
    ///
    /// - Throws: `StoreError` when the id is taken by a rater with a different name or role.
    func addRater(_ rater: Rater, at time: Timestamp) throws -> RosterOutcome
    /// Changes a rater's name or school (`.some(nil)` clears one) or role.
    func updateRater(_ id: String, name: String??, role: Rater.Role?, school: String??) throws -> (Rater, RosterOutcome)
    /// Every rater, by id.
    func raters() throws -> [Rater]
    func rater(_ id: String) throws -> Rater?
    /// Adds a student, or confirms one already on the roster exactly as given.
    func addStudent(_ student: Student, at time: Timestamp) throws -> RosterOutcome
    /// Changes a student's grade or school (`.some(nil)` clears one) and groups.
    func updateStudent(
        _ id: String, grade: String??, school: String??, addGroups: [String], removeGroups: [String]
    ) throws -> (Student, RosterOutcome)
    /// The students whose ids are in `range`, by id.
    func students(in range: StudentRange) throws -> [Student]
    /// Every `count`-th student id of the roster in order (the `count`-th, the 2 × `count`-th,
    /// …): cut there (`StudentRange.cut(at:)`), the roster falls into ranges of `count` students.
    func studentBounds(every count: Int) throws -> [String]
    func student(_ id: String) throws -> Student?
    /// Ids on `roster` that start with `prefix`, by id, at most `limit` (for completion).
    func ids(of roster: Roster, startingWith prefix: String, limit: Int) throws -> [String]
    /// Whether each id is on the student roster, and each on the rater roster.
    func onRoster(students: [String], raters: [String]) throws -> (students: [Bool], raters: [Bool])
    /// Adds or updates the students of a roster file, all or nothing.
    func applyRoster(_ file: RosterFile, at time: Timestamp) throws -> StudentsImportSummary

    // MARK: Rubric versions

    /// The saved source of every rubric version a read used.
    func rubricSnapshots() throws -> [RubricVersionKey: String]
    func rubricSource(_ rubric: String, version: Int) throws -> String?
    func rubricVersions(_ rubric: String) throws -> [Int]

    // MARK: Reads

    /// Records reads in one transaction: each is new, a correction, or unchanged; the first
    /// read under a rubric version saves a copy of it. Students and raters must be on the
    /// rosters or in `additions`.
    func record(_ reads: [Read], rubrics: [String: Rubric], adding additions: RosterAdditions, at time: Timestamp) throws
        -> [RecordOutcome]
    /// Records reads handed out in batches, as `record` does, all in one transaction.
    func record(_ batches: ReadBatches, rubrics: [String: Rubric], adding additions: RosterAdditions, at time: Timestamp) throws
        -> RecordCounts
    /// The current reads matching `filter`, by task, student, component, then time given.
    func currentReads(_ filter: ReadFilter) throws -> [Read]
    /// Every version of every read matching `filter`, corrections included, oldest first.
    func readHistory(_ filter: ReadFilter) throws -> [Read]
    /// The current reads of a task (and component, student, students in `range`) of the given
    /// kinds, compactly, in the order `TaskReads` describes.
    func taskReads(task: String, component: String?, student: String?, range: StudentRange, kinds: Set<ReadKind>) throws -> TaskReads

    // MARK: Calibration

    func openSession(_ session: CalibrationSession) throws
    func session(_ name: String) throws -> CalibrationSession?
    /// Every session, by name.
    func sessions() throws -> [CalibrationSession]
    func sessionNames() throws -> [String]
    /// Adds anchors to an open session; returns those that were new.
    func addAnchors(_ students: [String], to name: String, at time: Timestamp) throws -> [String]
    /// Closes a session, storing each rater's qualification.
    func closeSession(_ name: String, qualifications: [Qualification], at time: Timestamp) throws
    /// The anchors of every open session.
    func openAnchors() throws -> Set<AnchorKey>
    /// Each rater's latest qualification per rubric, newest first.
    func latestQualifications(rater: String?, rubric: String?) throws -> [Qualification]

    // MARK: Scoring events

    /// Stores submissions, all or nothing: one already stored exactly so is unchanged, one
    /// stored with other content is refused (`StoreError` naming it).
    func addSubmissions(_ submissions: [Submission]) throws -> (added: Int, unchanged: Int)
    /// Stored work, oldest first (ties by task, student, component).
    func submissions(task: String?) throws -> [Submission]
    func submission(task: String, component: String, student: String) throws -> Submission?
    /// The task and student of every piece of stored work, as `[task, student]`: work a rater's
    /// shell must not name the student of. On a server a rater's login may select this, but
    /// not the work itself.
    func eventWork() throws -> Set<[String]>
    /// The rater's open assignment, if any (at most one, across tasks); else the next piece of
    /// work by SPEC 11's rules, handed out — all in one transaction that no other shell can
    /// interleave with, so no component is ever promised more reads than planned.
    ///
    /// - Returns: nil when there is nothing to give.
    func assign(_ request: AssignmentRequest) throws -> Assignment?
    /// A lead's open backread assignment, or the oldest read offered for backreading that no
    /// lead has taken, handed out in one transaction.
    func assignBackread(_ request: BackreadRequest) throws -> Assignment?
    func assignment(_ code: String) throws -> Assignment?
    /// Every assignment (of one task), oldest first.
    func assignments(task: String?) throws -> [Assignment]
    /// Gives an open assignment back for good: that rater never gets the component again.
    func skipAssignment(_ code: String, reason: String, at time: Timestamp) throws -> Assignment
    /// Records the read of an assignment and marks it scored, in one transaction. An assignment
    /// whose lease ran out is scored only while its component still lacks its planned reads.
    func recordAssignment(_ code: String, read: Read, rubrics: [String: Rubric], at time: Timestamp) throws -> RecordOutcome
    /// A rater's validity reads with the masters they are checked against, oldest first.
    func validityReads(rater: String?) throws -> [ValidityRead]
    func reinstate(_ reinstatement: Reinstatement) throws
    func reinstatements(rater: String?) throws -> [Reinstatement]
    /// What `rater`'s standing on `rubric` rests on (SPEC 11's lock-out): their validity reads
    /// of the rubric, and when validity reads began to count again — their latest reinstatement
    /// on it, or their latest qualification on it if that qualified them; nil for never.
    func validityBasis(rater: String, rubric: String) throws -> (reads: [ValidityRead], since: Timestamp?)

    // MARK: The audit trail

    /// Appends an entry to the audit trail, which nothing changes or removes once written (on
    /// the server not even its owner: triggers refuse it; the server also sets the login).
    func appendAudit(_ entry: AuditEntry) throws
    /// The audit trail, oldest first (on the server, for coordinator logins only).
    func auditEntries() throws -> [AuditEntry]

    // MARK: Moving a store

    /// Everything the store holds, read in one transaction: one moment of a store others may be
    /// writing to.
    func contents() throws -> StoreContents
    /// Merges another store's contents into this one in one transaction, as `StoreMergePlan`
    /// works it out: all of it, or on any conflict or error nothing.
    ///
    /// - Parameters:
    ///   - contents: what another store's `contents()` returned.
    ///   - loadedRubrics: canonical forms of the rubric versions loaded beside this store, which
    ///     the contents' copies of the same versions must match.
    ///   - time: when the merge runs.
    /// - Throws: `StoreError` listing every conflict; nothing is changed then.
    func merge(_ contents: StoreContents, loadedRubrics: [RubricVersionKey: String], at time: Timestamp) throws -> StoreMergeSummary
}

extension Store {
    public func validityBasis(rater: String, rubric: String) throws -> (reads: [ValidityRead], since: Timestamp?) {
        let reinstated = try reinstatements(rater: rater).filter { $0.rubric == rubric }.map(\.at).max()
        let qualified = try latestQualifications(rater: rater, rubric: rubric).filter(\.qualified).map(\.decidedAt).max()
        return (try validityReads(rater: rater).filter { $0.rubric == rubric }, [reinstated, qualified].compactMap { $0 }.max())
    }

    public func currentReads() throws -> [Read] { try currentReads(ReadFilter()) }

    public func ids(of roster: Roster, startingWith prefix: String) throws -> [String] {
        try ids(of: roster, startingWith: prefix, limit: 200)
    }

    /// Gathers the batches and records them in one call: for an engine that records a list.
    public func record(_ batches: ReadBatches, rubrics: [String: Rubric], adding additions: RosterAdditions, at time: Timestamp) throws
        -> RecordCounts
    {
        var reads: [Read] = []
        reads.reserveCapacity(batches.count)
        while true {
            let batch = try batches.next()
            if batch.isEmpty { break }
            reads += batch
        }
        var counts = RecordCounts()
        for outcome in try record(reads, rubrics: rubrics, adding: additions, at: time) { counts.add(outcome) }
        return counts
    }

    public func record(_ reads: [Read], rubrics: [String: Rubric], at time: Timestamp) throws -> [RecordOutcome] {
        try record(reads, rubrics: rubrics, adding: RosterAdditions(), at: time)
    }

    public func taskReads(
        task: String, component: String? = nil, student: String? = nil, range: StudentRange = .all, kinds: Set<ReadKind>
    ) throws -> TaskReads {
        try taskReads(task: task, component: component, student: student, range: range, kinds: kinds)
    }

    /// Every student, by id.
    public func students() throws -> [Student] { try students(in: .all) }

    public func latestQualifications(rater: String? = nil, rubric: String? = nil) throws -> [Qualification] {
        try latestQualifications(rater: rater, rubric: rubric)
    }

    /// Reads a roster CSV and applies it, all or nothing.
    public func importStudents(path: String, displayName: String? = nil, at time: Timestamp) throws -> StudentsImportSummary {
        try applyRoster(try RosterFile.parse(path: path, displayName: displayName), at: time)
    }
}
