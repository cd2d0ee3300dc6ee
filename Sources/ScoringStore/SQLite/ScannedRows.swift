import Foundation

/// Rows of a task's scan copied out of SQLite as bytes, a batch at a time, so that one thread
/// can step the statement while another decodes the rows it has already read.
///
/// Each row has the fields `TaskReads.Builder.append` takes (student, component, rater, kind,
/// scores, scored_at, code) and the read's id. Rows come by student, then component, so one
/// submission component's reads are consecutive (a run), in any order within it; a batch never
/// splits a run.
struct ScannedRows {
    /// One row's fields, pointing into memory that stays valid until the row's source moves on.
    struct Fields {
        var student, component, rater, kind, scores, scoredAt, code: UnsafeBufferPointer<UInt8>

        static let count = 7

        subscript(field: Int) -> UnsafeBufferPointer<UInt8> {
            switch field {
            case 0: student
            case 1: component
            case 2: rater
            case 3: kind
            case 4: scores
            case 5: scoredAt
            default: code
            }
        }
    }

    /// Every field's bytes, one after another, in `bytes[0..<used]`; the array is kept at its
    /// capacity so that a row is copied in with one check of room, not one per field.
    private var bytes: [UInt8] = []
    private var used = 0
    /// Field `f` of row `r` is `bytes[ends[r * 7 + f - 1]..<ends[r * 7 + f]]` (from 0 for the
    /// very first field).
    private var ends: [Int] = []
    private var ids: [Int64] = []

    var count: Int { ids.count }

    /// Makes the batch empty, keeping its memory for the next rows.
    mutating func removeAll() {
        used = 0
        ends.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
    }

    /// Appends a row.
    mutating func append(id: Int64, _ row: Fields) {
        let size = row.student.count + row.component.count + row.rater.count + row.kind.count + row.scores.count
            + row.scoredAt.count + row.code.count
        if used + size > bytes.count {
            bytes.append(contentsOf: repeatElement(0, count: max(used + size - bytes.count, bytes.count, 1 << 16)))
        }
        bytes.withUnsafeMutableBufferPointer { bytes in
            for field in 0..<Fields.count {
                let source = row[field]
                if let base = source.baseAddress, !source.isEmpty {
                    (bytes.baseAddress! + used).update(from: base, count: source.count)
                    used += source.count
                }
                ends.append(used)
            }
        }
        ids.append(id)
    }

    /// Whether the last row belongs to the submission component `student` / `component`.
    func lastRowIs(student: UnsafeBufferPointer<UInt8>, component: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count > 0 else { return false }
        return bytes.withUnsafeBufferPointer { bytes in
            ends.withUnsafeBufferPointer { ends in
                let last = Self.row(count - 1, bytes, ends)
                return Self.same(last.student, student) && Self.same(last.component, component)
            }
        }
    }

    /// Hands each row to `body`, every run ordered by `scored_at` (as SQLite compares text),
    /// ties by id: the order of `ORDER BY …, scored_at, id`.
    func forEachInOrder(_ body: (Fields) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in
            ends.withUnsafeBufferPointer { ends in
                func row(_ index: Int) -> Fields { Self.row(index, bytes, ends) }
                var order: [Int] = []
                var start = 0
                while start < count {
                    let first = row(start)
                    var end = start + 1
                    while end < count, Self.same(row(end).student, first.student), Self.same(row(end).component, first.component) {
                        end += 1
                    }
                    if end - start == 1 || (start + 1..<end).allSatisfy({ !precedes(row($0), ids[$0], row($0 - 1), ids[$0 - 1]) }) {
                        for index in start..<end { body(row(index)) }
                    } else {
                        order.removeAll(keepingCapacity: true)
                        order.append(contentsOf: start..<end)
                        // Runs are a few reads: an insertion sort.
                        for position in 1..<order.count {
                            let index = order[position]
                            var slot = position
                            while slot > 0, precedes(row(index), ids[index], row(order[slot - 1]), ids[order[slot - 1]]) {
                                order[slot] = order[slot - 1]
                                slot -= 1
                            }
                            order[slot] = index
                        }
                        for index in order { body(row(index)) }
                    }
                    start = end
                }
            }
        }
    }

    /// The fields of row `index`.
    private static func row(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) -> Fields {
        let first = index * Fields.count
        let base = first == 0 ? 0 : ends[first - 1]
        func field(_ field: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[(field == 0 ? base : ends[first + field - 1])..<ends[first + field]])
        }
        return Fields(
            student: field(0), component: field(1), rater: field(2), kind: field(3), scores: field(4), scoredAt: field(5), code: field(6))
    }

    /// Whether a row comes before another of the same run.
    private func precedes(_ a: Fields, _ aID: Int64, _ b: Fields, _ bID: Int64) -> Bool {
        if Self.same(a.scoredAt, b.scoredAt) { return aID < bID }
        return Self.precedes(a.scoredAt, b.scoredAt)
    }

    /// Whether `a` sorts before `b` as SQLite compares text (bytes, then length).
    static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(a.count, b.count)
        if common > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }

    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let left = a.baseAddress, let right = b.baseAddress, !a.isEmpty else { return true }
        return memcmp(left, right, a.count) == 0
    }
}

/// Batches of `ScannedRows` passed from the thread that steps a statement to the thread that
/// decodes them, a few at a time: the reader waits when the decoder falls behind, so memory
/// stays at a few batches however large the scan.
final class ScannedRowsChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var queued: [ScannedRows] = []
    private var spare: [ScannedRows] = []
    private var closed = false
    private let depth: Int

    init(depth: Int = 3) {
        self.depth = depth
    }

    /// Queues `batch` for the decoder, waiting while `depth` batches are already queued; returns
    /// an empty batch to fill next.
    func send(_ batch: ScannedRows) -> ScannedRows {
        condition.lock()
        defer { condition.unlock() }
        while queued.count >= depth { condition.wait() }
        queued.append(batch)
        condition.broadcast()
        var next = spare.popLast() ?? ScannedRows()
        next.removeAll()
        return next
    }

    /// The next batch, waiting for one; nil once the channel is closed and every batch taken.
    func receive() -> ScannedRows? {
        condition.lock()
        defer { condition.unlock() }
        while queued.isEmpty, !closed { condition.wait() }
        guard !queued.isEmpty else { return nil }
        let batch = queued.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Gives a decoded batch back for reuse.
    func recycle(_ batch: ScannedRows) {
        condition.lock()
        defer { condition.unlock() }
        if spare.count < depth { spare.append(batch) }
    }

    /// No more batches will come.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }
}
