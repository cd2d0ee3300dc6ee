import ScoringCore

/// What merging one store's contents into another did (`import store`, `export store`), for
/// each kind of thing the contents hold.
public struct StoreMergeSummary: Sendable, Equatable {
    /// How many of one kind of thing the contents held, and what became of them.
    public struct Count: Sendable, Equatable {
        public var inFile = 0
        /// New to the store.
        public var added = 0
        /// Reads recorded as corrections of the store's current read; sessions the contents
        /// closed that were still open in the store.
        public var corrected = 0
        /// Already in the store exactly so: skipped.
        public var unchanged = 0

        public init(inFile: Int = 0, added: Int = 0, corrected: Int = 0, unchanged: Int = 0) {
            self.inFile = inFile
            self.added = added
            self.corrected = corrected
            self.unchanged = unchanged
        }
    }

    public var raters = Count()
    public var students = Count()
    public var rubricVersions = Count()
    public var submissions = Count()
    public var sessions = Count()
    public var anchors = Count()
    public var qualifications = Count()
    public var reinstatements = Count()
    public var reads = Count()
    /// Whether every read kept its id: the store held no reads before.
    public var idsKept = false

    public init() {}

    /// Each kind, by the name summaries use (JSON keys are these names in snake_case).
    public var kinds: [(name: String, count: Count)] {
        [
            ("raters", raters), ("students", students), ("rubric versions", rubricVersions), ("submissions", submissions),
            ("sessions", sessions), ("anchors", anchors), ("qualifications", qualifications), ("reinstatements", reinstatements),
            ("reads", reads),
        ]
    }
}

/// The writes that merge one store's contents into another, worked out in one place for both
/// engines from the contents and what the target holds; each engine then applies them in one
/// transaction.
struct StoreMergePlan {
    var raters: [Rater] = []
    var students: [Student] = []
    var rubricVersions: [RubricVersion] = []
    var submissions: [Submission] = []
    /// Sessions new to the store, written as the contents have them (closed or open).
    var sessions: [CalibrationSession] = []
    /// Anchors new to the store, of new sessions and of sessions still open in the store.
    var anchors: [SessionAnchor] = []
    /// Sessions open in the store that the contents closed, and when.
    var closings: [(session: String, at: Timestamp)] = []
    var qualifications: [Qualification] = []
    var reinstatements: [Reinstatement] = []
    /// Reads to insert, by id: each with its id in the store, the id of the read it replaces
    /// there (whose row is then no longer current), and when it was first recorded.
    var reads: [Read] = []
    var summary = StoreMergeSummary()

    /// Works out the merge of `source` into a store.
    ///
    /// Rosters, rubric versions, submissions, sessions, qualifications and reinstatements are
    /// added when the store lacks them and skipped when it holds them exactly so; one held with
    /// other content is a conflict. Reads are replayed in the order they were recorded, slot by
    /// slot (student, task, component, rater, kind, session): while the source's history of a
    /// slot repeats the store's (the same scores, code, note, rubric version and time given),
    /// its reads are already there; after that, each read is compared with the slot's current
    /// read as `RecordOutcome.of` compares for any recording (`import scores` included): new,
    /// a correction, or unchanged.
    ///
    /// - Parameters:
    ///   - source: the contents to merge.
    ///   - target: what the store holds that `source` could collide with: at least the raters,
    ///     students, rubric versions, submissions, sessions (with their anchors and
    ///     qualifications) and reinstatements with the keys `source` has, and every version of
    ///     every read in the slots of `source`'s reads.
    ///   - nextReadID: the id the store's next read would get; 1 when it holds no reads, and
    ///     then every read keeps its id.
    ///   - loadedRubrics: canonical forms of rubric versions that are also held elsewhere (the
    ///     rubric files loaded beside the store), which the source's copies must match.
    ///   - time: when the merge runs: a read without a time recorded gets it.
    /// - Throws: `StoreError` listing every conflict (`details`); nothing is planned then.
    static func make(
        source: StoreContents, target: StoreContents, nextReadID: Int64, loadedRubrics: [RubricVersionKey: String] = [:],
        at time: Timestamp
    ) throws -> StoreMergePlan {
        var plan = StoreMergePlan()
        var conflicts: [String] = []
        plan.mergeRosters(source, target, &conflicts)
        plan.mergeRubricVersions(source, target, loadedRubrics, &conflicts)
        plan.mergeSubmissions(source, target, &conflicts)
        plan.mergeSessions(source, target, &conflicts)
        plan.mergeReinstatements(source, target, &conflicts)
        if !conflicts.isEmpty {
            throw StoreError("\(Format.count(conflicts.count, "conflict")) with this store; nothing was imported", details: conflicts)
        }
        plan.replayReads(source.reads, over: target.reads, nextReadID: nextReadID, at: time)
        return plan
    }

    // MARK: Rosters

    private mutating func mergeRosters(_ source: StoreContents, _ target: StoreContents, _ conflicts: inout [String]) {
        let raters = Dictionary(target.raters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        summary.raters.inFile = source.raters.count
        for rater in source.raters {
            guard let held = raters[rater.id] else {
                self.raters.append(rater)
                summary.raters.added += 1
                continue
            }
            if held == rater {
                summary.raters.unchanged += 1
            } else {
                conflicts.append(
                    "rater '\(rater.id)': the file has \(Self.describe(rater)); this store has \(Self.describe(held)) (make them agree with 'rater update', then import again)")
            }
        }
        let students = Dictionary(target.students.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        summary.students.inFile = source.students.count
        for student in source.students {
            guard let held = students[student.id] else {
                self.students.append(student)
                summary.students.added += 1
                continue
            }
            if held == student {
                summary.students.unchanged += 1
            } else {
                conflicts.append(
                    "student '\(student.id)': the file has \(Self.describe(student)); this store has \(Self.describe(held)) (make them agree with 'student update', then import again)")
            }
        }
    }

    static func describe(_ rater: Rater) -> String {
        var parts = ["role \(rater.role.rawValue)"]
        if let name = rater.name { parts.insert("name '\(name)'", at: 0) }
        parts.append(rater.school.map { "school \($0)" } ?? "no school")
        return parts.joined(separator: ", ")
    }

    static func describe(_ student: Student) -> String {
        [
            student.grade.map { "grade \($0)" } ?? "no grade", student.school.map { "school \($0)" } ?? "no school",
            student.groups.isEmpty ? "no groups" : "groups \(student.groups.joined(separator: ", "))",
        ].joined(separator: ", ")
    }

    // MARK: Rubric versions and submissions

    private mutating func mergeRubricVersions(
        _ source: StoreContents, _ target: StoreContents, _ loaded: [RubricVersionKey: String], _ conflicts: inout [String]
    ) {
        let held = Dictionary(target.rubricVersions.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        summary.rubricVersions.inFile = source.rubricVersions.count
        for version in source.rubricVersions {
            if let canonical = loaded[version.key], canonical != version.canonical {
                conflicts.append(
                    "rubric \(version.rubric) version \(version.version): the file's copy differs from the rubric file loaded here, which has the same version (scores given under one would be read under the other)")
                continue
            }
            guard let saved = held[version.key] else {
                rubricVersions.append(version)
                summary.rubricVersions.added += 1
                continue
            }
            if saved.canonical == version.canonical {
                summary.rubricVersions.unchanged += 1
            } else {
                conflicts.append(
                    "rubric \(version.rubric) version \(version.version): the file's copy differs from this store's (scores given under one would be read under the other)")
            }
        }
    }

    private mutating func mergeSubmissions(_ source: StoreContents, _ target: StoreContents, _ conflicts: inout [String]) {
        let held = Dictionary(target.submissions.map { (Self.key($0), $0) }, uniquingKeysWith: { first, _ in first })
        summary.submissions.inFile = source.submissions.count
        for submission in source.submissions {
            guard let stored = held[Self.key(submission)] else {
                submissions.append(submission)
                summary.submissions.added += 1
                continue
            }
            if stored.content == submission.content {
                summary.submissions.unchanged += 1
            } else {
                conflicts.append(
                    "\(submission.student)'s work for \(submission.partName): the file's differs from the work stored here (\(stored.storedAt)); stored work is never replaced")
            }
        }
    }

    private static func key(_ submission: Submission) -> AnchorKey {
        AnchorKey(task: submission.task, component: submission.component, student: submission.student)
    }

    // MARK: Calibration

    private mutating func mergeSessions(_ source: StoreContents, _ target: StoreContents, _ conflicts: inout [String]) {
        let held = Dictionary(target.sessions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var heldAnchors: [String: Set<String>] = [:]
        for anchor in target.anchors { heldAnchors[anchor.session, default: []].insert(anchor.student) }
        var anchors: [String: [SessionAnchor]] = [:]
        for anchor in source.anchors { anchors[anchor.session, default: []].append(anchor) }
        summary.sessions.inFile = source.sessions.count
        summary.anchors.inFile = source.anchors.count
        for session in source.sessions {
            let given = anchors[session.name] ?? []
            guard let existing = held[session.name] else {
                sessions.append(session)
                self.anchors += given
                summary.sessions.added += 1
                summary.anchors.added += given.count
                continue
            }
            guard existing.task == session.task, existing.component == session.component, existing.rubric == session.rubric,
                existing.exact == session.exact, existing.withinOne == session.withinOne
            else {
                conflicts.append(
                    "session '\(session.name)': the file's calibrates \(Self.describe(session)); this store's calibrates \(Self.describe(existing)) (they are different sessions of one name)")
                continue
            }
            let present = heldAnchors[session.name] ?? []
            let missing = given.filter { !present.contains($0.student) }
            if !missing.isEmpty, !existing.isOpen {
                conflicts.append(
                    "session '\(session.name)' closed here at \(existing.closedAt!), but the file has anchors it lacks: \(missing.map(\.student).joined(separator: ", "))")
                continue
            }
            self.anchors += missing
            summary.anchors.added += missing.count
            summary.anchors.unchanged += given.count - missing.count
            if existing.isOpen, let closed = session.closedAt {
                closings.append((session.name, closed))
                summary.sessions.corrected += 1
            } else {
                summary.sessions.unchanged += 1
            }
        }
        var decided: [String: Qualification] = [:]
        for q in target.qualifications { decided[q.rater + "\u{1}" + q.session] = q }
        summary.qualifications.inFile = source.qualifications.count
        for q in source.qualifications {
            guard let existing = decided[q.rater + "\u{1}" + q.session] else {
                qualifications.append(q)
                summary.qualifications.added += 1
                continue
            }
            if existing == q {
                summary.qualifications.unchanged += 1
            } else {
                conflicts.append(
                    "the qualification of \(q.rater) in session '\(q.session)': the file's (decided \(q.decidedAt)) differs from this store's (decided \(existing.decidedAt))")
            }
        }
    }

    private static func describe(_ session: CalibrationSession) -> String {
        let part = session.component == AssessmentTask.mainComponent ? session.task : "\(session.task)/\(session.component)"
        return "\(part) with rubric \(session.rubric), exact \(Format.share(session.exact)), within one \(Format.share(session.withinOne))"
    }

    private mutating func mergeReinstatements(_ source: StoreContents, _ target: StoreContents, _ conflicts: inout [String]) {
        var held: [String: Reinstatement] = [:]
        for r in target.reinstatements { held["\(r.rater)\u{1}\(r.rubric)\u{1}\(r.at)"] = r }
        summary.reinstatements.inFile = source.reinstatements.count
        for r in source.reinstatements {
            guard let existing = held["\(r.rater)\u{1}\(r.rubric)\u{1}\(r.at)"] else {
                reinstatements.append(r)
                summary.reinstatements.added += 1
                continue
            }
            if existing == r {
                summary.reinstatements.unchanged += 1
            } else {
                conflicts.append("the reinstatement of \(r.rater) on \(r.rubric) at \(r.at): the file's reason or lead differs from this store's")
            }
        }
    }

    // MARK: Reads

    /// A slot's history in the store as the replay goes: the store's reads, then those planned.
    private struct Slot {
        var history: [Read]
        /// How many of the store's reads the source's history has repeated so far.
        var matched = 0
        /// Whether the source's history has gone its own way: later reads are compared with the
        /// current read only.
        var diverged = false
    }

    private mutating func replayReads(_ source: [Read], over held: [Read], nextReadID: Int64, at time: Timestamp) {
        var slots: [ReadKey: Slot] = [:]
        for read in held.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            slots[read.key, default: Slot(history: [])].history.append(read)
        }
        summary.idsKept = nextReadID == 1
        summary.reads.inFile = source.count
        // Ids are kept when the store holds no reads; a read that came without one follows them.
        var nextID = summary.idsKept ? (source.compactMap(\.id).max() ?? 0) + 1 : nextReadID
        for read in source.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            var slot = slots[read.key] ?? Slot(history: [])
            defer { slots[read.key] = slot }
            if !slot.diverged, slot.matched < slot.history.count {
                let there = slot.history[slot.matched]
                if there.says(sameAs: read), there.scoredAt == read.scoredAt {
                    slot.matched += 1
                    summary.reads.unchanged += 1
                    continue
                }
            }
            slot.diverged = true
            let current = slot.history.last
            switch RecordOutcome.of(read, current: current) {
            case .unchanged:
                summary.reads.unchanged += 1
                continue
            case .corrected: summary.reads.corrected += 1
            case .recorded: summary.reads.added += 1
            }
            var copy = read
            if summary.idsKept, let id = read.id {
                copy.id = id
            } else {
                copy.id = nextID
                nextID += 1
            }
            copy.replaces = current?.id
            copy.recordedAt = read.recordedAt ?? time
            copy.isCurrent = true
            reads.append(copy)
            slot.history.append(copy)
        }
    }
}
