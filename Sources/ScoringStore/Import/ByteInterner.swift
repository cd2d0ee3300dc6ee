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
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash, equals(Int(id), bytes) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        storage.append(contentsOf: bytes)
        offsets.append(storage.count)
        hashes.append(hash)
        slots[slot] = id
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    /// The bytes of value `id`.
    func bytes(_ id: Int32) -> ArraySlice<UInt8> {
        storage[offsets[Int(id)]..<offsets[Int(id) + 1]]
    }

    /// Value `id` as text; nil when it is not valid UTF-8 or holds a NUL byte.
    func string(_ id: Int32) -> String? {
        let value = bytes(id)
        if value.contains(0) { return nil }
        return value.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
    }

    /// Every value as text, by id (empty where not valid UTF-8): for turning many ids into
    /// strings without validating the same bytes again and again.
    func strings() -> [String] {
        (0..<Int32(count)).map { string($0) ?? "" }
    }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[id], end = offsets[id + 1]
        guard end - start == bytes.count else { return false }
        var index = 0
        while index < bytes.count {
            if storage[start + index] != bytes[index] { return false }
            index += 1
        }
        return true
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

    /// FNV-1a, then a final mix so that the low bits used for slots depend on every byte.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
