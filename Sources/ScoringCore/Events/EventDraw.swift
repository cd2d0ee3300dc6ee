/// The random choices of a scoring event, each a fixed function of the plan's seed and what
/// the choice is about, so a scripted event replays identically and no two shells need to agree
/// on a shared generator's state.
public enum EventDraw {
    /// A number in [0, 1) fixed by `seed` and `key` (SplitMix64 over FNV-1a of the key).
    public static func unit(seed: Int, key: String) -> Double {
        Double(bits(seed: seed, key: key) >> 11) * 0x1p-53
    }

    /// 64 bits fixed by `seed` and `key`, e.g. to seed a generator for response codes.
    public static func bits(seed: Int, key: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        var z = hash ^ UInt64(bitPattern: Int64(seed)) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Whether a choice made at `rate` comes out yes for `key`: always at 1, never at 0.
    public static func chance(_ rate: Double, seed: Int, key: String) -> Bool {
        rate >= 1 || (rate > 0 && unit(seed: seed, key: key) < rate)
    }
}
