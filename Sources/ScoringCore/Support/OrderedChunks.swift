import Foundation

/// Work split into a fixed number of chunks that run in parallel and whose results come back
/// in chunk order, so that a sum over them is the same on any machine, however many cores it
/// has and whichever chunk finishes first.
enum OrderedChunks {
    /// The ranges of `count` items in `chunks` nearly equal consecutive chunks (fewer when
    /// there are fewer items), in order.
    static func ranges(of count: Int, chunks: Int) -> [Range<Int>] {
        let parts = max(1, min(chunks, count))
        return (0..<parts).map { part in (count * part / parts)..<(count * (part + 1) / parts) }
    }

    /// `body` of each range, run in parallel, in the ranges' order.
    static func map<T: Sendable>(_ ranges: [Range<Int>], _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let results = Results<T>(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            results.store(body(ranges[index]), at: index)
        }
        return results.values()
    }

    private final class Results<T: Sendable>: @unchecked Sendable {
        private var slots: [T?]
        private let lock = NSLock()

        init(count: Int) {
            slots = Array(repeating: nil, count: count)
        }

        func store(_ value: T, at index: Int) {
            lock.withLock { slots[index] = value }
        }

        func values() -> [T] {
            lock.withLock { slots.map { $0! } }
        }
    }
}
