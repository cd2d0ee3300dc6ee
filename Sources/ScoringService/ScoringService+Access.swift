import ScoringCore
import ScoringStore

extension ScoringService {
    /// Acts as `rater` from now on, or as nobody (the coordinator) for nil.
    ///
    /// - Throws: when the identity is fixed (given at start, or a server login) and this would
    ///   change or drop it.
    @discardableResult
    public func act(as rater: String?) throws -> Rater? {
        if identityIsFixed, let current = identity, rater != current.id {
            if identityIsLogin {
                throw ServiceError("on a server the login is the rater: this shell acts as \(current.id); log in as another rater to act as them")
            }
            throw ServiceError(
                "this shell was started with --as \(current.id) and keeps that identity; start another shell to act as someone else")
        }
        identity = try rater.map { try self.rater($0) }
        return identity
    }

    /// Acts as `rater` for the rest of the session, as `--as` asks: `act(as:)` can no longer
    /// change it.
    public func fixIdentity(as rater: String) throws {
        identity = try self.rater(rater)
        identityIsFixed = true
    }

    /// The rater a read is recorded for: `--rater`, else the rater this shell acts as.
    public func actingRater(_ given: String?) throws -> String {
        if let given { return given }
        if let identity { return identity.id }
        throw ServiceError("whose read is this? give --rater R (or act as a rater with 'as R')")
    }

    /// Refuses a read this shell may not record, wherever reads are recorded (`score`, `anchor
    /// add`, `import scores`): a shell acting as a rater or adjudicator records only that
    /// rater's own reads (a lead, or the coordinator with no identity, records anyone's);
    /// master and backreads are a lead's; adjudication is a lead's or an adjudicator's.
    /// Checked before anything about the read is looked up, so a refusal says nothing about
    /// reads the shell may not see.
    public func checkMayRecord(_ kind: ReadKind, by rater: Rater) throws {
        if let identity, identity.role != .lead, rater.id != identity.id {
            throw ServiceError("acting as \(identity.id), you can record only your own reads, not \(rater.id)'s")
        }
        let rule: (allowed: Set<Rater.Role>, said: String)
        switch kind {
        case .master: rule = ([.lead], "a master read is given by a lead")
        case .backread: rule = ([.lead], "a backread is given by a lead")
        case .adjudication: rule = ([.lead, .adjudicator], "an adjudication is given by a lead or an adjudicator")
        case .read, .calibration, .validity: return
        }
        guard rule.allowed.contains(rater.role) else {
            throw ServiceError("\(rule.said); \(rater.id) is \(rater.role == .adjudicator ? "an" : "a") \(rater.role.rawValue)")
        }
    }

    /// Whether this shell is blind to open sessions: it acts as anyone but a lead.
    public var isBlind: Bool {
        guard let identity else { return false }
        return identity.role != .lead
    }

    /// Refuses what only a lead (or the coordinator, with no identity) may do.
    public func requireLead(_ what: String) throws {
        if let identity, identity.role != .lead {
            throw ServiceError("only a lead may \(what); acting as \(identity.id) (\(identity.role.rawValue))")
        }
    }

    /// Refuses what only the coordinator (no identity) may do.
    public func requireCoordinator(_ what: String) throws {
        if let identity {
            throw ServiceError("only the coordinator may \(what); acting as \(identity.id) (\(identity.role.rawValue))")
        }
    }

    /// The open session a calibration read of `student`'s work is given in, or why it cannot be.
    @discardableResult
    public func checkSession(_ name: String, task: AssessmentTask, component: String, student: String) throws -> CalibrationSession {
        guard let session = try store.session(name) else {
            throw ServiceError(Self.unknown("session", name, among: try store.sessionNames(), hint: "see 'session list'"))
        }
        guard session.isOpen else {
            throw ServiceError("session '\(name)' closed at \(session.closedAt!); its reads can no longer change")
        }
        guard session.task == task.id, session.component == component else {
            let part = session.component == AssessmentTask.mainComponent ? "" : " --component \(session.component)"
            throw ServiceError("session '\(name)' calibrates task \(session.task)\(part), not \(task.id)\(component == AssessmentTask.mainComponent ? "" : "/" + component)")
        }
        guard session.anchors.contains(student) else {
            throw ServiceError(
                "\(student) is not an anchor of session '\(name)'"
                    + (session.anchors.isEmpty ? " (it has no anchors yet; add them with 'session anchors \(name) STUDENT...')" : " (anchors: \(session.anchors.joined(separator: ", ")))"))
        }
        return session
    }

    /// The anchors this shell may not see into: the open sessions' anchors for a blind shell,
    /// nothing otherwise.
    public func hiddenAnchors() throws -> Set<AnchorKey> {
        isBlind ? try store.openAnchors() : []
    }

    /// What this service may not show, worked out for the reads of `tasks`; nil when it may
    /// show everything (a lead, or no identity).
    func blindness(tasks: Set<String>) throws -> Blindness? {
        guard var blindness = try blindnessBeforeDecisions(tasks: tasks) else { return nil }
        guard blindness.independent else { return blindness }
        for task in tasks {
            guard let task = bank.tasks[task] else { continue }
            let table = try store.taskReads(task: task.id, component: nil, student: nil, kinds: Self.decisionKinds)
            blindness.noteDecided(in: table, of: task, bank: bank)
        }
        return blindness
    }

    /// `blindness(tasks:)` but for which submission components are decided, which only the
    /// reads of them tell (`Blindness.noteDecided`).
    func blindnessBeforeDecisions(tasks: Set<String>) throws -> Blindness? {
        guard let identity, isBlind else { return nil }
        var blindness = Blindness(rater: identity.id, openAnchors: try store.openAnchors())
        guard identity.role == .rater else { return blindness }
        // SPEC 11: a rater sees no one else's operational read of work not yet decided, no
        // one else's validity read, and no master read of a validity paper.
        blindness.independent = true
        var inSessions: Set<AnchorKey> = []
        for session in try store.sessions() {
            for student in session.anchors { inSessions.insert(AnchorKey(task: session.task, component: session.component, student: student)) }
        }
        for task in tasks {
            for submission in try store.submissions(task: task) {
                let key = AnchorKey(task: submission.task, component: submission.component, student: submission.student)
                if !inSessions.contains(key) { blindness.validityPapers.insert(key) }
            }
        }
        return blindness
    }

    /// The current reads of a task that this shell may see: acting as anyone but a lead, every
    /// read of an open session's anchors but the rater's own is left out (SPEC 10), and acting
    /// as a rater, so is everything SPEC 11's independence hides; so no statistic or decision
    /// shows them.
    public func taskReads(task: String, component: String? = nil, student: String? = nil, kinds: Set<ReadKind>) throws -> TaskReads {
        let table = try store.taskReads(task: task, component: component, student: student, kinds: kinds)
        guard let blindness = try blindness(tasks: [task]) else { return table }
        return Self.removing(hiddenBy: blindness, from: table, task: task)
    }

    /// The current reads of `decisionKinds` of `task` by the students in `range` (or just
    /// `student`) that this shell may see, as `taskReads` leaves them.
    ///
    /// - Parameter blindness: `blindnessBeforeDecisions(tasks:)` of a set with `task`, worked
    ///   out once for many ranges: whether a student's component is decided is in the reads of
    ///   that very student, which the range holds.
    func decisionReads(task: AssessmentTask, student: String?, range: StudentRange, blindness: Blindness?) throws -> TaskReads {
        let table = try store.taskReads(task: task.id, component: nil, student: student, range: range, kinds: Self.decisionKinds)
        guard var blindness else { return table }
        if blindness.independent { blindness.noteDecided(in: table, of: task, bank: bank) }
        return Self.removing(hiddenBy: blindness, from: table, task: task.id)
    }

    private static func removing(hiddenBy blindness: Blindness, from table: TaskReads, task: String) -> TaskReads {
        table.removing { read in
            blindness.hides(
                AnchorKey(task: task, component: table.components[Int(table.component[read])], student: table.students[Int(table.student[read])]),
                rater: table.raters[Int(table.rater[read])], kind: table.kind[read])
        }
    }

    /// The reads this shell may see (SPEC 10 and 11's blindness).
    public func visible(_ reads: [Read]) throws -> [Read] {
        guard let blindness = try blindness(tasks: Set(reads.map(\.task))) else { return reads }
        return reads.filter { read in
            !blindness.hides(AnchorKey(task: read.task, component: read.component, student: read.student), rater: read.rater, kind: read.kind)
        }
    }

    /// Refuses an operational read from a rater not qualified on a rubric that requires calibration.
    public func checkQualified(_ rater: String, rubric: Rubric, kind: ReadKind) throws {
        guard rubric.calibration.required, [.read, .backread, .adjudication].contains(kind) else { return }
        let latest = try store.latestQualifications(rater: rater, rubric: rubric.id).first
        if let latest, latest.qualified { return }
        var message = "\(rater) is not qualified to score \(rubric.id): the rubric requires calibration (calibration.required: true)"
        if let latest {
            let exact = latest.exact.map(Format.share) ?? "none"
            let within = latest.withinOne.map(Format.share) ?? "none"
            message += ", and \(rater) did not qualify in session '\(latest.session)' (\(latest.decidedAt)): "
            if let session = try store.session(latest.session) {
                message += "\(latest.anchors) of \(Format.count(session.anchors.count, "anchor")) scored, exact \(exact) (needs \(Format.share(session.exact))), within one \(within) (needs \(Format.share(session.withinOne)))"
            } else {
                message += "exact \(exact), within one \(within)"
            }
        } else {
            message += ", and \(rater) has not qualified in a calibration session"
        }
        message += "; a lead can calibrate them with 'session open'"
        throw ServiceError(message)
    }
}
