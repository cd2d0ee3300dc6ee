import Foundation
import Testing
@testable import ScoringCore

struct ECMAScriptNumberTests {
    /// RFC 8785 Appendix B: IEEE 754 bits and their canonical JSON text.
    @Test(arguments: [
        (0x0000_0000_0000_0000, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"),
        (0xC340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"),
        (0x44B5_2D02_C7E1_4AF6, "1e+23"),
        (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
        (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
        (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
        (0x444B_1AE4_D6E2_EF50, "1e+21"),
        (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"),
        (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
        (0x41B3_DE43_5555_5553, "333333333.3333332"),
        (0x41B3_DE43_5555_5554, "333333333.33333325"),
        (0x41B3_DE43_5555_5555, "333333333.3333333"),
        (0x41B3_DE43_5555_5556, "333333333.3333334"),
        (0x41B3_DE43_5555_5557, "333333333.33333343"),
        (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
        (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
    ] as [(UInt64, String)])
    func rfc8785AppendixB(bits: UInt64, expected: String) {
        #expect(ECMAScriptNumber.string(Double(bitPattern: bits)) == expected)
    }

    @Test func nanAndTheInfinitiesHaveNoText() {
        #expect(ECMAScriptNumber.string(.nan) == nil)
        #expect(ECMAScriptNumber.string(.infinity) == nil)
        #expect(ECMAScriptNumber.string(-.infinity) == nil)
    }

    @Test(arguments: [
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (123e18, "123000000000000000000"),
        (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (1e-6, "0.000001"), (0.1 + 0.2, "0.30000000000000004"),
        (-1.0, "-1"), (2.5, "2.5"), (100.0, "100"), (1.2345e-300, "1.2345e-300"),
    ])
    func exponentThresholds(value: Double, expected: String) {
        #expect(ECMAScriptNumber.string(value) == expected)
    }

    /// Tests/ScoringCoreTests/Support/Fixtures/ecmascript-numbers.txt: what node (V8) writes for
    /// 3,425 doubles — random bit patterns, random decimals, neighbours of the powers of ten,
    /// subnormals and binary fractions; its header has the script that made it.
    @Test func agreesWithNodeOnThousandsOfDoubles() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ecmascript-numbers.txt")
        let lines = try String(contentsOf: fixture, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 3_425)
        var mismatches: [String] = []
        for line in lines {
            let fields = line.split(separator: ",")
            guard fields.count == 2, let bits = UInt64(fields[0], radix: 16) else {
                Issue.record("malformed fixture line \(line)")
                continue
            }
            let actual = ECMAScriptNumber.string(Double(bitPattern: bits)) ?? "nil"
            if actual != fields[1] { mismatches.append("\(fields[0]): \(actual), node \(fields[1])") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }
}
