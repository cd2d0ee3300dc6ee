import Testing
@testable import ScoringCore

struct JSONValueParsingTests {
    @Test func readsEveryKindOfValueKeepingMemberOrder() throws {
        let value = try JSONValue.parse(" {\"b\": [1, -2.5, 3e2, true, false, null], \"a\": {\"x\": \"y\"}, \"c\": -0} \n")
        #expect(
            value
                == .object([
                    ("b", .array([.int(1), .double(-2.5), .double(300), .bool(true), .bool(false), .null])),
                    ("a", .object([("x", .string("y"))])),
                    ("c", .int(0)),
                ]))
        #expect(try JSONValue.parse("\"top\"") == .string("top"))
        #expect(try JSONValue.parse("[]") == .array([]))
        #expect(try JSONValue.parse("{}") == .object([]))
    }

    @Test func escapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\uD83D\uDE00""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\té😀"))
        #expect(try JSONValue.parse("\"é😀\"") == .string("é😀"))
        #expect(try JSONValue.parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func integersThatFitAnIntAreIntsOtherNumbersDoubles() throws {
        #expect(try JSONValue.parse("9223372036854775807") == .int(Int.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(Int.min))
        #expect(try JSONValue.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue.parse("1.0") == .double(1))
        #expect(try JSONValue.parse("1e-400") == .double(0))
    }

    /// The encoder's output reads back to the same value.
    @Test func encodedTextReadsBack() throws {
        let value = JSONValue.object([
            ("s", .string("tab\t\"quote\" \u{1} \u{2028} ü")), ("n", .array([.int(-7), .double(0.1), .double(3), .double(1e300)])),
            ("o", .object([])), ("z", .null),
        ])
        #expect(try JSONValue.parse(value.encoded) == value)
    }

    @Test(arguments: [
        ("", 1, 1, "the text ends where a value should be"),
        ("[1] x", 1, 5, "text after the JSON value"),
        ("\u{FEFF}1", 1, 1, "a byte-order mark; JSON text starts with its value"),
        ("[1,]", 1, 4, "not a JSON value"),
        ("{\"a\":1,}", 1, 8, "expected a key in double quotes"),
        ("{'a':1}", 1, 2, "expected a key in double quotes"),
        ("// c\n1", 1, 1, "not a JSON value"),
        ("\n  [01]", 2, 5, "a number with a leading zero"),
        ("-", 1, 2, "a '-' without digits"),
        ("1.", 1, 3, "a decimal point without digits after it"),
        ("1e+", 1, 4, "an exponent without digits"),
        ("NaN", 1, 1, "not a JSON value"),
        ("-Infinity", 1, 2, "a '-' without digits"),
        ("1e400", 1, 1, "a number too large for a double"),
        ("\"a\u{9}b\"", 1, 3, "a control character in a string; write it as an escape"),
        (#""\x""#, 1, 2, "an unknown escape in a string"),
        (#""\u12G4""#, 1, 2, #"a \u escape needs four hex digits"#),
        (#""\uD83D""#, 1, 8, #"a \u escape of a lone surrogate, which is no character"#),
        (#""\uDE00""#, 1, 8, #"a \u escape of a lone surrogate, which is no character"#),
        (#""\uD83D\u0041""#, 1, 14, #"a \u escape of a lone surrogate, which is no character"#),
        ("\"open", 1, 6, "a string is never closed"),
        ("{\"a\":1,\n\"a\":2}", 2, 1, "the key \"a\" appears twice in this object"),
        ("{\"a\" 1}", 1, 6, "expected ':' after the key"),
        ("[1 2]", 1, 4, "expected ',' or ']' in an array"),
        ("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}' in an object"),
        ("tru", 1, 1, "not a JSON value"),
        ("\u{C}1", 1, 1, "not a JSON value"),
    ])
    func strictRFC8259(text: String, line: Int, column: Int, message: String) {
        #expect(throws: JSONValue.ParseError(line: line, column: column, message: message)) { try JSONValue.parse(text) }
    }

    @Test func nestingIsBounded() throws {
        let depth = JSONValue.maximumDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try JSONValue.parse(deepest) }
        let tooDeep = "[" + deepest + "]"
        #expect(throws: JSONValue.ParseError(line: 1, column: depth + 1, message: "nested deeper than \(depth) levels")) {
            try JSONValue.parse(tooDeep)
        }
    }

    @Test func keysDifferingOnlyByNormalizationAreTwoKeys() throws {
        let value = try JSONValue.parse("{\"e\u{301}\":1,\"\u{E9}\":2}")
        guard case .object(let pairs) = value else {
            Issue.record("not an object")
            return
        }
        #expect(pairs.count == 2)
    }

    @Test func errorsDescribeThemselvesAsLineColonColumn() {
        #expect(JSONValue.ParseError(line: 3, column: 7, message: "oops").description == "3:7: oops")
    }
}
