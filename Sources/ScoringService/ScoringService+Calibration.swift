import ScoringCore
import ScoringStore

extension ScoringService {
    /// A session by name, or why there is none.
    public func session(_ name: String) throws -> CalibrationSession {
        if let session = try store.session(name) { return session }
        throw ServiceError(Self.unknown("session", name, among: try store.sessionNames(), hint: "see 'session list'"))
    }

    /// Every session, oldest first.
    public func sessions() throws -> [CalibrationSession] { try store.sessions() }

    /// `task T` or `task T component C`, as messages name a session's work.
    public static func what(_ session: CalibrationSession) -> String {
        session.component == AssessmentTask.mainComponent ? "task \(session.task)" : "task \(session.task) component \(session.component)"
    }

    /// The current master read of each submission component (the latest, when several raters
    /// gave one), as this service may show them.
    public func masters(task: String?, component: String?) throws -> [AnchorKey: Read] {
        try Self.latestMasters(visible(try store.currentReads(ReadFilter(task: task, component: component, kinds: [.master]))))
    }

    private static func latestMasters(_ reads: [Read]) -> [AnchorKey: Read] {
        var masters: [AnchorKey: Read] = [:]
        for read in reads {
            let key = AnchorKey(task: read.task, component: read.component, student: read.student)
            if let known = masters[key], (known.scoredAt, known.id ?? 0) > (read.scoredAt, read.id ?? 0) { continue }
            masters[key] = read
        }
        return masters
    }

    /// The anchors this service may show, with the sessions each belongs to.
    public func anchors(task: String?) throws -> [(master: Read, sessions: [String])] {
        if let task { _ = try self.task(task) }
        var sessionsOf: [AnchorKey: [String]] = [:]
        for session in try store.sessions() {
            for student in session.anchors {
                sessionsOf[AnchorKey(task: session.task, component: session.component, student: student), default: []].append(session.name)
            }
        }
        return try masters(task: task, component: nil).values
            .sorted { ($0.task, $0.student, $0.component) < ($1.task, $1.student, $1.component) }
            .map { read in (read, sessionsOf[AnchorKey(task: read.task, component: read.component, student: read.student)] ?? []) }
    }

    /// Each session's raters and how many of its anchors each has scored.
    public func ratersBySession() throws -> [String: [(rater: String, anchors: Int)]] {
        var counts: [String: [String: Int]] = [:]
        for read in try store.currentReads(ReadFilter(kinds: [.calibration])) {
            guard let session = read.session else { continue }
            counts[session, default: [:]][read.rater, default: 0] += 1
        }
        return counts.mapValues { byRater in byRater.keys.sorted().map { ($0, byRater[$0]!) } }
    }

    /// Opens a calibration session (a lead's job), thresholds defaulting to the rubric's.
    public func openSession(_ name: String, task: String, component: String?, exact: Double?, withinOne: Double?) throws
        -> CalibrationSession
    {
        try requireLead("open a calibration session")
        let task = try self.task(task)
        let (part, rubric) = try self.component(component, of: task)
        let opened = CalibrationSession(
            name: name, task: task.id, component: part.id, rubric: rubric.id, exact: exact ?? rubric.calibration.exact,
            withinOne: withinOne ?? rubric.calibration.withinOne, openedAt: now(), openedBy: identity?.id)
        try store.openSession(opened)
        return opened
    }

    /// Adds anchors to an open session (a lead's job), all or nothing: every student must have
    /// a master read of the session's work.
    ///
    /// - Returns: the session before, and the students that were new to it.
    public func addAnchors(_ students: [String], to name: String) throws -> (session: CalibrationSession, added: [String]) {
        try requireLead("choose a session's anchors")
        let current = try session(name)
        guard current.isOpen else { throw ServiceError("session '\(name)' is closed; open a new session to calibrate again") }
        let masters = try masters(task: current.task, component: current.component)
        var problems: [String] = []
        for id in students {
            _ = try student(id)
            if masters[AnchorKey(task: current.task, component: current.component, student: id)] == nil {
                problems.append("\(id) has no master read of \(Self.what(current)); record one with 'anchor add \(id) \(current.task) ...'")
            }
        }
        if !problems.isEmpty { throw ServiceError(problems[0], details: Array(problems.dropFirst())) }
        return (current, try store.addAnchors(students, to: name, at: now()))
    }

    /// Closes a session (a lead's job): stores each rater's qualification and reveals every read.
    public func closeSession(_ name: String) throws -> (session: CalibrationSession, qualifications: [Qualification], at: Timestamp) {
        try requireLead("close a calibration session")
        let current = try session(name)
        guard current.isOpen else { throw ServiceError("session '\(name)' is already closed (\(current.closedAt!))") }
        let (report, _) = try report(current)
        let time = now()
        let qualifications = report.raters.map {
            Qualification(
                rater: $0.rater, session: name, rubric: current.rubric, qualified: $0.qualified, anchors: $0.anchors,
                exact: $0.exact, withinOne: $0.withinOne, bias: $0.bias, decidedAt: time)
        }
        try store.closeSession(name, qualifications: qualifications, at: time)
        return (current, qualifications, time)
    }

    /// A session's calibration report, which only a lead may see while it is open.
    public func calibrationReport(_ name: String) throws -> (session: CalibrationSession, report: CalibrationReport, rubric: Rubric) {
        let current = try session(name)
        if current.isOpen, let identity, identity.role != .lead {
            throw ServiceError("session '\(name)' is still open: its report is for leads until it closes (acting as \(identity.id))")
        }
        let (report, rubric) = try report(current)
        return (current, report, rubric)
    }

    /// The report of a session from the store's current reads, with the session's rubric.
    private func report(_ session: CalibrationSession) throws -> (CalibrationReport, Rubric) {
        let rubric = try self.rubric(session.rubric)
        let masters = Self.latestMasters(
            try store.currentReads(ReadFilter(task: session.task, component: session.component, kinds: [.master])))
        let anchors = session.anchors.compactMap { student in
            masters[AnchorKey(task: session.task, component: session.component, student: student)].map { read in
                CalibrationReport.Anchor(
                    student: student, master: Dictionary(uniqueKeysWithValues: read.scores.map { ($0.criterion, $0.score) }),
                    rationale: read.note)
            }
        }
        let reads = try store.currentReads(
            ReadFilter(task: session.task, component: session.component, kinds: [.calibration], session: session.name))
        let scores = reads.map { read in
            CalibrationReport.Score(
                rater: read.rater, student: read.student,
                scores: Dictionary(uniqueKeysWithValues: read.scores.map { ($0.criterion, $0.score) }))
        }
        let report = CalibrationReport.compute(
            anchors: anchors, criteria: rubric.criteria.map(\.id), scale: rubric.scores, reads: scores,
            thresholds: session.thresholds)
        return (report, rubric)
    }
}

/// Each rater against their co-raters per window of days (`monitor`), with their ids.
public struct MonitorResult: Sendable {
    public var task: String
    public var component: String
    public var rubric: Rubric
    public var days: Int
    public var windows: RaterMonitor.Windows
    public var rows: [RaterMonitor.Row]
    /// The raters the rows' indexes name.
    public var raters: [String]
}

extension ScoringService {
    /// Rater monitoring over a task component's operational reads, windows of `days` whole days
    /// counted back from the latest read this service may see.
    public func monitor(task: String, component: String?, days: Int) throws -> MonitorResult {
        let task = try self.task(task)
        let (part, rubric) = try self.component(component, of: task)
        let table = try taskReads(task: task.id, component: part.id, kinds: [.read])
        var latest: Timestamp?
        for index in 0..<table.count where latest == nil || table.scoredAt[index] > latest! { latest = table.scoredAt[index] }
        let windows = RaterMonitor.Windows(days: days, latest: latest ?? now())
        let windowOf = (0..<table.count).map { Int32(windows.index(of: table.scoredAt[$0])) }
        let criteria = rubric.criteria.compactMap { table.criterionIndex($0.id) }
        let rows = RaterMonitor.rows(
            submissions: table.submissions, rater: table.rater, window: windowOf, raterCount: table.raters.count,
            criteria: table.criteria.count, score: { read, criterion in criteria.contains(criterion) ? table.score(read: read, criterion: criterion) : nil },
            thresholds: rubric.calibration
        ).sorted { (table.raters[Int($0.rater)], $0.window) < (table.raters[Int($1.rater)], $1.window) }
        return MonitorResult(task: task.id, component: part.id, rubric: rubric, days: days, windows: windows, rows: rows, raters: table.raters)
    }
}
