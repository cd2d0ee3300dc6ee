import ScoringCore

/// The current reads of one task in a compact form, for the statistics and decisions that run
/// over every read of a task: ids interned to small integers, scores decoded into flat arrays.
///
/// Reads come grouped by component, then student, each group in time order (`scored_at`, ties
/// in the order recorded), so one submission component's reads are one contiguous run.
public struct TaskReads: Sendable {
    public var students: [String] = []
    public var raters: [String] = []
    public var components: [String] = []
    public var criteria: [String] = []

    /// Per read: indexes into `students`, `components` and `raters`.
    public var student: [Int32] = []
    public var component: [Int32] = []
    public var rater: [Int32] = []
    public var kind: [ReadKind] = []
    public var scoredAt: [Timestamp] = []
    /// The condition code of a read that could not be scored (it has no scores).
    public var code: [ConditionCode?] = []
    /// Read `i`'s scores are `scoreCriterion[j]` = `scoreValue[j]` for j in
    /// `scoreStart[i]..<scoreStart[i + 1]`; criterion indexes point into `criteria` (16 bits:
    /// a task's criteria are few, its scores millions).
    public var scoreStart: [Int32] = [0]
    public var scoreCriterion: [Int16] = []
    public var scoreValue: [Int32] = []

    public var count: Int { student.count }

    /// The score read `read` gave criterion `criterion` (an index into `criteria`).
    public func score(read: Int, criterion: Int32) -> Int? {
        var index = Int(scoreStart[read])
        let end = Int(scoreStart[read + 1])
        while index < end {
            if Int32(scoreCriterion[index]) == criterion { return Int(scoreValue[index]) }
            index += 1
        }
        return nil
    }

    /// The index of criterion id `id`, if any read scored it.
    public func criterionIndex(_ id: String) -> Int32? {
        criteria.firstIndex(of: id).map { Int32($0) }
    }

    /// The same reads without those `drop` says to leave out (by read index); ids keep their indexes.
    public func removing(_ drop: (Int) -> Bool) -> TaskReads {
        var kept = TaskReads()
        kept.students = students
        kept.raters = raters
        kept.components = components
        kept.criteria = criteria
        for read in 0..<count where !drop(read) {
            kept.student.append(student[read])
            kept.component.append(component[read])
            kept.rater.append(rater[read])
            kept.kind.append(kind[read])
            kept.scoredAt.append(scoredAt[read])
            kept.code.append(code[read])
            let range = Int(scoreStart[read])..<Int(scoreStart[read + 1])
            kept.scoreCriterion.append(contentsOf: scoreCriterion[range])
            kept.scoreValue.append(contentsOf: scoreValue[range])
            kept.scoreStart.append(Int32(kept.scoreValue.count))
        }
        return kept
    }

    /// The runs of reads that belong to one submission component, in order.
    public var submissions: [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        while start < count {
            var end = start + 1
            while end < count, student[end] == student[start], component[end] == component[start] { end += 1 }
            runs.append(start..<end)
            start = end
        }
        return runs
    }
}
