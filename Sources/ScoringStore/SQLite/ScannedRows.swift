import Foundation

/// Rows of a task's scan copied out of SQLite as bytes, a batch at a time, so that one thread
/// can step the statement while another decodes the rows it has already read.
///
/// Each row has the fields `TaskReads.Builder.append` takes (student, component, rater, kind,
/// scores, scored_at, code) and the read's id. Rows come by student, then component, so one
/// submission component's reads are consecutive (a run), in any order within it; a batch never
/// splits a run.
struct ScannedRows {
    static let fields = 7

    /// Every field's bytes, one after another.
    private(set) var bytes: [UInt8] = []
    /// Field `f` of row `r` is `bytes[ends[r * fields + f - 1]..<ends[r * fields + f]]` (from 0
    /// for the very first field).
    private var ends: [Int] = []
    private var ids: [Int64] = []

    var count: Int { ids.count }

    /// Makes the batch empty, keeping its memory for the next rows.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
    }

    /// Appends a row: `field(f)` gives field `f`'s bytes, valid until the next call.
    mutating func append(id: Int64, _ field: (Int32) -> UnsafeBufferPointer<UInt8>) {
        for index in 0..<Int32(Self.fields) {
            bytes.append(contentsOf: field(index))
            ends.append(bytes.count)
        }
        ids.append(id)
    }

    /// Whether the last row belongs to the submission component `student` / `component`.
    func lastRowIs(student: UnsafeBufferPointer<UInt8>, component: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count > 0 else { return false }
        return bytes.withUnsafeBufferPointer { bytes in
            ends.withUnsafeBufferPointer { ends in
                let row = count - 1
                return Self.field(row, 0, in: bytes, ends).elementsEqual(student)
                    && Self.field(row, 1, in: bytes, ends).elementsEqual(component)
            }
        }
    }

    /// Hands each row to `body` (its fields as in `append`), every run ordered by `scored_at`
    /// (as SQLite compares text), ties by id: the order of `ORDER BY …, scored_at, id`.
    func forEachInOrder(_ body: (_ field: (Int) -> UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in
            ends.withUnsafeBufferPointer { ends in
                var order: [Int] = []
                var start = 0
                while start < count {
                    var end = start + 1
                    while end < count, Self.sameRun(start, end, bytes, ends) { end += 1 }
                    if end - start == 1 || isOrdered(start..<end, bytes, ends) {
                        for row in start..<end { body { Self.field(row, $0, in: bytes, ends) } }
                    } else {
                        order.removeAll(keepingCapacity: true)
                        order.append(contentsOf: start..<end)
                        // Runs are a few reads: an insertion sort.
                        for index in 1..<order.count {
                            let row = order[index]
                            var slot = index
                            while slot > 0, precedes(row, order[slot - 1], bytes, ends) {
                                order[slot] = order[slot - 1]
                                slot -= 1
                            }
                            order[slot] = row
                        }
                        for row in order { body { Self.field(row, $0, in: bytes, ends) } }
                    }
                    start = end
                }
            }
        }
    }

    private static let scoredAt = 5

    private func isOrdered(_ rows: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) -> Bool {
        for row in rows.dropFirst() where precedes(row, row - 1, bytes, ends) { return false }
        return true
    }

    /// Whether row `a` comes before row `b` of the same run.
    private func precedes(_ a: Int, _ b: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) -> Bool {
        let first = Self.field(a, Self.scoredAt, in: bytes, ends), second = Self.field(b, Self.scoredAt, in: bytes, ends)
        if first.elementsEqual(second) { return ids[a] < ids[b] }
        return first.lexicographicallyPrecedes(second)
    }

    private static func sameRun(_ a: Int, _ b: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) -> Bool {
        field(a, 0, in: bytes, ends).elementsEqual(field(b, 0, in: bytes, ends))
            && field(a, 1, in: bytes, ends).elementsEqual(field(b, 1, in: bytes, ends))
    }

    private static func field(
        _ row: Int, _ field: Int, in bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>
    ) -> UnsafeBufferPointer<UInt8> {
        let index = row * fields + field
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[index]])
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
