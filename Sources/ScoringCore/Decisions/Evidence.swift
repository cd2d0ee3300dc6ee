/// One evidence value for one student's competency (SPEC section 9): an aligned criterion's
/// final score on a decided submission component, dated by the component's first read.
public struct Evidence: Sendable, Equatable {
    public var value: Double
    public var date: Timestamp
    public var task: String
    public var component: String

    /// Evidence as given; any value is accepted, NaN included (it rolls up to NaN).
    public init(value: Double, date: Timestamp, task: String, component: String) {
        self.value = value
        self.date = date
        self.task = task
        self.component = component
    }

    /// Whether `lhs` comes before `rhs` in evidence order: oldest first, ties by task id, then
    /// component id. False for evidence with the same date, task and component (criteria of one
    /// component aligned to one competency), which a stable sort keeps in rubric order.
    public static func precedes(_ lhs: Evidence, _ rhs: Evidence) -> Bool {
        if lhs.date != rhs.date { return lhs.date < rhs.date }
        if lhs.task != rhs.task { return lhs.task < rhs.task }
        return lhs.component < rhs.component
    }

    /// Whether `evidence` is already in evidence order; true for zero or one value.
    ///
    /// - Complexity: O(n).
    public static func isOrdered(_ evidence: [Evidence]) -> Bool {
        var previous: Evidence?
        for item in evidence {
            if let previous, precedes(item, previous) { return false }
            previous = item
        }
        return true
    }

    /// `evidence` in evidence order; values that tie keep their relative order.
    ///
    /// - Complexity: O(n) when already ordered, else O(n log n).
    public static func ordered(_ evidence: [Evidence]) -> [Evidence] {
        isOrdered(evidence) ? evidence : evidence.sorted(by: precedes)
    }
}
