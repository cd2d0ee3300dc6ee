import Foundation
import Crypto
import ScoringCore
import Testing
@testable import ScoringExchange

/// The test vector of Data Integrity EdDSA Cryptosuites v1.0, appendix B.2 (w3c/vc-di-eddsa,
/// TestVectors/keyPair.json, unsigned.json and eddsa-jcs-2022/).
enum SpecVector {
    static let secretKeyMultibase = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
    static let publicKeyMultibase = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    static let created = "2023-02-24T23:36:38Z"
    static let unsigned = #"""
        {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2"
            ],
            "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
            "type": ["VerifiableCredential", "AlumniCredential"],
            "name": "Alumni Credential",
            "description": "A minimum viable example of an Alumni Credential.",
            "issuer": "https://vc.example/issuers/5678",
            "validFrom": "2023-01-01T00:00:00Z",
            "credentialSubject": {
                "id": "did:example:abcdefgh",
                "alumniOf": "The School of Examples"
            }
        }
        """#
    static let canonicalDocument = #"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"credentialSubject":{"alumniOf":"The School of Examples","id":"did:example:abcdefgh"},"description":"A minimum viable example of an Alumni Credential.","id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33","issuer":"https://vc.example/issuers/5678","name":"Alumni Credential","type":["VerifiableCredential","AlumniCredential"],"validFrom":"2023-01-01T00:00:00Z"}"#
    static let canonicalProofConfig = #"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"created":"2023-02-24T23:36:38Z","cryptosuite":"eddsa-jcs-2022","proofPurpose":"assertionMethod","type":"DataIntegrityProof","verificationMethod":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}"#
    static let documentHash = "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
    static let proofHash = "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
    static let signatureHex = "407cd12654b33d718ecbb99179a1506daaa849450bf3fc523cce3e1c96f8b80351da3f253d725c6f00b07c9e5448d50b3ef78012b9ab54255116d069c6dd2808"
    static let proofValue = "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
    /// signedJCS.json as published.
    static let signed = #"""
        {
          "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2"
          ],
          "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
          "type": [
            "VerifiableCredential",
            "AlumniCredential"
          ],
          "name": "Alumni Credential",
          "description": "A minimum viable example of an Alumni Credential.",
          "issuer": "https://vc.example/issuers/5678",
          "validFrom": "2023-01-01T00:00:00Z",
          "credentialSubject": {
            "id": "did:example:abcdefgh",
            "alumniOf": "The School of Examples"
          },
          "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": "2023-02-24T23:36:38Z",
            "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "proofPurpose": "assertionMethod",
            "@context": [
              "https://www.w3.org/ns/credentials/v2",
              "https://www.w3.org/ns/credentials/examples/v2"
            ],
            "proofValue": "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
          }
        }
        """#

    static func key() throws -> SigningKey {
        let bytes = try #require(Base58.decodeMultibase(secretKeyMultibase))
        #expect(bytes.prefix(2) == [0x80, 0x26])
        return try #require(SigningKey(seed: bytes.dropFirst(2)))
    }
}

struct EddsaJcs2022Tests {
    let created = Timestamp(iso8601: SpecVector.created)!

    @Test func specVectorIntermediateValues() throws {
        let key = try SpecVector.key()
        #expect(key.did.multikey == SpecVector.publicKeyMultibase)
        let document = try JSONValue.parse(SpecVector.unsigned)
        #expect(try document.canonicalized() == SpecVector.canonicalDocument)
        let signed = try EddsaJcs2022.sign(document: document, key: key, created: created)
        guard case .object(let members) = signed, case .object(var proof)? = members.last?.1 else {
            Issue.record("no proof object")
            return
        }
        proof.removeAll { $0.0 == "proofValue" }
        #expect(try JSONValue.object(proof).canonicalized() == SpecVector.canonicalProofConfig)
        let hash = try EddsaJcs2022.hashData(proofConfig: .object(proof), document: document)
        #expect(hash == hex(SpecVector.proofHash + SpecVector.documentHash))
        #expect(key.did.isValidSignature(hex(SpecVector.signatureHex), for: hash))
        #expect(Base58.multibase(hex(SpecVector.signatureHex)) == SpecVector.proofValue)
    }

    /// Ed25519 signatures are deterministic (RFC 8032), so the proof is the published one byte
    /// for byte. Apple's CryptoKit, which swift-crypto uses on Apple platforms, adds randomness to
    /// its signatures; there the proof differs but verifies all the same.
    @Test func specVectorProofIsReproduced() throws {
        let signed = try EddsaJcs2022.sign(document: JSONValue.parse(SpecVector.unsigned), key: SpecVector.key(), created: created)
        #if !canImport(CryptoKit)
            #expect(signed == (try JSONValue.parse(SpecVector.signed)))
        #endif
        #expect(try EddsaJcs2022.verify(document: signed).signer.multikey == SpecVector.publicKeyMultibase)
    }

    @Test func specVectorVerifies() throws {
        let verification = try EddsaJcs2022.verify(document: JSONValue.parse(SpecVector.signed))
        #expect(verification.signer.multikey == SpecVector.publicKeyMultibase)
        #expect(verification.created == created)
        #expect(verification.document == (try JSONValue.parse(SpecVector.unsigned)))
    }

    func credential() -> JSONValue {
        .object([
            ("@context", .array([.string("https://www.w3.org/ns/credentials/v2")])),
            ("type", .array([.string("VerifiableCredential"), .string("AchievementCredential")])),
            ("issuer", .object([("id", .string("did:example:school"))])),
            ("credentialSubject", .object([("result", .array([.object([("value", .string("3.25"))])])), ("score", .double(3.25))])),
            ("note", .string("Zoë — “naïve” 😀")),
        ])
    }

    @Test func roundTripAfterWritingAndReadingBack() throws {
        let key = SigningKey()
        let signed = try EddsaJcs2022.sign(document: credential(), key: key, created: created)
        // A verifier reads the text another program wrote: members reordered and spaced out.
        let text = signed.encoded
        let verification = try EddsaJcs2022.verify(document: JSONValue.parse(text))
        #expect(verification.signer == key.did)
        #expect(verification.document == credential())
        guard case .object(let members) = signed, case .object(let proof)? = members.last?.1 else {
            Issue.record("no proof object")
            return
        }
        #expect(proof.map(\.0) == ["type", "cryptosuite", "created", "verificationMethod", "proofPurpose", "@context", "proofValue"])
        #expect(proof[2].1 == .string("2023-02-24T23:36:38Z"))
        #expect(proof[3].1 == .string(key.did.verificationMethod))
    }

    @Test func reorderedMembersStillVerify() throws {
        let signed = try EddsaJcs2022.sign(document: credential(), key: SigningKey(), created: created)
        guard case .object(let members) = signed else { return }
        #expect(throws: Never.self) { try EddsaJcs2022.verify(document: .object(members.reversed())) }
    }

    @Test func oneChangedValueBreaksVerification() throws {
        let signed = try EddsaJcs2022.sign(document: credential(), key: SigningKey(), created: created)
        let tampered = try JSONValue.parse(signed.encoded.replacingOccurrences(of: #""3.25""#, with: #""3.5""#))
        #expect(throws: DataIntegrityError.invalidSignature) { try EddsaJcs2022.verify(document: tampered) }
        let backdated = try JSONValue.parse(signed.encoded.replacingOccurrences(of: "2023-02-24", with: "2023-02-23"))
        #expect(throws: DataIntegrityError.invalidSignature) { try EddsaJcs2022.verify(document: backdated) }
        let published = try JSONValue.parse(SpecVector.signed.replacingOccurrences(of: "The School of Examples", with: "The School of Exampler"))
        #expect(throws: DataIntegrityError.invalidSignature) { try EddsaJcs2022.verify(document: published) }
    }

    @Test func anotherKeysDIDDoesNotVerify() throws {
        let signed = try EddsaJcs2022.sign(document: credential(), key: SigningKey(), created: created)
        let impostor = SigningKey().did.verificationMethod
        let text = signed.encoded.replacing(#/did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+#z6Mk[1-9A-HJ-NP-Za-km-z]+/#, with: impostor)
        #expect(throws: DataIntegrityError.invalidSignature) { try EddsaJcs2022.verify(document: JSONValue.parse(text)) }
    }

    @Test func contextMustStartWithTheProofs() throws {
        let signed = try EddsaJcs2022.sign(document: credential(), key: SigningKey(), created: created)
        let extended = try JSONValue.parse(
            signed.encoded.replacingOccurrences(
                of: #""@context":["https://www.w3.org/ns/credentials/v2"],"type""#,
                with: #""@context":["https://www.w3.org/ns/credentials/v2","https://example.org/more"],"type""#))
        // Contexts after the signed ones are allowed (proof sets and chains add them) and not
        // covered: the verified document is the signed one, without them.
        #expect(try EddsaJcs2022.verify(document: extended).document == credential())
        let replaced = try JSONValue.parse(
            signed.encoded.replacingOccurrences(
                of: #""@context":["https://www.w3.org/ns/credentials/v2"],"type""#, with: #""@context":["https://example.org/other"],"type""#))
        #expect(throws: DataIntegrityError.contextMismatch) { try EddsaJcs2022.verify(document: replaced) }
    }

    @Test func aDocumentWithoutContextIsSignedWithoutOne() throws {
        let document = JSONValue.object([("claim", .int(1))])
        let signed = try EddsaJcs2022.sign(document: document, key: SigningKey(), created: created)
        guard case .object(let members) = signed, case .object(let proof)? = members.last?.1 else { return }
        #expect(!proof.contains { $0.0 == "@context" })
        #expect(try EddsaJcs2022.verify(document: signed).document == document)
    }

    @Test func whatCannotBeSigned() throws {
        let key = SigningKey()
        #expect(throws: DataIntegrityError.notAnObject) { try EddsaJcs2022.sign(document: .array([]), key: key, created: created) }
        let signed = try EddsaJcs2022.sign(document: credential(), key: key, created: created)
        #expect(throws: DataIntegrityError.alreadySigned) { try EddsaJcs2022.sign(document: signed, key: key, created: created) }
        #expect(throws: DataIntegrityError.notCanonicalizable(.nonFiniteNumber)) {
            try EddsaJcs2022.sign(document: .object([("x", .double(.nan))]), key: key, created: created)
        }
    }

    @Test(arguments: [
        (#""proofValue":"z"#, #""proofValue":"u"#, DataIntegrityError.malformedProof("\"proofValue\" is not a 64-byte signature in multibase base58btc")),
        (#""cryptosuite":"eddsa-jcs-2022""#, #""cryptosuite":"eddsa-rdfc-2022""#, .unsupportedProof("not a DataIntegrityProof with cryptosuite eddsa-jcs-2022")),
        (#""type":"DataIntegrityProof""#, #""type":"Ed25519Signature2020""#, .unsupportedProof("not a DataIntegrityProof with cryptosuite eddsa-jcs-2022")),
        (#""proofPurpose":"assertionMethod""#, #""proofPurpose":"authentication""#, .unsupportedProof("\"proofPurpose\" is not \"assertionMethod\"")),
        (#""created":"2023-02-24T23:36:38Z""#, #""created":"2023-02-24""#, .malformedProof("\"created\" is not an XML Schema date-time")),
        (#""created":"2023-02-24T23:36:38Z""#, #""created":"2023-02-30T23:36:38Z""#, .malformedProof("\"created\" is not an XML Schema date-time")),
        (#""verificationMethod":"did:key:"#, #""verificationMethod":"did:web:"#, .unknownVerificationMethod("did:web:")),
        (#""proof":{"#, #""proof":[{"#, .malformedProof("\"proof\" is not one object (proof sets are not supported)")),
        (#""proof":"#, #""evidence":"#, .noProof),
    ] as [(String, String, DataIntegrityError)])
    func malformedProofsAreRefusedWithAReason(original: String, replacement: String, error: DataIntegrityError) throws {
        let signed = try EddsaJcs2022.sign(document: credential(), key: SpecVector.key(), created: created)
        var text = signed.encoded.replacingOccurrences(of: original, with: replacement)
        if replacement.hasSuffix("[{") { text = String(text.dropLast()) + "]}" }
        #expect(text != signed.encoded)
        let document = try JSONValue.parse(text)
        let thrown = #expect(throws: DataIntegrityError.self) { try EddsaJcs2022.verify(document: document) }
        if case .unknownVerificationMethod(let method) = error, case .unknownVerificationMethod(let given)? = thrown {
            #expect(given.hasPrefix(method))
        } else {
            #expect(thrown == error)
        }
    }

    @Test func errorsReadAsSentences() {
        #expect(DataIntegrityError.invalidSignature.description == "the signature does not match the document")
        #expect(DataIntegrityError.notCanonicalizable(.duplicateKey("a")).description == "the document has no canonical form: the key \"a\" appears twice in one object")
    }
}
