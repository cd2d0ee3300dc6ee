import Testing
@testable import ScoringCore

struct JSONCanonicalizationTests {
    func canonical(_ text: String) throws -> String {
        try JSONValue.parse(text).canonicalized()
    }

    /// RFC 8785 section 3.2.2, the example of the whole scheme.
    @Test func rfc8785ValuesExample() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let output = try canonical(input)
        #expect(output == #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
        // RFC 8785 section 3.2.4: the UTF-8 bytes that are hashed or signed.
        let hex = """
            7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61 6c 73 65 5d 2c 22 6e
            75 6d 62 65 72 73 22 3a 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 65 2b 33 30
            2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24
            5c 75 30 30 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d
            """
        #expect(Array(output.utf8) == hex.split(whereSeparator: \.isWhitespace).map { UInt8($0, radix: 16)! })
    }

    /// RFC 8785 section 3.2.3: members sorted by UTF-16 code units, so U+1F600 (D83D DE00)
    /// comes before U+FB33, although its scalar value is larger.
    @Test func rfc8785SortingExample() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        guard case .object(let pairs) = try JSONValue.parse(input) else {
            Issue.record("not an object")
            return
        }
        let sorted = try JSONValue.object(pairs).canonicalized()
        let order = ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"]
        let positions = order.compactMap { sorted.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
    }

    /// The reference implementation's test data (cyberphone/json-canonicalization, testdata/).
    @Test(arguments: [
        (#"[56, {"d": true, "10": null, "1": [ ]}]"#, #"[56,{"1":[],"10":null,"d":true}]"#),
        (
            #"{"peach": "This sorting order", "péché": "is wrong according to French", "pêche": "but canonicalization MUST", "sin": "ignore locale"}"#,
            #"{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ignore locale"}"#
        ),
        (
            #"{"1": {"f": {"f": "hi","F": 5} ,"\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ {"e": "yes","E": "no" } ], "A": { }}"#,
            #"{"":"empty","1":{"\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{"E":"no","e":"yes"}],"A":{},"a":{}}"#
        ),
        (
            #"{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\u000a": "Newline", "1": "One", "\u0080": "Control\u007f", "\ud83d\ude02": "Smiley", "\u00f6": "Latin Small Letter O With Diaeresis", "\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}"#,
            "{\"\\n\":\"Newline\",\"\\r\":\"Carriage Return\",\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u{80}\":\"Control\u{7F}\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😂\":\"Smiley\",\"דּ\":\"Hebrew Letter Dalet With Dagesh\"}"
        ),
    ])
    func referenceTestData(input: String, expected: String) throws {
        #expect(try canonical(input) == expected)
    }

    /// Canonicalization never normalizes Unicode: "A" + U+030A stays two scalars, not "Å" (U+00C5).
    @Test func unicodeIsNotNormalized() throws {
        let output = try canonical(#"{"Unnormalized Unicode":"A\u030a"}"#)
        #expect(Array(output.utf8) == Array(#"{"Unnormalized Unicode":"A"#.utf8) + [0xCC, 0x8A, 0x22, 0x7D])
    }

    @Test func controlCharactersUseShortEscapesElseLowercaseHex() throws {
        let value = JSONValue.string("\u{0}\u{1}\u{8}\t\n\u{B}\u{C}\r\u{1F} \u{7F}\u{2028}/")
        #expect(try value.canonicalized() == #""\u0000\u0001\b\t\n\u000b\f\r\u001f "# + "\u{7F}\u{2028}/\"")
    }

    @Test func integersAndDoublesOfOneValueAgree() throws {
        #expect(try JSONValue.int(3).canonicalized() == "3")
        #expect(try JSONValue.double(3).canonicalized() == "3")
        #expect(try JSONValue.double(-0.0).canonicalized() == "0")
        #expect(try JSONValue.int(1 << 53).canonicalized() == "9007199254740992")
        // 2^60 is a double exactly; ECMAScript writes its shortest digits, padded with zeros.
        #expect(try JSONValue.int(1 << 60).canonicalized() == "1152921504606847000")
        #expect(try JSONValue.int(-(1 << 62)).canonicalized() == "-4611686018427388000")
    }

    @Test func valuesOutsideIJSONHaveNoCanonicalForm() {
        #expect(throws: JSONCanonicalizationError.nonFiniteNumber) { try JSONValue.array([.double(.nan)]).canonicalized() }
        #expect(throws: JSONCanonicalizationError.nonFiniteNumber) { try JSONValue.double(-.infinity).canonicalized() }
        #expect(throws: JSONCanonicalizationError.inexactInteger((1 << 53) + 1)) {
            try JSONValue.int((1 << 53) + 1).canonicalized()
        }
        #expect(throws: JSONCanonicalizationError.duplicateKey("a")) {
            try JSONValue.object([("a", .int(1)), ("b", .null), ("a", .int(2))]).canonicalized()
        }
    }

    /// Keys that Swift's `==` calls equal (canonically equivalent) are different keys here.
    @Test func equivalentButDifferentKeysAreBothKept() throws {
        let value = JSONValue.object([("e\u{301}", .int(1)), ("\u{E9}", .int(2))])
        #expect(try value.canonicalized() == "{\"e\u{301}\":1,\"\u{E9}\":2}")
    }

    @Test func degenerateValues() throws {
        #expect(try JSONValue.null.canonicalized() == "null")
        #expect(try JSONValue.bool(true).canonicalized() == "true")
        #expect(try JSONValue.array([]).canonicalized() == "[]")
        #expect(try JSONValue.object([]).canonicalized() == "{}")
        #expect(try JSONValue.string("").canonicalized() == #""""#)
    }

    @Test func canonicalizationIsIdempotent() throws {
        let once = try canonical(#"{"b":[1.50,{"z":null,"y":"\u00e9"}],"a":-0.0}"#)
        #expect(once == #"{"a":0,"b":[1.5,{"y":"é","z":null}]}"#)
        #expect(try canonical(once) == once)
    }
}
