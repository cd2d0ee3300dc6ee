import Testing
@testable import ScoringCore

struct LinearSystemTests {
    @Test func twoEquationsPinDownTwoUnknownsOneDoesNot() {
        // x + y = c and x − y = d: both. x + y alone: neither.
        #expect(LinearSystem(coefficients: [[1, 1], [1, -1]], unknownCount: 2).determinedUnknowns() == [true, true])
        #expect(LinearSystem(coefficients: [[1, 1]], unknownCount: 2).determinedUnknowns() == [false, false])
        // x = c; y + z = d: only x. Short rows have zeros after their end.
        #expect(LinearSystem(coefficients: [[1], [0, 1, 1]], unknownCount: 3).determinedUnknowns() == [true, false, false])
    }

    @Test func fractionsAreExact() {
        // 2x + 3y, 4x + 6y and 6x + 9y are one equation three times.
        #expect(LinearSystem(coefficients: [[2, 3], [4, 6], [6, 9]], unknownCount: 2).determinedUnknowns() == [false, false])
        // 3x + 7y and 7x + 3y: eliminating x leaves −40/3 y, a fraction; both determined.
        #expect(LinearSystem(coefficients: [[3, 7], [7, 3]], unknownCount: 2).determinedUnknowns() == [true, true])
        // (1, 1, 1), (1, 2, 3), (2, 3, 4) = first + second: rank 2, nothing determined.
        #expect(LinearSystem(coefficients: [[1, 1, 1], [1, 2, 3], [2, 3, 4]], unknownCount: 3).determinedUnknowns() == [false, false, false])
    }

    @Test func degenerateSystems() {
        #expect(LinearSystem(coefficients: [], unknownCount: 3).determinedUnknowns() == [false, false, false])
        #expect(LinearSystem(coefficients: [[0, 0]], unknownCount: 2).determinedUnknowns() == [false, false])
        #expect(LinearSystem(coefficients: [[1, 2]], unknownCount: 0).determinedUnknowns() == [])
    }

    @Test func relationsAmongVectors() {
        // a + b − c = 0.
        #expect(LinearSystem.relations(among: [[1, 1, 0], [0, 0, 1], [1, 1, 1]]) == [[1, 1, -1]])
        #expect(LinearSystem.relations(among: [[1, 0], [0, 1]]) == [])
        // A zero vector is a relation by itself; so are two equal vectors.
        #expect(LinearSystem.relations(among: [[0, 0], [1, 2]]) == [[1, 0]])
        #expect(LinearSystem.relations(among: [[2, 4], [1, 2]]) == [[1, -2]])
        #expect(LinearSystem.relations(among: []) == [])
    }

    @Test func hugeFractionsAreReportedNotWrapped() {
        let big = 1 << 40
        #expect(LinearSystem(coefficients: [[big, 1], [1, big], [big - 1, big + 1]], unknownCount: 2).determinedUnknowns() == nil)
    }

    /// Against a naive reference: unknown j is determined iff adding the equation x_j = … does
    /// not raise the rank, with ranks from floating-point elimination of small integers.
    @Test func agreesWithRanksOnRandomSmallSystems() {
        var generator = SeededGenerator(seed: 8785)
        for _ in 0..<500 {
            let rows = Int.random(in: 0...4, using: &generator)
            let columns = Int.random(in: 1...5, using: &generator)
            let matrix = (0..<rows).map { _ in (0..<columns).map { _ in Int.random(in: -2...2, using: &generator) } }
            let determined = LinearSystem(coefficients: matrix, unknownCount: columns).determinedUnknowns()
            let rank = naiveRank(matrix)
            let expected = (0..<columns).map { j in naiveRank(matrix + [(0..<columns).map { $0 == j ? 1 : 0 }]) == rank }
            #expect(determined == expected, "\(matrix)")
            let relations = LinearSystem.relations(among: matrix) ?? []
            #expect(relations.count == rows - rank, "\(matrix)")
            for relation in relations {
                #expect((0..<columns).allSatisfy { column in zip(relation, matrix).reduce(0) { $0 + $1.0 * $1.1[column] } == 0 })
            }
        }
    }

    func naiveRank(_ matrix: [[Int]]) -> Int {
        var rows = matrix.map { $0.map(Double.init) }
        var rank = 0
        for column in 0..<(rows.first?.count ?? 0) {
            guard let pivot = (rank..<rows.count).max(by: { abs(rows[$0][column]) < abs(rows[$1][column]) }),
                abs(rows[pivot][column]) > 1e-9
            else { continue }
            rows.swapAt(rank, pivot)
            for other in rows.indices where other != rank {
                let factor = rows[other][column] / rows[rank][column]
                for index in rows[other].indices { rows[other][index] -= factor * rows[rank][index] }
            }
            rank += 1
        }
        return rank
    }
}
