import ScoringExchange
import Testing

struct NameBasedUUIDTests {
    /// RFC 9562's namespace for domain names.
    static let dns: [UInt8] = [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]

    @Test func matchesThePublishedExample() {
        // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
        #expect(NameBasedUUID.version5("www.example.com", in: Self.dns) == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    @Test func theSameNameGivesTheSameUUIDAndAnotherNameAnother() {
        let first = NameBasedUUID.version5("rubric:essay:1")
        #expect(first == NameBasedUUID.version5("rubric:essay:1"))
        #expect(first != NameBasedUUID.version5("rubric:essay:2"))
        #expect(first != NameBasedUUID.version5("rubric:essay:1", in: Self.dns))
    }

    @Test func hasCASEsFormWithVersion5AndTheRFCVariant() {
        for name in ["", "a", "rubric:argumentative-writing:2:criterion:claim:level:4", "ünïcödé"] {
            let uuid = Array(NameBasedUUID.version5(name))
            #expect(uuid.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { uuid[$0] == "-" })
            #expect(uuid.enumerated().allSatisfy { [8, 13, 18, 23].contains($0.offset) || "0123456789abcdef".contains($0.element) })
            #expect(uuid[14] == "5")
            #expect("89ab".contains(uuid[19]))
        }
    }
}
