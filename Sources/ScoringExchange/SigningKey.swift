import Crypto
import ScoringCore

/// An Ed25519 key that signs credentials as its `did:key` DID.
///
/// **Key file.** `encoded()` writes, and `init(keyFile:)` reads, the key as a W3C Multikey
/// (Controlled Identifiers v1.0) in one line of JSON:
///
///     {"type":"Multikey","id":"did:key:z6Mk…#z6Mk…","controller":"did:key:z6Mk…",
///      "publicKeyMultibase":"z6Mk…","secretKeyMultibase":"z3u2…"}
///
/// `secretKeyMultibase` is multicodec `ed25519-priv` (0x1300, varint 0x80 0x26) and the key's
/// 32-byte seed, in multibase base58btc: the form of the W3C EdDSA test vectors' private key.
/// The public parts are there so a reader sees whose key it is, and so a damaged file is refused
/// rather than used to sign as somebody else. The file is a secret: whoever writes it makes it
/// readable by its owner only.
public struct SigningKey: Sendable {
    /// The varint of multicodec 0x1300, `ed25519-priv`.
    static let ed25519PrivatePrefix: [UInt8] = [0x80, 0x26]

    /// The 32-byte seed, kept as bytes because Crypto's key type is not `Sendable` before
    /// swift-crypto 4; always a valid key's.
    let seed: [UInt8]

    /// The key's DID, which names it as the issuer and verification method of what it signs.
    public let did: DIDKey

    /// A new key from the system's secure random number generator.
    public init() {
        let key = Curve25519.Signing.PrivateKey()
        seed = Array(key.rawRepresentation)
        did = DIDKey(publicKey: key.publicKey)
    }

    /// The key of a 32-byte RFC 8032 seed (what `secretKeyMultibase` holds).
    ///
    /// - Returns: nil when `seed` is not 32 bytes.
    public init?(seed: some Collection<UInt8>) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: Array(seed)) else { return nil }
        self.seed = Array(seed)
        did = DIDKey(publicKey: key.publicKey)
    }

    /// An Ed25519 signature (RFC 8032, pure EdDSA) of some bytes: 64 bytes.
    func signature(for message: [UInt8]) throws -> [UInt8] {
        Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: message))
    }

    /// The key file's text: the Multikey above and a line feed.
    public func encoded() -> String {
        let secret = Self.ed25519PrivatePrefix + seed
        return JSONValue.object([
            ("type", .string("Multikey")),
            ("id", .string(did.verificationMethod)),
            ("controller", .string(did.did)),
            ("publicKeyMultibase", .string(did.multikey)),
            ("secretKeyMultibase", .string(Base58.multibase(secret))),
        ]).encoded + "\n"
    }

    /// Reads a key file.
    ///
    /// Also accepted: a secret key of 64 bytes, seed then public key, as some libraries write
    /// it (the public half must match the seed's); members other than the five above, ignored.
    ///
    /// - Parameter text: the whole file.
    /// - Throws: `KeyFileError` saying what is wrong; never the key's bytes.
    public init(keyFile text: String) throws(KeyFileError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw KeyFileError("not a key file: \(error)")
        }
        guard case .object(let members) = value else { throw KeyFileError("not a key file: not a JSON object") }
        func member(_ name: String) -> String? {
            guard case .string(let text)? = members.first(where: { $0.0 == name })?.1 else { return nil }
            return text
        }
        guard member("type") == "Multikey" else { throw KeyFileError("not a key file: \"type\" is not \"Multikey\"") }
        guard let secret = member("secretKeyMultibase") else { throw KeyFileError("the key file has no \"secretKeyMultibase\"") }
        guard let bytes = Base58.decodeMultibase(secret), bytes.starts(with: Self.ed25519PrivatePrefix),
            bytes.count == 34 || bytes.count == 66, let key = SigningKey(seed: bytes[2..<34])
        else { throw KeyFileError("\"secretKeyMultibase\" is not an Ed25519 secret key in multibase base58btc") }
        let did = key.did
        if bytes.count == 66, Array(bytes[34...]) != did.publicKeyBytes {
            throw KeyFileError("the public half of \"secretKeyMultibase\" does not belong to its secret half")
        }
        for (name, expected) in [("publicKeyMultibase", did.multikey), ("controller", did.did), ("id", did.verificationMethod)] {
            if let given = member(name), given != expected {
                throw KeyFileError("\"\(name)\" does not belong to the secret key; the file is damaged")
            }
        }
        self = key
    }
}

/// Why a key file cannot be read.
public struct KeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
