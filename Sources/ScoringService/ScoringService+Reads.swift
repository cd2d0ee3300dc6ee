import ScoringCore
import ScoringStore

/// One read as a person or a script asks for it, before the service checks it.
public struct ReadRequest: Sendable {
    public var student: String
    public var task: String
    /// Nil: the task's only component.
    public var component: String?
    /// Nil: the rater the service acts as.
    public var rater: String?
    public var kind: ReadKind
    public var session: String?
    public var note: String?
    /// Nil: now.
    public var scoredAt: Timestamp?
    /// `criterion=level` as typed; empty with a condition code.
    public var levels: [(criterion: String, level: String)]
    public var code: ConditionCode?

    public init(
        student: String, task: String, component: String? = nil, rater: String? = nil, kind: ReadKind = .read,
        session: String? = nil, note: String? = nil, scoredAt: Timestamp? = nil, levels: [(criterion: String, level: String)] = [],
        code: ConditionCode? = nil
    ) {
        self.student = student
        self.task = task
        self.component = component
        self.rater = rater
        self.kind = kind
        self.session = session
        self.note = note
        self.scoredAt = scoredAt
        self.levels = levels
        self.code = code
    }
}

extension ScoringService {
    /// Records one read after every rule that governs it: who may record it, the calibration
    /// session it belongs to, the rater's qualification, and the rubric's scale for each
    /// criterion. The read is committed before this returns.
    ///
    /// - Returns: the read as recorded (the current one when nothing changed) and what
    ///   recording it did.
    public func record(_ request: ReadRequest) throws -> (read: Read, outcome: RecordOutcome) {
        if request.kind == .validity {
            throw ServiceError("a validity read is given through a scoring event: 'next', then 'score CODE'")
        }
        let task = try self.task(request.task)
        let (part, rubric) = try component(request.component, of: task)
        let raterID = try actingRater(request.rater)
        try checkMayRecord(request.kind, by: try rater(raterID))
        _ = try student(request.student)
        if let session = request.session {
            try checkSession(session, task: task, component: part.id, student: request.student)
        }
        try checkQualified(raterID, rubric: rubric, kind: request.kind)
        var scores: [CriterionScore] = []
        if request.code != nil {
            if request.kind == .master || request.kind == .calibration {
                throw ServiceError("\(request.kind.rawValue) reads compare raters' scores: they cannot carry a condition code")
            }
        } else {
            do {
                scores = try ScoreValidation.scores(request.levels, rubric: rubric)
            } catch {
                throw ServiceError(error.messages[0], details: Array(error.messages.dropFirst()))
            }
        }
        let now = now()
        let read = Read(
            student: request.student, task: task.id, component: part.id, rater: raterID, kind: request.kind,
            session: request.session, scores: scores, scoredAt: request.scoredAt ?? now, note: request.note, rubric: rubric.id,
            rubricVersion: rubric.version, code: request.code)
        let outcome = try store.record([read], rubrics: bank.rubrics, at: now)[0]
        if case .unchanged(let current) = outcome { return (current, outcome) }
        return (read, outcome)
    }

    /// Records an anchor's master read (a lead's job): the consensus score and its rationale.
    public func recordMaster(_ request: ReadRequest) throws -> (read: Read, outcome: RecordOutcome) {
        try requireLead("record master scores")
        guard request.rater != nil || identity != nil else {
            throw ServiceError("whose master read is this? give --rater LEAD (or act as a lead with 'as LEAD')")
        }
        var master = request
        master.kind = .master
        return try record(master)
    }

    /// The current reads matching `filter` that this service may show. Acting as a rater, event
    /// work shows only in their own reads of it (which their shell names by response code).
    public func reads(_ filter: ReadFilter) throws -> [Read] {
        if let task = filter.task { _ = try self.task(task) }
        let reads = try visible(try store.currentReads(filter))
        guard let mask = try eventMask() else { return reads }
        return reads.filter { !mask.hides(task: $0.task, student: $0.student) || mask.code(task: $0.task, component: $0.component, student: $0.student) != nil && $0.rater == identity?.id }
    }

    /// Every version of every read of a student's task (or one component) this service may show.
    public func history(student: String, task: String, component: String?) throws -> [Read] {
        let task = try self.task(task)
        _ = try self.student(student)
        if let component { _ = try self.component(component, of: task) }
        if let mask = try eventMask(), mask.hides(task: task.id, student: student) {
            throw ServiceError("\(student)'s work on \(task.id) is scoring-event work; see your own reads of it with 'score history CODE'")
        }
        return try visible(try store.readHistory(ReadFilter(task: task.id, student: student, component: component)))
    }

    /// Every version of the acting rater's reads of the work of a response code.
    public func history(code: String) throws -> (assignment: Assignment, reads: [Read]) {
        let assignment = try self.assignment(code)
        let reads = try store.readHistory(
            ReadFilter(task: assignment.task, student: assignment.student, rater: assignment.rater, component: assignment.component))
        return (assignment, try visible(reads).filter { $0.kind != .calibration })
    }

    /// Records the reads of a scores file (CSV or JSON), all or nothing, under the rules
    /// `record` applies to one read: who may record each, calibration sessions, qualification.
    /// Adding students and raters on the way (`addMissing`) is the coordinator's.
    public func importScores(path: String, name: String, addMissing: Bool) throws -> ScoresImportSummary {
        if addMissing { try requireCoordinator("add students and raters to the rosters (--add-missing)") }
        // Only rubrics that require calibration, and calibration reads, need a look: most reads
        // of a statewide file pass on one comparison.
        let requiring = Set(bank.rubrics.values.filter(\.calibration.required).map(\.id))
        var roster: [String: Rater] = [:]
        for rater in try store.raters() { roster[rater.id] = rater }
        let message: (any Error) -> String = { ($0 as? ServiceError)?.message ?? ImportFile.reason($0) }
        let rules = ImportRules(
            mayRecord: { kind, rater in
                // A rater the import adds joins as a plain rater.
                do { try self.checkMayRecord(kind, by: roster[rater] ?? Rater(id: rater)) } catch { return message(error) }
                return nil
            },
            // Only calibration reads and rubrics that require calibration have rules of their
            // own, which look at the store.
            needsCheck: { rubric, inSession in inSession || requiring.contains(rubric) }
        ) { read in
            do {
                // A read already recorded exactly so (a re-import) changes nothing: nothing to refuse.
                let filter = ReadFilter(
                    task: read.task, student: read.student, rater: read.rater, component: read.component, kinds: [read.kind])
                if try self.store.currentReads(filter).contains(where: { $0.session == read.session && $0.says(sameAs: read) }) {
                    return nil
                }
                if let session = read.session, let task = self.bank.tasks[read.task] {
                    _ = try self.checkSession(session, task: task, component: read.component, student: read.student)
                }
                if let task = self.bank.tasks[read.task], let rubric = self.bank.rubric(task: task, component: read.component) {
                    try self.checkQualified(read.rater, rubric: rubric, kind: read.kind)
                }
                return nil
            } catch {
                return message(error)
            }
        }
        return try store.importScores(path: path, displayName: name, bank: bank, addMissing: addMissing, at: now(), rules: rules)
    }
}
