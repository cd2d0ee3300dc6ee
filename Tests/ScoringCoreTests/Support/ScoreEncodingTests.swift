import Testing
@testable import ScoringCore

/// The `claim=3;evidence=2` text a store keeps a read's scores in.
struct ScoreEncodingTests {
    static let cases: [([CriterionScore], String)] = [
        ([], ""),
        ([CriterionScore(criterion: "claim", score: 3)], "claim=3"),
        ([CriterionScore(criterion: "claim", score: 0), CriterionScore(criterion: "evidence", score: 10)], "claim=0;evidence=10"),
        ([CriterionScore(criterion: "données", score: 1234567), CriterionScore(criterion: "x", score: -2)], "données=1234567;x=-2"),
    ]

    @Test(arguments: cases) func scoresEncodeAsTextAndBack(scores: [CriterionScore], text: String) {
        #expect(ScoreEncoding.encode(scores) == text)
        #expect(ScoreEncoding.decode(text) == scores)
    }

    @Test(arguments: cases) func theBytesAreTheTextsAppendedToWhatWasThere(scores: [CriterionScore], text: String) {
        var bytes = Array("kept|".utf8)
        ScoreEncoding.encode(scores, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "kept|" + text)
    }
}
