import ScoringCore

/// Everything a store holds that scores rest on, the same whichever engine keeps it: what
/// `export store` copies into a new file and `import store` merges into another store.
///
/// Work assignments (response codes, leases, skips) are not part of it: they are the live
/// queue's state, handed out by one store, and mean nothing in another.
public struct StoreContents: Sendable, Equatable {
    /// Every rater, by id.
    public var raters: [Rater]
    /// Every student, by id.
    public var students: [Student]
    /// Every saved rubric version, by rubric, then version.
    public var rubricVersions: [RubricVersion]
    /// Stored work, oldest first (ties by task, student, component).
    public var submissions: [Submission]
    /// Every calibration session, oldest first, each with its anchors in the order added.
    public var sessions: [CalibrationSession]
    /// The sessions' anchors with when each was added, in the order added.
    public var anchors: [SessionAnchor]
    /// Every qualification, in the order decided.
    public var qualifications: [Qualification]
    /// Every reinstatement, oldest first.
    public var reinstatements: [Reinstatement]
    /// Every version of every read, corrections included, by id: the order they were recorded.
    public var reads: [Read]

    public init(
        raters: [Rater] = [], students: [Student] = [], rubricVersions: [RubricVersion] = [], submissions: [Submission] = [],
        sessions: [CalibrationSession] = [], anchors: [SessionAnchor] = [], qualifications: [Qualification] = [],
        reinstatements: [Reinstatement] = [], reads: [Read] = []
    ) {
        self.raters = raters
        self.students = students
        self.rubricVersions = rubricVersions
        self.submissions = submissions
        self.sessions = sessions
        self.anchors = anchors
        self.qualifications = qualifications
        self.reinstatements = reinstatements
        self.reads = reads
    }

    /// Whether the store holds nothing at all.
    public var isEmpty: Bool {
        raters.isEmpty && students.isEmpty && rubricVersions.isEmpty && submissions.isEmpty && sessions.isEmpty
            && qualifications.isEmpty && reinstatements.isEmpty && reads.isEmpty
    }
}

/// A rubric version as the store saved it when the first read used it.
public struct RubricVersion: Sendable, Equatable {
    public var rubric: String
    public var version: Int
    /// The form versions are compared by (`Rubric.canonicalForm`).
    public var canonical: String
    /// The file's text as it was.
    public var source: String
    public var savedAt: Timestamp

    public init(rubric: String, version: Int, canonical: String, source: String, savedAt: Timestamp) {
        self.rubric = rubric
        self.version = version
        self.canonical = canonical
        self.source = source
        self.savedAt = savedAt
    }

    public var key: RubricVersionKey { RubricVersionKey(rubric: rubric, version: version) }
}

/// An anchor of a calibration session, with when it was added.
public struct SessionAnchor: Sendable, Equatable {
    public var session: String
    public var student: String
    public var addedAt: Timestamp

    public init(session: String, student: String, addedAt: Timestamp) {
        self.session = session
        self.student = student
        self.addedAt = addedAt
    }
}
