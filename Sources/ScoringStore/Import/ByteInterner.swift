import Foundation

/// Maps byte strings to small dense ids without allocating per lookup.
///
/// An import sees each student, rater, task and criterion id thousands of times; interning
/// them turns every later comparison and dictionary key into an integer.
struct ByteInterner {
    private var storage: [UInt8] = []
    /// Value `i` is `storage[offsets[i]..<offsets[i + 1]]`.
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open-addressing table of value ids, -1 where empty; its size is a power of two.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { hashes.count }

    /// The id of `bytes`, adding it if new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                while true {
                    let id = slots[slot]
                    if id < 0 { return nil }
                    if hashes[Int(id)] == hash, equals(Int(id), bytes) { return id }
                    slot = (slot + 1) & mask
                }
            }
        }
        if let found { return found }
        let id = Int32(hashes.count)
        storage.append(contentsOf: bytes)
        offsets.append(storage.count)
        hashes.append(hash)
        slots[slot] = id
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    /// Calls `body` with the bytes of value `id`, copying nothing.
    func withBytes<Result>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let start = offsets[Int(id)], end = offsets[Int(id) + 1]
        return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Value `id` as text; nil when it is not valid UTF-8 or holds a NUL byte.
    func string(_ id: Int32) -> String? {
        withBytes(id) { String(text: $0) }
    }

    /// Every value as text, by id (empty where not valid UTF-8): for turning many ids into
    /// strings without validating the same bytes again and again.
    func strings() -> [String] {
        (0..<Int32(count)).map { string($0) ?? "" }
    }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[id], end = offsets[id + 1]
        guard end - start == bytes.count else { return false }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        return storage.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, base, bytes.count) == 0 }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// Eight bytes at a time, each word multiplied in, then a final mix so that the low bits
    /// used for slots depend on every byte. Ids never depend on it: they count in order.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                tail |= UInt64(base[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
