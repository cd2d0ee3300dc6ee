/// A submission component's current reads in one rubric's terms: each read's kind and time,
/// and either a condition code or its scores by position in the rubric's criteria.
///
/// `ComponentResolution.resolve` works on this form. A caller deciding many submissions under
/// one rubric (a task's statewide reads) matches its criteria to the rubric's once, then fills
/// one value submission after submission, reusing its storage: no lookup by criterion id, no
/// allocation per read, and no copy of the rubric per submission.
public struct RubricReads: Sendable {
    /// The rubric (the version) the component is decided under.
    public let rubric: Rubric
    /// The rubric's criterion ids, in order: position `c` of a read's scores is `criteria[c]`.
    public let criteria: [String]
    private(set) var kinds: [ReadKind] = []
    private(set) var scoredAt: [Timestamp] = []
    /// Each read's condition code; nil for a read with scores.
    private(set) var codes: [ConditionCode?] = []
    /// Read `r`'s score of criterion `c` is `scores[r * criteria.count + c]`, given when
    /// `given[r * criteria.count + c]`.
    private(set) var scores: [Int] = []
    private(set) var given: [Bool] = []

    /// No reads yet, to be decided under `rubric`.
    public init(rubric: Rubric) {
        self.rubric = rubric
        criteria = rubric.criteria.map(\.id)
    }

    /// The reads of `rubric`'s component given by id, as `resolve` has always taken them: a
    /// read's score for each of the rubric's criteria is looked up by id.
    public init(_ reads: [ComponentRead], rubric: Rubric) {
        self.init(rubric: rubric)
        for read in reads {
            switch read.outcome {
            case .code(let code):
                append(kind: read.kind, scoredAt: read.scoredAt, code: code)
            case .scores(let given):
                appendScored(kind: read.kind, scoredAt: read.scoredAt)
                for (position, criterion) in criteria.enumerated() {
                    if let score = given[criterion] { setScore(score, at: position) }
                }
            }
        }
    }

    public var count: Int { kinds.count }

    /// What the reads decide (`ComponentResolution.resolve(self)`), leaving no reads behind
    /// and the storage for the next submission's. Called on a buffer in place (an element of
    /// an array, say), it resolves the reads without copying them and their rubric.
    public mutating func resolveAndClear() -> ComponentResolution {
        let resolution = ComponentResolution.resolve(self)
        removeAll()
        return resolution
    }

    /// Forgets every read, keeping the storage for the next submission's.
    public mutating func removeAll() {
        kinds.removeAll(keepingCapacity: true)
        scoredAt.removeAll(keepingCapacity: true)
        codes.removeAll(keepingCapacity: true)
        scores.removeAll(keepingCapacity: true)
        given.removeAll(keepingCapacity: true)
    }

    /// Appends a read that gives a condition code instead of scores.
    public mutating func append(kind: ReadKind, scoredAt time: Timestamp, code: ConditionCode) {
        appendRead(kind: kind, scoredAt: time, code: code)
    }

    /// Appends a read with scores, none of them given yet: `setScore` gives them.
    public mutating func appendScored(kind: ReadKind, scoredAt time: Timestamp) {
        appendRead(kind: kind, scoredAt: time, code: nil)
    }

    /// Gives the last read's score of criterion `criteria[position]`; a later score of the same
    /// criterion replaces an earlier one.
    public mutating func setScore(_ score: Int, at position: Int) {
        let index = (count - 1) * criteria.count + position
        scores[index] = score
        given[index] = true
    }

    private mutating func appendRead(kind: ReadKind, scoredAt time: Timestamp, code: ConditionCode?) {
        kinds.append(kind)
        scoredAt.append(time)
        codes.append(code)
        scores.append(contentsOf: repeatElement(0, count: criteria.count))
        given.append(contentsOf: repeatElement(false, count: criteria.count))
    }

    /// Whether read `read` can be counted: a condition code, or a score for every criterion.
    func isUsable(_ read: Int) -> Bool {
        if codes[read] != nil { return true }
        let start = read * criteria.count
        for index in start..<(start + criteria.count) where !given[index] { return false }
        return true
    }

    /// Read `read`'s score of criterion `position`.
    func score(_ read: Int, _ position: Int) -> Int {
        scores[read * criteria.count + position]
    }
}
