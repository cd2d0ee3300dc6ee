import Testing
@testable import ScoringExchange

struct Base58Tests {
    /// The examples of the IETF base58 draft (draft-msporny-base58, section 5), and edge cases.
    @Test(arguments: [
        (Array("Hello World!".utf8), "2NEpo7TZRRrLZSi2U"),
        (Array("The quick brown fox jumps over the lazy dog.".utf8), "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"),
        ([0x00, 0x00, 0x28, 0x7F, 0xB4, 0xCD], "11233QC4"),
        ([], ""),
        ([0x00], "1"),
        ([0x00, 0x00, 0x00], "111"),
        ([0x39], "z"),
        ([0x3A], "21"),
        ([0xFF, 0xFF], "LUv"),
    ] as [([UInt8], String)])
    func encodesAndDecodes(bytes: [UInt8], text: String) {
        #expect(Base58.encode(bytes) == text)
        #expect(Base58.decode(text) == bytes)
        #expect(Base58.multibase(bytes) == "z" + text)
        #expect(Base58.decodeMultibase("z" + text) == bytes)
    }

    @Test func charactersOutsideTheAlphabetAreRefused() {
        for text in ["0", "O", "I", "l", "2NEpo7 TZ", "é", "+"] {
            #expect(Base58.decode(text) == nil, "\(text)")
        }
        // Another multibase encoding (base64, 'm') or none at all.
        #expect(Base58.decodeMultibase("mAQID") == nil)
        #expect(Base58.decodeMultibase("2NEpo7TZRRrLZSi2U") == nil)
    }

    @Test func roundTripsRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<80 {
            let bytes = (0..<length).map { index in index < length / 10 ? 0 : UInt8.random(in: 0...255, using: &generator) }
            #expect(Base58.decode(Base58.encode(bytes)) == bytes)
        }
    }
}
