import Crypto

/// A `did:key` DID of an Ed25519 public key: `did:key:z6Mk…`, where `z6Mk…` is the key as a
/// Multikey — the multicodec prefix of an Ed25519 public key (0xed 0x01) and the 32 bytes of the
/// key, in multibase base58btc. Anyone can resolve it without a registry: the key is the DID.
public struct DIDKey: Sendable, Hashable, CustomStringConvertible {
    /// The varint of multicodec 0xed, `ed25519-pub`.
    static let ed25519PublicPrefix: [UInt8] = [0xED, 0x01]

    /// The 32 bytes of the key. Bytes rather than Crypto's key type, which is not `Sendable`
    /// before swift-crypto 4.
    public let publicKeyBytes: [UInt8]

    /// The DID of an Ed25519 public key.
    public init(publicKey: Curve25519.Signing.PublicKey) {
        publicKeyBytes = Array(publicKey.rawRepresentation)
    }

    /// Reads a `did:key` DID, or a verification method `did:key:z6Mk…#z6Mk…` whose fragment is
    /// its own Multikey (the only kind a `did:key` DID document has for an Ed25519 key).
    ///
    /// - Parameter text: the DID or verification method.
    /// - Returns: nil for another DID method, another key type, a malformed key, or a fragment
    ///   that is not the key's own.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts[0].hasPrefix("did:key:") else { return nil }
        let multikey = parts[0].dropFirst("did:key:".count)
        guard parts.count == 1 || parts[1] == multikey,
            let bytes = Base58.decodeMultibase(multikey),
            bytes.count == 34, bytes.starts(with: Self.ed25519PublicPrefix),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes.dropFirst(2))
        else { return nil }
        self.init(publicKey: key)
    }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    /// `z6Mk…`: the key as a Multikey `publicKeyMultibase`.
    public var multikey: String { Base58.multibase(Self.ed25519PublicPrefix + publicKeyBytes) }

    /// `did:key:z6Mk…`.
    public var did: String { "did:key:" + multikey }

    /// `did:key:z6Mk…#z6Mk…`: the verification method a proof names as its signer.
    public var verificationMethod: String { did + "#" + multikey }

    /// The DID, `did:key:z6Mk…`.
    public var description: String { did }
}
