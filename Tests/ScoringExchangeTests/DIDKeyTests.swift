import Crypto
import Testing
@testable import ScoringExchange

struct DIDKeyTests {
    /// The did:key method's test vectors (w3c-ccg/did-method-key, test-vectors/ed25519-x25519.json):
    /// the Ed25519 seed, the DID, and the raw public key in base58btc (`publicKeyBase58`).
    @Test(arguments: [
        (0, "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS"),
        (1, "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG", "6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt"),
        (2, "did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf", "8pM1DN3RiT8vbom5u1sNryaNT1nyL8CTTW3b5PwWXRBH"),
        (3, "did:key:z6MkvqoYXQfDDJRv8L4wKzxYeuKyVZBfi9Qo6Ro8MiLH3kDQ", "HPYVwAQmskwT1qEEeRzhoomyfyupJGASQQtCXSNG8XS2"),
        (4, "did:key:z6MkwW6aqMnjgrhJXFUko3NnZPGzVpkNzhYK7yEhnsibmLwL", "J3qYF7YJMKCqQke47UQwiHizgFUXapHxRxKmxbkar89x"),
    ])
    func didMethodKeyVectors(seedByte: UInt8, did: String, publicKeyBase58: String) throws {
        let key = try #require(SigningKey(seed: [UInt8](repeating: 0, count: 31) + [seedByte]))
        #expect(key.did.did == did)
        #expect(Base58.encode(key.did.publicKeyBytes) == publicKeyBase58)
        let multikey = String(did.dropFirst("did:key:".count))
        #expect(key.did.verificationMethod == "\(did)#\(multikey)")
        #expect(DIDKey(did) == key.did)
        #expect(DIDKey(key.did.verificationMethod) == key.did)
    }

    /// Open Badges 3.0's proof example (1EdTech openbadges-specification, ob_v3p0/impl/linked-data-proof.md).
    @Test func openBadgesExampleKey() throws {
        let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: hex("4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"))
        #expect(DIDKey(publicKey: publicKey).multikey == "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")
    }

    @Test func otherMethodsKeysAndFragmentsAreRefused() {
        let multikey = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
        #expect(DIDKey("did:web:example.com") == nil)
        #expect(DIDKey("did:key:\(multikey)#key-1") == nil)
        #expect(DIDKey("did:key:\(multikey)#") == nil)
        // An X25519 key-agreement key (multicodec 0xec) and a P-256 key.
        #expect(DIDKey("did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW") == nil)
        #expect(DIDKey("did:key:zDnaeoWd5aKSeZ8QAimcVrLGEU2SnWCrY4wQneAAk5NhQyn8U") == nil)
        #expect(DIDKey("did:key:" + String(multikey.dropLast())) == nil)
        #expect(DIDKey("did:key:") == nil)
        #expect(DIDKey("") == nil)
    }

    @Test func describesItselfAsItsDID() throws {
        let key = SigningKey()
        #expect(key.did.description == key.did.did)
        #expect(key.did.did.hasPrefix("did:key:z6Mk"))
    }
}

func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}
