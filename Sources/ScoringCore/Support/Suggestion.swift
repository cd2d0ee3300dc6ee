/// "Did you mean …?" by edit distance, for misspelt keys, commands and ids.
public enum Suggestion {
    /// The candidate closest to `word`, if one is close enough to be a plausible typo (at most a
    /// third of the word's length away), else the only candidate that starts with `word` or
    /// shares its first five characters (`critera` → `criterion`).
    public static func nearest(to word: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        guard !target.isEmpty, target.count <= 64 else { return nil }
        // Sorted, so that a tie always suggests the same candidate whatever order they came in.
        let candidates = Array(Set(candidates)).sorted()
        let extensions = candidates.filter { $0.lowercased().hasPrefix(word.lowercased()) && $0 != word }
        if extensions.count == 1, target.count >= 3 { return extensions[0] }
        let limit = max(1, target.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        if let best { return best.candidate }
        guard target.count >= 5 else { return nil }
        let stem = String(String.UnicodeScalarView(target.prefix(5)))
        let related = candidates.filter { $0.lowercased().hasPrefix(stem) }
        return related.count == 1 ? related[0] : nil
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, twoBack[j - 2] + 1)
                }
                current[j] = value
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
