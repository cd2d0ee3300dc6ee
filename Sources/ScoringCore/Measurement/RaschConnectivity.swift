extension RaschEstimationData {
    /// The subsets each facet falls into when the observations do not connect every element;
    /// empty when they do.
    ///
    /// The measures enter every observation only as B_n - C_j - D_i, so they are identified
    /// (up to the two shifts the centring removes) exactly when the only solutions of
    /// b_n + c_j + d_i = 0 over the observations are those shifts. Two elements of one facet
    /// can be compared when every solution gives them the same value; elements that cannot form
    /// the facet's groups. This is exact whatever the design: it catches raters who share no
    /// students with the rest, and also criteria confounded with raters, which no graph of
    /// shared students or raters reveals.
    ///
    /// The solutions are the null space of MᵀM (M the observations × elements incidence
    /// matrix) with the students eliminated first: their block is diagonal, so only a
    /// (raters + criteria)-sized matrix is factorised.
    /// - Returns: per facet (0 students, 1 raters, 2 criteria) that splits, its groups of
    ///   elements (indices in play), each in ascending order, groups ordered by first element.
    /// - Complexity: O(observations + students × k² + (raters + criteria)³), k the raters and
    ///   criteria one student meets.
    func disconnectedGroups() -> [(facet: Int, groups: [[Int]])] {
        let raters = count(1), criteria = count(2)
        let size = raters + criteria
        var matrix = SymmetricMatrix(size: size)
        var cross = [Double](repeating: 0, count: size)
        var touched: [Int] = []
        let byStudent = observationsByStudent()
        for observations in byStudent {
            for observation in observations {
                let pair = [element[1][observation], raters + element[2][observation]]
                for a in pair {
                    if cross[a] == 0 { touched.append(a) }
                    cross[a] += 1
                    for b in pair { matrix[a, b] += 1 }
                }
            }
            let total = Double(observations.count)
            for a in touched {
                for b in touched { matrix[a, b] -= cross[a] * cross[b] / total }
            }
            for a in touched { cross[a] = 0 }
            touched.removeAll(keepingCapacity: true)
        }
        let basis = matrix.nullSpace(relativeTolerance: 1e-9)

        var signatures: [[[Double]]] = [[], [], []]
        signatures[1] = (0..<raters).map { index in basis.map { $0[index] } }
        signatures[2] = (0..<criteria).map { index in basis.map { $0[raters + index] } }
        signatures[0] = byStudent.map { observations in
            basis.map { vector in
                -observations.reduce(0.0) { $0 + vector[element[1][$1]] + vector[raters + element[2][$1]] }
                    / Double(observations.count)
            }
        }
        let largest = signatures.joined().joined().reduce(0.0) { max($0, abs($1)) }
        let tolerance = 1e-6 * max(1, largest)

        var result: [(facet: Int, groups: [[Int]])] = []
        for facet in 0..<3 {
            var groups: [[Int]] = []
            for (index, signature) in signatures[facet].enumerated() {
                let match = groups.firstIndex { group in
                    zip(signatures[facet][group[0]], signature).allSatisfy { abs($0 - $1) <= tolerance }
                }
                if let match { groups[match].append(index) } else { groups.append([index]) }
            }
            if groups.count > 1 { result.append((facet, groups)) }
        }
        return result
    }
}
