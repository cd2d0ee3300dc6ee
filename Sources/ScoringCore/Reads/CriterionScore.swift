/// One criterion's score within a read.
public struct CriterionScore: Sendable, Equatable, Hashable {
    public var criterion: String
    public var score: Int

    public init(criterion: String, score: Int) {
        self.criterion = criterion
        self.score = score
    }
}

/// The compact text form the store keeps a read's scores in: `claim=3;evidence=2`, criteria in
/// rubric order. One row per read (not per criterion) keeps statewide imports and scans fast,
/// and the text stays readable to anyone opening the database with `sqlite3`.
public enum ScoreEncoding {
    public static func encode(_ scores: [CriterionScore]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scores.count * 12)
        encode(scores, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of `encode(scores)` to `bytes`, for a writer that binds bytes and
    /// would only take them back out of a string.
    public static func encode(_ scores: [CriterionScore], into bytes: inout [UInt8]) {
        for (index, item) in scores.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ";")) }
            bytes.append(contentsOf: item.criterion.utf8)
            bytes.append(UInt8(ascii: "="))
            appendDecimal(item.score, to: &bytes)
        }
    }

    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// Decodes what `encode` wrote; nil for text it could not have written.
    public static func decode(_ text: String) -> [CriterionScore]? {
        if text.isEmpty { return [] }
        var result: [CriterionScore] = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            guard let equals = part.firstIndex(of: "="), let score = Int(part[part.index(after: equals)...]) else {
                return nil
            }
            result.append(CriterionScore(criterion: String(part[..<equals]), score: score))
        }
        return result
    }
}
