import Foundation

/// Results computed in parallel chunks, gathered in chunk order.
final class ChunkResults<Element: Sendable>: @unchecked Sendable {
    private var chunks: [[Element]]
    private let lock = NSLock()

    init(count: Int) {
        chunks = Array(repeating: [], count: count)
    }

    func store(_ elements: [Element], at chunk: Int) {
        lock.lock()
        chunks[chunk] = elements
        lock.unlock()
    }

    func joined() -> [Element] {
        lock.lock()
        defer { lock.unlock() }
        return chunks.flatMap { $0 }
    }
}
