import Testing
@testable import ScoringExchange

struct PseudonymizerTests {
    /// RFC 4231 test case 2: HMAC-SHA-256 with key "Jefe" of "what do ya want for nothing?".
    @Test func hmacSHA256KnownAnswer() {
        let pseudonymizer = Pseudonymizer(key: Array("Jefe".utf8))
        let mac = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(pseudonymizer.pseudonym(for: "what do ya want for nothing?") == String(mac.prefix(32)))
    }

    @Test func oneKeyGivesEachIdOnePseudonym() {
        let pseudonymizer = Pseudonymizer()
        let ids = (0..<1_000).map { "s\($0)" }
        let first = ids.map(pseudonymizer.pseudonym(for:))
        #expect(ids.map(pseudonymizer.pseudonym(for:)) == first)
        #expect(Set(first).count == ids.count)
        #expect(first.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
        // Canonically equivalent spellings are different ids, as they are in the store.
        #expect(pseudonymizer.pseudonym(for: "Zoe\u{301}") != pseudonymizer.pseudonym(for: "Zo\u{E9}"))
    }

    /// Two exports share no pseudonym, so neither a student's pseudonym nor the order of
    /// pseudonyms joins one export's rows to another's.
    @Test func twoKeysGiveUnjoinablePseudonyms() {
        let ids = (0..<1_000).map { "s\($0)" }
        let first = Set(ids.map(Pseudonymizer().pseudonym(for:)))
        let second = Set(ids.map(Pseudonymizer().pseudonym(for:)))
        #expect(first.isDisjoint(with: second))
    }
}
