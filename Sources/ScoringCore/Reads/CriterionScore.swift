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
        var text = ""
        text.reserveCapacity(scores.count * 12)
        for (index, item) in scores.enumerated() {
            if index > 0 { text += ";" }
            text += item.criterion
            text += "="
            text += String(item.score)
        }
        return text
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
