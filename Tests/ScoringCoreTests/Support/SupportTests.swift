import Testing
@testable import ScoringCore

/// Records of `text` as strings, with the problems met on the way (the reader carries on after one).
private func records(_ text: String) -> (rows: [[String]], problems: [CSVReader.Problem]) {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { buffer in
        var reader = CSVReader(UnsafeBufferPointer(buffer))
        var rows: [[String]] = []
        var problems: [CSVReader.Problem] = []
        while true {
            do {
                guard try reader.next() else { break }
                rows.append(reader.fields.indices.map { index in reader.withBytes(of: index) { String(decoding: $0, as: UTF8.self) } })
            } catch let problem as CSVReader.Problem {
                problems.append(problem)
            } catch {
                Issue.record("unexpected error \(error)")
                break
            }
        }
        return (rows, problems)
    }
}

struct CSVReaderTests {
    @Test func quotedFieldsCommasNewlinesAndDoubledQuotes() {
        let result = records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",\n")
        #expect(result.problems.isEmpty)
        #expect(result.rows == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", ""]])
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstField() {
        #expect(records("\u{FEFF}student,task\n").rows == [["student", "task"]])
    }

    @Test func aStrayQuoteSpoilsOnlyItsOwnLine() {
        let result = records("a,b\nx,y\"z\nc,d\ne,f\n")
        #expect(result.rows == [["a", "b"], ["c", "d"], ["e", "f"]])
        #expect(result.problems == [CSVReader.Problem(line: 2, message: "a double quote inside an unquoted field; quote the field and double the quote")])
    }

    @Test func textAfterAClosingQuoteSpoilsOnlyItsOwnLine() {
        let result = records("\"a\"b,c\nd,e\n")
        #expect(result.rows == [["d", "e"]])
        #expect(result.problems.map(\.line) == [1])
        #expect(result.problems.first?.message == "text after the closing quote of a field")
    }

    @Test func anUnclosedQuoteIsReportedOnTheLineItStarts() {
        let result = records("a,b\nc,\"never closed\nmore\n")
        #expect(result.rows == [["a", "b"]])
        #expect(result.problems == [CSVReader.Problem(line: 2, message: "a quoted field is never closed")])
    }

    /// Plain fields are scanned eight bytes at a time: every length around a word, every
    /// byte that ends a field at every place in one, and the last bytes of the input (fewer
    /// than eight) split exactly as byte by byte.
    @Test func fieldsOfEveryLengthEndWhereTheirByteIs() {
        for length in 0...19 {
            for end in [",", "\n", "\r\n"] {
                let field = String((0..<length).map { Character(UnicodeScalar(UInt8(0x61 + $0 % 26))) })
                let text = "\(field)\(end)\(field)é\(end)x"
                let result = records(text)
                #expect(result.problems.isEmpty)
                let expected = end == "," ? [[field, field + "é", "x"]] : [[field], [field + "é"], ["x"]]
                #expect(result.rows == expected, "length \(length), ending \(end.debugDescription)")
            }
            // A quote inside a plain field spoils its line wherever in a word it is (at the
            // start it opens a quoted field).
            if length == 0 { continue }
            let result = records(String(repeating: "a", count: length) + "\"b,c\nd,e\n")
            #expect(result.rows == [["d", "e"]] && result.problems.map(\.line) == [1], "quote after \(length) bytes")
        }
    }

    /// Comparing a field with an earlier one (eight bytes at a time) tells a difference in any
    /// byte, and length.
    @Test func aFieldEqualsAnEarlierOneOnlyByteForByte() {
        for length in 1...19 {
            let base = String(repeating: "s", count: length)
            for place in 0..<length {
                var changed = Array(base.utf8)
                changed[place] = UInt8(ascii: "t")
                let text = "\(base),\(base),\(String(decoding: changed, as: UTF8.self)),\(base)s\n"
                var bytes = Array(text.utf8)
                bytes.withUnsafeMutableBufferPointer { buffer in
                    var reader = CSVReader(UnsafeBufferPointer(buffer))
                    #expect((try? reader.next()) == true)
                    let first = reader.fields[0]
                    #expect(reader.field(1, equals: first))
                    #expect(!reader.field(2, equals: first), "length \(length), byte \(place)")
                    #expect(!reader.field(3, equals: first))
                }
            }
        }
    }

    /// Text from bytes: ASCII as it is, other UTF-8 validated, and no NUL byte.
    @Test func textFromBytesIsValidUTF8WithoutNUL() {
        func text(_ bytes: [UInt8]) -> String? { bytes.withUnsafeBufferPointer { String(text: $0) } }
        #expect(text(Array("s-0001".utf8)) == "s-0001")
        #expect(text(Array("Zoë".utf8)) == "Zoë")
        #expect(text([]) == "")
        #expect(text([0x61, 0x00, 0x62]) == nil)
        #expect(text([0x61, 0xC3]) == nil)
        #expect(text([0xFF, 0x61]) == nil)
    }
}

struct FormatTests {
    @Test(arguments: [(3.0, "3"), (2.5, "2.5"), (-1.0, "-1"), (0.1 + 0.2, "0.30000000000000004")])
    func numbers(value: Double, expected: String) {
        #expect(Format.number(value) == expected)
    }

    @Test(arguments: [(2.345, 2, "2.35"), (-0.004, 2, "0.00"), (-1.5, 0, "-2"), (0.1, 3, "0.100"), (1e20, 2, "1e+20")])
    func fixed(value: Double, places: Int, expected: String) {
        #expect(Format.fixed(value, places: places) == expected)
    }

    @Test func fixedLeavesNonFiniteValuesBlank() {
        #expect(Format.fixed(.nan, places: 2) == "")
        #expect(Format.fixed(.infinity, places: 2) == "")
    }

    @Test(arguments: [(0.7, "70%"), (0.07, "7%"), (0.0725, "7.3%"), (2.0 / 3, "66.7%"), (0.99999, "100%"), (0, "0%")])
    func percent(share: Double, expected: String) {
        #expect(Format.percent(share) == expected)
    }

    @Test func measuresAndVariancesHaveTheirOwnPlaces() {
        #expect(Format.measure(-0.4651) == "-0.47")
        #expect(Format.measure(1.2) == "1.20")
        #expect(Format.measure(-0.001) == "0.00")
        #expect(Format.variance(0.4731481481) == "0.4731")
        #expect(Format.variance(-0.01234) == "-0.0123")
    }

    @Test func counts() {
        #expect(Format.count(1, "read") == "1 read")
        #expect(Format.count(2, "read") == "2 reads")
        #expect(Format.count(0, "criterion", plural: "criteria") == "0 criteria")
    }
}

struct SuggestionTests {
    @Test func typosPrefixesAndStems() {
        #expect(Suggestion.nearest(to: "tsak", among: ["task", "rubric"]) == "task")
        #expect(Suggestion.nearest(to: "rub", among: ["task", "rubric"]) == "rubric")
        #expect(Suggestion.nearest(to: "critera", among: ["criterion", "calibration"]) == "criterion")
        #expect(Suggestion.nearest(to: "zzzz", among: ["task", "rubric"]) == nil)
        #expect(Suggestion.nearest(to: "", among: ["task"]) == nil)
    }

    @Test func aTieAlwaysGivesTheSameAnswer() {
        let forward = Suggestion.nearest(to: "cat", among: ["bat", "hat", "mat"])
        let backward = Suggestion.nearest(to: "cat", among: ["mat", "hat", "bat"])
        #expect(forward == "bat")
        #expect(backward == "bat")
    }
}

struct BankTests {
    @Test func oneBadFileNeverHidesTheGoodOnes() {
        let good = Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: MalformedRubricTests.valid)
        let bad = Bank.SourceFile(path: "Rubrics/broken.yaml", id: "broken", text: "id: broken\ntitle: [\n")
        let unreadable = Bank.SourceFile(path: "Rubrics/locked.yaml", id: "locked", problem: "cannot be read")
        let task = Bank.SourceFile(path: "TaskBank/t.yaml", id: "t", text: "id: t\ntitle: T\nkind: performance-task\nrubric: essay\n")
        let orphan = Bank.SourceFile(path: "TaskBank/u.yaml", id: "u", text: "id: u\ntitle: U\nkind: performance-task\nrubric: broken\n")
        let framework = Bank.SourceFile(path: "TaskBank/competencies.yaml", id: "competencies", text: MalformedFrameworkTests.valid)
        let bank = Bank.assemble(rubrics: [bad, good, unreadable], tasks: [task, orphan], framework: framework)
        #expect(Set(bank.rubrics.keys) == ["essay"])
        #expect(Set(bank.tasks.keys) == ["t"])
        #expect(bank.problems.map(\.file) == ["Rubrics/broken.yaml", "Rubrics/locked.yaml", "TaskBank/u.yaml"])
        #expect(bank.rejectedTasks["u"]?.message.contains("broken") == true)
    }

    @Test func aChangedRubricWithAnUnchangedVersionIsRefusedOnceUsed() throws {
        let rubric = try MalformedRubricTests.parse(MalformedRubricTests.valid)
        let edited = MalformedRubricTests.valid.replacingOccurrences(of: "4: precise", with: "4: exact")
        let file = Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: edited)
        let key = RubricVersionKey(rubric: "essay", version: 1)
        let framework = Bank.SourceFile(path: "TaskBank/competencies.yaml", id: "competencies", text: MalformedFrameworkTests.valid)
        let refused = Bank.assemble(rubrics: [file], tasks: [], framework: framework, snapshots: [key: rubric.canonicalForm])
        #expect(refused.rubrics.isEmpty)
        #expect(refused.problems.first?.message.contains("bump 'version' to 2") == true)
        let unchanged = Bank.SourceFile(path: "Rubrics/essay.yaml", id: "essay", text: MalformedRubricTests.valid)
        let accepted = Bank.assemble(rubrics: [unchanged], tasks: [], framework: framework, snapshots: [key: rubric.canonicalForm])
        #expect(accepted.rubrics["essay"] != nil)
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-10-05T14:03:00Z", "2026-10-05T14:03:00Z"), ("2026-10-05T09:03:00-05:00", "2026-10-05T14:03:00Z"),
        ("2026-10-05 16:03:00.250+02:00", "2026-10-05T14:03:00Z"), ("2026-10-05T14:03z", "2026-10-05T14:03:00Z"),
        ("2026-10-05", "2026-10-05T00:00:00Z"), ("2024-02-29T23:59:59+0000", "2024-02-29T23:59:59Z"),
    ])
    func zonedDateTimesAndBareDatesParse(text: String, utc: String) {
        #expect(Timestamp(iso8601: text)?.description == utc)
        #expect(Timestamp.problem(with: text) == nil)
    }

    @Test(arguments: ["2026-10-05T14:03:00", "2026-10-05 14:03", "2026-10-05T14:03:00.5"])
    func aTimeWithoutAZoneIsRefusedNotGuessed(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
        #expect(Timestamp.problem(with: text) == "has no time zone; add Z for UTC or an offset such as -04:00 (2026-10-05T14:03:00-04:00)")
    }

    @Test(arguments: ["yesterday", "2026-13-01", "2026-02-30T10:00:00Z", "2026-10-05T24:00:00Z", "2026-10-05T10:00:00+25:00", ""])
    func notADateTime(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
        #expect(Timestamp.problem(with: text) == "is not an ISO 8601 date-time such as 2026-10-05T14:03:00Z")
    }
}
