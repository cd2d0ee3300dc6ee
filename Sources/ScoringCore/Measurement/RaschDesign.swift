/// The observations of a Rasch analysis with their elements interned to small integers, per
/// facet (0 students, 1 raters, 2 criteria), and which of them stay in play once the extreme
/// elements are out.
struct RaschDesign {
    /// Per facet, the ids in the order the observations first name them.
    let ids: [[String]]
    /// Per facet, the element of each observation.
    let element: [[Int]]
    let category: [Int]
    /// The highest category, m.
    let maximumCategory: Int
    /// Per observation: false once one of its elements has left as extreme.
    private(set) var inPlay: [Bool]
    /// Per facet and element: why it left, nil while it stays.
    private(set) var extreme: [[ExtremeScore?]]

    /// Interns the observations; categories must already lie in 0...`maximumCategory`.
    init(_ observations: [RaschObservation], maximumCategory: Int) {
        var ids: [[String]] = [[], [], []]
        var lookup: [[String: Int]] = [[:], [:], [:]]
        var element: [[Int]] = [[], [], []]
        for facet in 0..<3 { element[facet].reserveCapacity(observations.count) }
        for observation in observations {
            let names = [observation.student, observation.rater, observation.criterion]
            for facet in 0..<3 {
                let name = names[facet]
                if let index = lookup[facet][name] {
                    element[facet].append(index)
                } else {
                    lookup[facet][name] = ids[facet].count
                    element[facet].append(ids[facet].count)
                    ids[facet].append(name)
                }
            }
        }
        self.ids = ids
        self.element = element
        category = observations.map(\.category)
        self.maximumCategory = maximumCategory
        inPlay = Array(repeating: true, count: observations.count)
        extreme = ids.map { Array(repeating: nil, count: $0.count) }
    }

    var observationCount: Int { category.count }

    /// Removes extreme elements as SPEC 13 says: every element whose score over the observations
    /// still in play is the lowest or highest possible leaves at once, with its observations, and
    /// this repeats until none is left. An element all of whose observations have left with
    /// others leaves too, as `.noObservationsLeft`.
    /// - Complexity: O(observations × rounds); each round removes at least one element.
    mutating func removeExtremes() {
        while true {
            var score = ids.map { [Int](repeating: 0, count: $0.count) }
            var count = ids.map { [Int](repeating: 0, count: $0.count) }
            for observation in 0..<observationCount where inPlay[observation] {
                for facet in 0..<3 {
                    score[facet][element[facet][observation]] += category[observation]
                    count[facet][element[facet][observation]] += 1
                }
            }
            var leaving = false
            for facet in 0..<3 {
                for index in ids[facet].indices where extreme[facet][index] == nil {
                    if count[facet][index] == 0 {
                        extreme[facet][index] = .noObservationsLeft
                    } else if score[facet][index] == 0 {
                        extreme[facet][index] = .minimum
                    } else if score[facet][index] == maximumCategory * count[facet][index] {
                        extreme[facet][index] = .maximum
                    } else {
                        continue
                    }
                    leaving = true
                }
            }
            guard leaving else { return }
            for observation in 0..<observationCount where inPlay[observation] {
                if (0..<3).contains(where: { extreme[$0][element[$0][observation]] != nil }) {
                    inPlay[observation] = false
                }
            }
        }
    }

    /// The observations in play, with their elements renumbered 0..<n per facet over the
    /// elements still in play.
    func estimationData() -> RaschEstimationData {
        var compact = extreme.map { flags in [Int](repeating: -1, count: flags.count) }
        var original: [[Int]] = [[], [], []]
        for facet in 0..<3 {
            for index in extreme[facet].indices where extreme[facet][index] == nil {
                compact[facet][index] = original[facet].count
                original[facet].append(index)
            }
        }
        var element: [[Int]] = [[], [], []]
        var category: [Int] = []
        for observation in 0..<observationCount where inPlay[observation] {
            for facet in 0..<3 { element[facet].append(compact[facet][self.element[facet][observation]]) }
            category.append(self.category[observation])
        }
        return RaschEstimationData(original: original, element: element, category: category,
                                   maximumCategory: maximumCategory)
    }
}

/// The observations that the estimation uses, over the non-extreme elements only, renumbered.
struct RaschEstimationData: Sendable {
    /// Per facet, the design's index of each element in play.
    let original: [[Int]]
    /// Per facet, the element of each observation.
    let element: [[Int]]
    let category: [Int]
    let maximumCategory: Int

    var observationCount: Int { category.count }
    func count(_ facet: Int) -> Int { original[facet].count }

    /// Per student, the indices of their observations: the Newton step eliminates students one
    /// at a time.
    func observationsByStudent() -> [[Int]] {
        var result = [[Int]](repeating: [], count: count(0))
        for observation in 0..<observationCount { result[element[0][observation]].append(observation) }
        return result
    }
}
