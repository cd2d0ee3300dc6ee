import Crypto

/// Keyed-hash pseudonyms for one public export (SPEC section 15): HMAC-SHA256 of an id under a
/// random key that lives only as long as this value and is never written anywhere.
///
/// One pseudonymizer gives a student the same pseudonym on every row of its export, so rows of
/// one student can be read together; two exports use two pseudonymizers, whose pseudonyms share
/// nothing, so the exports cannot be joined. Without the key, a pseudonym cannot be traced back
/// by hashing candidate ids, as a plain hash could.
public struct Pseudonymizer: Sendable {
    /// The key's bytes: Crypto's `SymmetricKey` is not `Sendable` before swift-crypto 4.
    private let key: [UInt8]

    /// A pseudonymizer with a fresh 256-bit key from the system's secure random number generator.
    public init() {
        key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// A pseudonymizer with a given key, for tests with known answers only.
    init(key: [UInt8]) {
        self.key = key
    }

    /// The pseudonym of an id: the first 128 bits of HMAC-SHA256(key, UTF-8 of the id) in
    /// lowercase hex, 32 characters. 128 bits keep collisions out of reach (about one in 10^27
    /// for a million students) in half the width of the whole MAC.
    ///
    /// - Complexity: O(n) in the length of the id.
    public func pseudonym(for id: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(id.utf8), using: SymmetricKey(data: key))
        return mac.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }
}
