/// A small dense symmetric matrix, row-major with both triangles stored: the Newton systems of
/// the Rasch estimation and the connectivity check of its design.
struct SymmetricMatrix: Sendable {
    let size: Int
    var values: [Double]

    /// The zero matrix of `size` × `size`.
    init(size: Int) {
        self.size = size
        values = [Double](repeating: 0, count: size * size)
    }

    subscript(row: Int, column: Int) -> Double {
        get { values[row * size + column] }
        set { values[row * size + column] = newValue }
    }

    /// The largest diagonal entry, 0 for an empty matrix.
    var largestDiagonal: Double {
        (0..<size).reduce(0) { max($0, self[$1, $1]) }
    }

    /// Solves A x = b by Cholesky factorisation.
    /// - Returns: nil when a pivot is not positive (A not positive definite, numerically).
    /// - Complexity: O(n³).
    func choleskySolve(_ b: [Double]) -> [Double]? {
        let n = size
        var l = values
        for j in 0..<n {
            var diagonal = l[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            guard diagonal > 0, diagonal.isFinite else { return nil }
            let pivot = diagonal.squareRoot()
            l[j * n + j] = pivot
            for i in (j + 1)..<max(j + 1, n) {
                var sum = l[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = sum / pivot
            }
        }
        var x = b
        for i in 0..<n {
            var sum = x[i]
            for k in 0..<i { sum -= l[i * n + k] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<max(i + 1, n) { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }

    /// A basis of the null space of a positive semi-definite matrix, by Cholesky factorisation
    /// with diagonal pivoting: elimination stops when every remaining pivot is at most
    /// `tolerance` times the largest diagonal entry.
    /// - Returns: the basis vectors (each of length `size`); empty when the matrix has full rank.
    /// - Complexity: O(n³).
    func nullSpace(relativeTolerance tolerance: Double) -> [[Double]] {
        let n = size
        var a = values
        var order = Array(0..<n)
        let threshold = tolerance * max(largestDiagonal, 1)
        var rank = 0
        // Outer-product elimination: after step k, a[k..., k...] holds the Schur complement.
        while rank < n {
            var pivotIndex = rank
            for i in rank..<n where a[i * n + i] > a[pivotIndex * n + pivotIndex] { pivotIndex = i }
            guard a[pivotIndex * n + pivotIndex] > threshold else { break }
            if pivotIndex != rank {
                for k in 0..<n { a.swapAt(rank * n + k, pivotIndex * n + k) }
                for k in 0..<n { a.swapAt(k * n + rank, k * n + pivotIndex) }
                order.swapAt(rank, pivotIndex)
            }
            let pivot = a[rank * n + rank].squareRoot()
            for i in rank..<n { a[i * n + rank] /= pivot }
            for i in (rank + 1)..<max(rank + 1, n) {
                for j in (rank + 1)...i {
                    a[i * n + j] -= a[i * n + rank] * a[j * n + rank]
                    a[j * n + i] = a[i * n + j]
                }
            }
            rank += 1
        }
        // With P A Pᵀ ≈ [L₁₁; L₂₁][L₁₁ᵀ L₂₁ᵀ], the null space is spanned by [-L₁₁⁻ᵀ L₂₁ᵀ; I].
        var basis: [[Double]] = []
        for free in rank..<n {
            var permuted = [Double](repeating: 0, count: n)
            permuted[free] = 1
            for i in stride(from: rank - 1, through: 0, by: -1) {
                var sum = -a[free * n + i]
                for k in (i + 1)..<max(i + 1, rank) { sum -= a[k * n + i] * permuted[k] }
                permuted[i] = sum / a[i * n + i]
            }
            var vector = [Double](repeating: 0, count: n)
            for position in 0..<n { vector[order[position]] = permuted[position] }
            basis.append(vector)
        }
        return basis
    }
}
