import Crypto
import Foundation
import ScoringCore
import ScoringStore

/// A piece of work handed to a rater, with what they need to score it.
public struct WorkItem: Sendable {
    public var assignment: Assignment
    public var rubric: Rubric
    /// The work itself: its text, or the file by path, size and SHA-256.
    public var content: Submission.Content
    /// For a backread: the read being checked.
    public var read: Read?
}

/// Where a rater stands against validity papers on one rubric.
public struct ValidityStanding: Sendable {
    public var rubric: String
    /// Over the last `after` validity reads since they last qualified or were reinstated.
    public var figures: ValidityCheck.Figures
    public var locked: Bool
    public var rule: ScoringPlan.Lockout
}

extension ScoringService {
    /// The largest text kept in the store; bigger or non-UTF-8 work is kept as a file reference.
    public static let largestStoredText = 1 << 20

    // MARK: Submissions

    /// Stores one piece of work of a student for a task component (a lead's or the coordinator's
    /// job): a UTF-8 text of up to 1 MB is kept in the store, any other file as its path, size
    /// and SHA-256.
    public func addSubmission(student: String, task: String, component: String?, file: String) throws -> (Submission, RosterOutcome) {
        try requireLead("store student work")
        let submission = try makeSubmission(student: student, task: task, component: component, file: file, relativeTo: nil)
        let (added, _) = try store.addSubmissions([submission])
        return (submission, added == 1 ? .added : .unchanged)
    }

    /// Stores the work a CSV lists (columns `student,task,component,file`, paths relative to the
    /// CSV), all or nothing; every bad line is reported.
    public func importSubmissions(path: String, name: String) throws -> (rows: Int, added: Int, unchanged: Int) {
        try requireLead("store student work")
        let data = try ImportFile.contents(of: path, name: name)
        let folder = path == "-" ? "." : (path as NSString).deletingLastPathComponent
        var submissions: [Submission] = []
        var problems: [String] = []
        var seen: [String: Int] = [:]
        // The roster once, not a look-up for each of a hundred thousand lines.
        let roster = Set(try store.students().map(\.id))
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var reader = CSVReader(raw.bindMemory(to: UInt8.self))
            var columns: [String: Int] = [:]
            var width = 0
            var header = true
            while true {
                do {
                    guard try reader.next() else { break }
                } catch let problem as CSVReader.Problem {
                    problems.append("\(name):\(problem.line): \(problem.message)")
                    continue
                }
                let fields = reader.fields.indices.map { reader.string($0) }
                if header {
                    header = false
                    width = fields.count
                    for (index, field) in fields.enumerated() {
                        let column = (field ?? "").trimmingWhitespace
                        guard ["student", "task", "component", "file"].contains(column) else {
                            problems.append("\(name):1: unknown column '\(Quoting.visible(column))'; the columns are student, task, component, file")
                            continue
                        }
                        columns[column] = index
                    }
                    for required in ["student", "task", "file"] where columns[required] == nil {
                        problems.append("\(name):1: there is no '\(required)' column")
                    }
                    if !problems.isEmpty { return }
                    continue
                }
                let line = reader.recordLine
                if fields.count == 1, fields[0]?.isEmpty == true { continue }
                guard fields.count == width, !fields.contains(where: { $0 == nil }) else {
                    problems.append("\(name):\(line): \(Format.count(fields.count, "field")), but the header has \(width)")
                    continue
                }
                func cell(_ column: String) -> String? {
                    columns[column].flatMap { fields[$0]?.trimmingWhitespace }.flatMap { $0.isEmpty ? nil : $0 }
                }
                do {
                    try Interruption.check()
                    let submission = try makeSubmission(
                        student: cell("student") ?? "", task: cell("task") ?? "", component: cell("component"), file: cell("file") ?? "",
                        relativeTo: folder, roster: roster)
                    let key = "\(submission.task)/\(submission.component)/\(submission.student)"
                    if let first = seen[key] {
                        problems.append("\(name):\(line): the same work is listed on line \(first)")
                        continue
                    }
                    seen[key] = line
                    submissions.append(submission)
                } catch let error as ServiceError {
                    problems.append("\(name):\(line): \(error.message)")
                } catch let error as StoreError {
                    problems.append("\(name):\(line): \(error.message)")
                }
            }
        }
        if !problems.isEmpty {
            throw ServiceError("\(name): \(Format.count(problems.count, "problem")); nothing was stored", details: problems)
        }
        let (added, unchanged) = try store.addSubmissions(submissions)
        return (submissions.count, added, unchanged)
    }

    /// - Parameter roster: the students on the roster, when the caller has them; else `student`
    ///   is looked up.
    private func makeSubmission(
        student: String, task: String, component: String?, file: String, relativeTo folder: String?, roster: Set<String>? = nil
    ) throws -> Submission {
        if let problem = Identifier.problem(with: student, kind: "student", contentStyle: false) { throw ServiceError(problem) }
        let task = try self.task(task)
        let (part, rubric) = try self.component(component, of: task)
        // Not on the roster: the look-up says so, with the usual suggestion.
        if roster?.contains(student) != true { _ = try self.student(student) }
        guard !file.isEmpty else { throw ServiceError("give the file holding the work") }
        let path = folder.map { file.hasPrefix("/") ? file : ($0 as NSString).appendingPathComponent(file) } ?? file
        let data = try ImportFile.contents(of: path, name: file)
        let content: Submission.Content
        if data.count <= Self.largestStoredText, let text = String(data: data, encoding: .utf8), !text.utf8.contains(0) {
            content = .text(text)
        } else {
            // Kept as given (relative to where the shell runs, or to the CSV that lists it).
            content = .file(path: path, size: Int64(data.count), sha256: Self.sha256(data))
        }
        return Submission(
            task: task.id, component: part.id, student: student, storedAt: now(), content: content,
            plannedReads: task.plan.plannedReads(rubric: rubric, task: task.id, component: part.id, student: student))
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Stored work (a lead's or the coordinator's view: raters see work only through `next`).
    public func submissions(task: String?) throws -> [Submission] {
        try requireLead("list stored work")
        if let task { _ = try self.task(task) }
        return try store.submissions(task: task)
    }

    /// One piece of stored work; a file is checked against its SHA-256 first.
    public func submission(student: String, task: String, component: String?) throws -> Submission {
        try requireLead("see stored work")
        let task = try self.task(task)
        let (part, _) = try self.component(component, of: task)
        guard let submission = try store.submission(task: task.id, component: part.id, student: student) else {
            throw ServiceError("no work of \(student) is stored for \(Self.part(task.id, part.id)) (add it with 'submission add')")
        }
        try verify(submission.content)
        return submission
    }

    /// Refuses a file that changed since it was stored.
    func verify(_ content: Submission.Content) throws {
        guard case .file(let path, let size, let digest) = content else { return }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceError("the work's file \(path) cannot be read any more")
        }
        guard Int64(data.count) == size, Self.sha256(data) == digest else {
            throw ServiceError("the work's file \(path) changed since it was stored (SHA-256 \(digest) expected); it cannot be shown as that work")
        }
    }

    static func part(_ task: String, _ component: String) -> String {
        component == AssessmentTask.mainComponent ? task : "\(task)/\(component)"
    }

    // MARK: Assignments

    /// The rater this service acts as, who alone is given work.
    private func actingScorer(_ what: String) throws -> Rater {
        guard let identity else {
            throw ServiceError("\(what) is for the rater this shell acts as; act as one with 'as RATER' (or --as RATER)")
        }
        return try rater(identity.id)
    }

    /// The next piece of work for the rater this service acts as (SPEC 11): their open
    /// assignment if they have one, else the oldest work they may read, or a validity paper at
    /// the plan's rate; never on a rubric they are locked out of.
    public func next(task: String?) throws -> WorkItem {
        let scorer = try actingScorer("'next'")
        let tasks = try task.map { [try self.task($0)] } ?? bank.sortedTasks
        var parts: [WorkPart] = []
        var locked: [ValidityStanding] = []
        for task in tasks {
            for part in task.components {
                guard let rubric = bank.rubrics[part.rubric] else { continue }
                let standing = try validityStanding(rater: scorer.id, rubric: rubric, plan: task.plan)
                if standing.locked {
                    if !locked.contains(where: { $0.rubric == rubric.id }) { locked.append(standing) }
                    continue
                }
                parts.append(WorkPart(task: task.id, component: part.id))
            }
        }
        let plans = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0.plan) })
        let rater = scorer.id
        let request = AssignmentRequest(
            rater: rater, school: scorer.school, parts: parts,
            code: { task, sequence, attempt in Self.code(seed: plans[task]?.seed ?? 1, rater: rater, sequence: sequence, attempt: attempt) },
            validity: { task, sequence in
                guard let plan = plans[task] else { return false }
                return EventDraw.chance(plan.validity, seed: plan.seed, key: "validity \(rater) \(sequence)")
            },
            paperOrder: { paper in
                EventDraw.bits(seed: plans[paper.task]?.seed ?? 1, key: "paper \(rater) \(paper.task) \(paper.component) \(paper.student)")
            },
            now: now(), lease: plans.mapValues(\.lease))
        guard let assignment = try store.assign(request) else {
            // Nothing left they may score: say so, or why, when a lock-out is why.
            if let first = locked.first { throw lockedOut(rater, first) }
            throw ServiceError("no work for \(rater) on \(task ?? "any task")")
        }
        return try workItem(assignment)
    }

    /// A read offered for backreading to the lead this service acts as (SPEC 11), of one rater
    /// or of any.
    public func nextBackread(task: String?, of rater: String?) throws -> WorkItem {
        let lead = try actingScorer("'next --backread'")
        guard lead.role == .lead else { throw ServiceError("only a lead backreads; acting as \(lead.id) (\(lead.role.rawValue))") }
        if let rater { _ = try self.rater(rater) }
        let tasks = try task.map { [try self.task($0)] } ?? bank.sortedTasks
        let parts = tasks.flatMap { task in task.components.map { WorkPart(task: task.id, component: $0.id) } }
        let plans = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0.plan) })
        let id = lead.id
        let request = BackreadRequest(
            lead: id, rater: rater, parts: parts,
            offered: { task, read in
                guard let plan = plans[task] else { return false }
                return EventDraw.chance(plan.backreads, seed: plan.seed, key: "backread \(read)")
            },
            code: { task, sequence, attempt in Self.code(seed: plans[task]?.seed ?? 1, rater: id, sequence: sequence, attempt: attempt) },
            now: now(), lease: plans.mapValues(\.lease))
        guard let assignment = try store.assignBackread(request) else {
            throw ServiceError("no reads to backread\(rater.map { " of \($0)" } ?? "") on \(task ?? "any task")")
        }
        return try workItem(assignment)
    }

    static func code(seed: Int, rater: String, sequence: Int, attempt: Int) -> String {
        var generator = SeededGenerator(seed: EventDraw.bits(seed: seed, key: "code \(rater) \(sequence) \(attempt)"))
        return ResponseCode.make(using: &generator)
    }

    private func workItem(_ assignment: Assignment) throws -> WorkItem {
        let task = try self.task(assignment.task)
        let (_, rubric) = try component(assignment.component, of: task)
        guard let submission = try store.submission(task: assignment.task, component: assignment.component, student: assignment.student) else {
            throw ServiceError("the work of \(assignment.code) is no longer stored")
        }
        var read: Read?
        if let id = assignment.readID {
            read = try store.currentReads(ReadFilter(task: assignment.task, student: assignment.student, component: assignment.component))
                .first { $0.id == id }
        }
        return WorkItem(assignment: assignment, rubric: rubric, content: submission.content, read: read)
    }

    /// The assignment of `code` if it is the acting rater's (or any, for the coordinator).
    public func assignment(_ code: String) throws -> Assignment {
        guard let normalized = ResponseCode.normalized(code) else {
            throw ServiceError("'\(Quoting.visible(code))' is not a response code such as @K7Q2M9XA")
        }
        guard let assignment = try store.assignment(normalized), identity == nil || assignment.rater == identity?.id || identity?.role == .lead else {
            throw ServiceError("\(normalized) is not a response code of yours")
        }
        return assignment
    }

    /// The work of an assignment, to show again (a rater's own, a lead's or the coordinator's).
    public func work(of code: String) throws -> WorkItem {
        try workItem(try assignment(code))
    }

    /// Records the read of an assignment (SPEC 11): kind `read` for live work, `validity` for a
    /// validity paper, `backread` for a lead's backread; the rater must not be locked out of the
    /// rubric (backreads excepted).
    public func score(
        code: String, levels: [(criterion: String, level: String)], condition: ConditionCode?, note: String?, kind: ReadKind?
    ) throws -> (read: Read, outcome: RecordOutcome, assignment: Assignment) {
        let assignment = try self.assignment(code)
        guard identity == nil || assignment.rater == identity?.id else {
            throw ServiceError("\(assignment.code) is \(assignment.rater)'s to score, not \(identity!.id)'s")
        }
        let readKind: ReadKind
        switch assignment.kind {
        case .live: readKind = .read
        case .validity: readKind = .validity
        case .backread: readKind = .backread
        }
        if let kind, kind != (readKind == .validity ? .read : readKind) {
            throw ServiceError("\(assignment.code) is \(assignment.kind == .backread ? "a backread" : "live work"): its read is of kind \(readKind == .validity ? "read" : readKind.rawValue), not \(kind.rawValue)")
        }
        let task = try self.task(assignment.task)
        let (part, rubric) = try component(assignment.component, of: task)
        if assignment.kind != .backread {
            let standing = try validityStanding(rater: assignment.rater, rubric: rubric, plan: task.plan)
            if standing.locked { throw lockedOut(assignment.rater, standing) }
            try checkQualified(assignment.rater, rubric: rubric, kind: .read)
        }
        var scores: [CriterionScore] = []
        if condition == nil {
            do {
                scores = try ScoreValidation.scores(levels, rubric: rubric)
            } catch {
                throw ServiceError(error.messages[0], details: Array(error.messages.dropFirst()))
            }
        }
        let time = now()
        let read = Read(
            student: assignment.student, task: task.id, component: part.id, rater: assignment.rater, kind: readKind, scores: scores,
            scoredAt: time, note: note, rubric: rubric.id, rubricVersion: rubric.version, code: condition)
        let outcome = try store.recordAssignment(assignment.code, read: read, rubrics: bank.rubrics, at: time)
        let recorded: Read
        if case .unchanged(let current) = outcome { recorded = current } else { recorded = read }
        return (recorded, outcome, try store.assignment(assignment.code) ?? assignment)
    }

    /// A backread that agrees with the read it checks (`confirm CODE`).
    public func confirm(code: String) throws -> (read: Read, outcome: RecordOutcome, assignment: Assignment) {
        let item = try work(of: code)
        guard item.assignment.kind == .backread, let read = item.read else {
            throw ServiceError("\(item.assignment.code) is not a backread; 'confirm' agrees with the read a backread checks")
        }
        return try score(
            code: code, levels: read.scores.map { ($0.criterion, String($0.score)) }, condition: read.code, note: nil, kind: .backread)
    }

    /// Gives an assignment back for good, with why: the rater never gets that work again.
    public func skip(code: String, reason: String) throws -> Assignment {
        let assignment = try self.assignment(code)
        guard identity == nil || assignment.rater == identity?.id else {
            throw ServiceError("\(assignment.code) is \(assignment.rater)'s to skip, not \(identity!.id)'s")
        }
        return try store.skipAssignment(assignment.code, reason: reason, at: now())
    }

    // MARK: Validity and lock-out

    /// Where `rater` stands on `rubric`: their validity reads since they last qualified on it in
    /// a calibration session or were reinstated, checked by the plan's lock-out rule.
    public func validityStanding(rater: String, rubric: Rubric, plan: ScoringPlan) throws -> ValidityStanding {
        let basis = try store.validityBasis(rater: rater, rubric: rubric.id)
        let reads = basis.reads
            .filter { read in read.rubric == rubric.id && basis.since.map { read.scoredAt > $0 } ?? true }
            .map { read in read.pairs.map { (score: $0.score, master: $0.master) } }
        return ValidityStanding(
            rubric: rubric.id, figures: ValidityCheck.figures(reads, rule: plan.lockout),
            locked: ValidityCheck.isLockedOut(reads, rule: plan.lockout), rule: plan.lockout)
    }

    private func lockedOut(_ rater: String, _ standing: ValidityStanding) -> ServiceError {
        let exact = standing.figures.exact.map(Format.share) ?? "—"
        let within = standing.figures.withinOne.map(Format.share) ?? "—"
        return ServiceError(
            "\(rater) is locked out of \(standing.rubric): over their last \(Format.count(standing.figures.reads, "validity read")), exact \(exact) "
                + "(needs \(Format.share(standing.rule.exact))), within one \(within) (needs \(Format.share(standing.rule.withinOne))); "
                + "a lead can reinstate them with 'rater reinstate \(rater) --rubric \(standing.rubric) --reason TEXT', or they can qualify again in a calibration session")
    }

    /// Lets a locked-out rater score a rubric again (a lead's job); validity reads before now no
    /// longer count.
    public func reinstate(rater: String, rubric: String, reason: String) throws -> Reinstatement {
        try requireLead("reinstate a rater")
        _ = try self.rater(rater)
        _ = try self.rubric(rubric)
        let reinstatement = Reinstatement(rater: rater, rubric: rubric, reason: reason, by: identity?.id, at: now())
        try store.reinstate(reinstatement)
        return reinstatement
    }
}

/// How a scoring event on one task is going (SPEC 11 `event status`).
public struct EventStatus: Sendable {
    public var task: String
    /// Submission components, anchors left out.
    public var submissions: Int
    /// Components with exactly one operational read, and with two or more.
    public var readOnce: Int
    public var readTwice: Int
    public var needsAdjudication: Int
    public var decided: Int
    /// Operational reads given in the hour before now.
    public var readsLastHour: Int
    public var raters: [RaterStatus]

    /// One rater's part in the event.
    public struct RaterStatus: Sendable {
        public var rater: String
        /// Their operational reads of the task.
        public var reads: Int
        /// Against validity papers, over their last `after` validity reads.
        public var validity: ValidityCheck.Figures
        /// Their reads leads backread, and the share confirmed or scored the same.
        public var backreads: Int
        public var backreadExact: Double?
        public var locked: Bool
    }
}

extension ScoringService {
    /// The progress of the scoring event on `task` (a lead's or the coordinator's view).
    public func eventStatus(task: String) throws -> EventStatus {
        try requireLead("see an event's progress")
        let task = try self.task(task)
        let table = try store.taskReads(task: task.id, component: nil, student: nil, kinds: Self.decisionKinds.union([.master]))
        var rubrics: [String: Rubric] = [:]
        for part in task.components { rubrics[part.id] = try rubric(part.rubric) }
        var runs: [AnchorKey: Range<Int>] = [:]
        for run in table.submissions {
            runs[AnchorKey(task: task.id, component: table.components[Int(table.component[run.lowerBound])], student: table.students[Int(table.student[run.lowerBound])])] = run
        }
        var status = EventStatus(
            task: task.id, submissions: 0, readOnce: 0, readTwice: 0, needsAdjudication: 0, decided: 0, readsLastHour: 0, raters: [])
        let hourAgo = now().seconds - 3600
        for submission in try store.submissions(task: task.id) {
            let key = AnchorKey(task: submission.task, component: submission.component, student: submission.student)
            let run = runs[key] ?? 0..<0
            if run.contains(where: { table.kind[$0] == .master }) { continue }
            status.submissions += 1
            let reads = run.filter { table.kind[$0] == .read }
            if reads.count == 1 { status.readOnce += 1 } else if reads.count >= 2 { status.readTwice += 1 }
            status.readsLastHour += reads.filter { table.scoredAt[$0].seconds > hourAgo }.count
            guard let rubric = rubrics[submission.component] else { continue }
            switch ComponentResolution.resolve(run.map { Self.componentRead(table, $0) }, rubric: rubric).status {
            case .decided: status.decided += 1
            case .needsAdjudication: status.needsAdjudication += 1
            case .incomplete: break
            }
        }
        // Each rater with work or reads on the task.
        let assignments = try store.assignments(task: task.id)
        var readCount: [String: Int] = [:]
        for index in 0..<table.count where table.kind[index] == .read { readCount[table.raters[Int(table.rater[index])], default: 0] += 1 }
        let raters = Set(readCount.keys).union(assignments.filter { $0.kind != .backread }.map(\.rater)).sorted()
        let reads = try store.currentReads(ReadFilter(task: task.id, kinds: [.read, .backread]))
        let byID = Dictionary(reads.compactMap { read in read.id.map { ($0, read) } }, uniquingKeysWith: { first, _ in first })
        for rater in raters {
            var figures = ValidityCheck.Figures(reads: 0, exact: nil, withinOne: nil)
            var locked = false
            for rubric in Set(rubrics.values.map(\.id)).sorted() {
                let standing = try validityStanding(rater: rater, rubric: rubrics.values.first { $0.id == rubric }!, plan: task.plan)
                if standing.figures.reads >= figures.reads { figures = standing.figures }
                locked = locked || standing.locked
            }
            // Backreads of this rater's reads: confirmed or scored the same as the read.
            var backread = 0, same = 0
            for assignment in assignments where assignment.kind == .backread && assignment.status == .scored {
                guard let original = assignment.readID.flatMap({ byID[$0] }), original.rater == rater,
                    let check = assignment.scoredRead.flatMap({ byID[$0] })
                else { continue }
                backread += 1
                if check.scores == original.scores, check.code == original.code { same += 1 }
            }
            status.raters.append(EventStatus.RaterStatus(
                rater: rater, reads: readCount[rater] ?? 0, validity: figures, backreads: backread,
                backreadExact: backread == 0 ? nil : Double(same) / Double(backread), locked: locked))
        }
        return status
    }
}

/// What a rater's shell shows of scoring-event work (SPEC 11): never whose work it is. Their
/// own reads of it go by response code; results of other students' event work stay out.
public struct EventMask: Sendable {
    /// The rater's response codes by the work they scored.
    public var codes: [AnchorKey: String]
    /// Students with stored event work, by task (task, then student).
    var eventWork: Set<[String]>

    /// Whether `student`'s work on `task` is event work this shell may not name.
    public func hides(task: String, student: String) -> Bool { eventWork.contains([task, student]) }

    /// The code that stands for this work in the rater's shell, if they scored it.
    public func code(task: String, component: String, student: String) -> String? {
        codes[AnchorKey(task: task, component: component, student: student)]
    }
}

extension ScoringService {
    /// What this service must mask of event work: nil unless it acts as a rater (role `rater`).
    public func eventMask() throws -> EventMask? {
        guard let identity, identity.role == .rater else { return nil }
        var codes: [AnchorKey: String] = [:]
        for assignment in try store.assignments(task: nil) where assignment.rater == identity.id && assignment.kind != .backread {
            codes[AnchorKey(task: assignment.task, component: assignment.component, student: assignment.student)] = assignment.code
        }
        return EventMask(codes: codes, eventWork: try store.eventWork())
    }
}
