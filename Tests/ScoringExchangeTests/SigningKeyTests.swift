import ScoringCore
import Testing
@testable import ScoringExchange

struct SigningKeyTests {
    @Test func keyFileRoundTrips() throws {
        let key = SigningKey()
        let file = key.encoded()
        #expect(file.hasSuffix("}\n"))
        let read = try SigningKey(keyFile: file)
        #expect(read.did == key.did)
        #expect(read.encoded() == file)
    }

    @Test func keyFileOfTheSpecVector() throws {
        let file = try SpecVector.key().encoded()
        let did = "did:key:\(SpecVector.publicKeyMultibase)"
        #expect(
            file
                == #"{"type":"Multikey","id":"\#(did)#\#(SpecVector.publicKeyMultibase)","controller":"\#(did)","publicKeyMultibase":"\#(SpecVector.publicKeyMultibase)","secretKeyMultibase":"\#(SpecVector.secretKeyMultibase)"}"#
                + "\n")
    }

    /// Open Badges 3.0's proof example writes the secret key as 64 bytes, seed then public key
    /// (1EdTech openbadges-specification, ob_v3p0/impl/linked-data-proof.md).
    @Test func sixtyFourByteSecretKeysAreRead() throws {
        let key = try SigningKey(
            keyFile: #"{"type":"Multikey","secretKeyMultibase":"zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx"}"#)
        #expect(key.did.multikey == "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")
        #expect(key.seed == hex("6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"))
    }

    @Test(arguments: [
        ("", "not a key file: 1:1: the text ends where a value should be"),
        ("[]", "not a key file: not a JSON object"),
        (#"{"type":"Ed25519VerificationKey2020"}"#, #"not a key file: "type" is not "Multikey""#),
        (#"{"type":"Multikey"}"#, #"the key file has no "secretKeyMultibase""#),
        (#"{"type":"Multikey","secretKeyMultibase":"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}"#, #""secretKeyMultibase" is not an Ed25519 secret key in multibase base58btc"#),
        (#"{"type":"Multikey","secretKeyMultibase":"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjx"}"#, #""secretKeyMultibase" is not an Ed25519 secret key in multibase base58btc"#),
        (
            #"{"type":"Multikey","publicKeyMultibase":"z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp","secretKeyMultibase":"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"}"#,
            #""publicKeyMultibase" does not belong to the secret key; the file is damaged"#
        ),
        (
            #"{"type":"Multikey","controller":"did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp","secretKeyMultibase":"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"}"#,
            #""controller" does not belong to the secret key; the file is damaged"#
        ),
    ])
    func damagedKeyFilesAreRefused(file: String, message: String) {
        #expect(throws: KeyFileError(message)) { try SigningKey(keyFile: file) }
    }

    @Test func aSixtyFourByteKeyWhoseHalvesDisagreeIsRefused() throws {
        let seed = try #require(Base58.decodeMultibase(SpecVector.secretKeyMultibase)).dropFirst(2)
        let other = SigningKey().did.publicKeyBytes
        let secret = Base58.multibase([0x80, 0x26] + seed + other)
        #expect(throws: KeyFileError(#"the public half of "secretKeyMultibase" does not belong to its secret half"#)) {
            try SigningKey(keyFile: #"{"type":"Multikey","secretKeyMultibase":"\#(secret)"}"#)
        }
    }

    @Test func newKeysDiffer() {
        #expect(SigningKey().did != SigningKey().did)
    }

    @Test func seedsOfAnotherLengthAreRefused() {
        #expect(SigningKey(seed: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(SigningKey(seed: [UInt8](repeating: 1, count: 64)) == nil)
    }
}
