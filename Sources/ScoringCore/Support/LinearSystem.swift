/// A system of linear equations with integer coefficients, solved exactly in rational
/// arithmetic: which unknowns it pins down, and which linear relations hold among vectors.
///
/// Floating point would call a tiny leftover "not zero" and a cancelled one "zero"; for a
/// disclosure check either mistake is wrong, so every step is an exact fraction.
public struct LinearSystem: Sendable {
    /// One row per equation, one column per unknown: row · x = (some known constant).
    public var coefficients: [[Int]]
    public var unknownCount: Int

    /// - Parameters:
    ///   - coefficients: the equations' coefficients; a row shorter than `unknownCount` has
    ///     zeros after its end.
    ///   - unknownCount: how many unknowns there are.
    public init(coefficients: [[Int]], unknownCount: Int) {
        self.coefficients = coefficients
        self.unknownCount = unknownCount
    }

    /// Which unknowns every solution gives the same value: those a reader of the constants can
    /// solve for exactly. Unknown j is determined iff the unit vector e_j is a combination of the
    /// rows, i.e. in the reduced row echelon form some row is e_j alone.
    ///
    /// The constants do not matter: a consistent system determines the same unknowns whatever
    /// they are.
    ///
    /// - Returns: one flag per unknown; all false when there are no equations; nil in the
    ///   unlikely case that a fraction outgrows 64 bits (callers that protect data must then
    ///   assume the worst).
    /// - Complexity: O(m × n × min(m, n)) fraction operations for m equations and n unknowns.
    public func determinedUnknowns() -> [Bool]? {
        guard let (rows, pivots) = Self.reducedRowEchelonForm(coefficients.map(Self.fractions(width: unknownCount)), columns: unknownCount)
        else { return nil }
        var determined = [Bool](repeating: false, count: unknownCount)
        for (row, pivot) in zip(rows, pivots) where row.indices.allSatisfy({ $0 == pivot || row[$0].isZero }) {
            determined[pivot] = true
        }
        return determined
    }

    /// A basis of the linear relations among vectors: integer coefficients c, not all zero, with
    /// Σ c[i] × vectors[i] = 0, as few as the dependencies, each in lowest terms with its first
    /// nonzero coefficient positive.
    ///
    /// - Parameter vectors: vectors of one length (shorter ones have zeros after their end).
    /// - Returns: one array of `vectors.count` coefficients per independent relation; empty when
    ///   the vectors are independent; nil if a fraction outgrows 64 bits.
    /// - Complexity: O(k² × (d + k)) fraction operations for k vectors of length d.
    public static func relations(among vectors: [[Int]]) -> [[Int]]? {
        let width = vectors.map(\.count).max() ?? 0
        // Row-reduce [V | I]: the identity part records which combination of vectors each row
        // has become, so a row whose V part vanishes is a relation.
        let augmented = vectors.enumerated().map { index, vector in
            fractions(width: width)(vector) + (0..<vectors.count).map { Fraction($0 == index ? 1 : 0) }
        }
        guard let (rows, pivots) = reducedRowEchelonForm(augmented, columns: width) else { return nil }
        var relations: [[Int]] = []
        for row in rows.dropFirst(pivots.count) {
            guard let integers = integerMultiple(of: row[width...]) else { return nil }
            relations.append(integers)
        }
        return relations
    }

    private static func fractions(width: Int) -> ([Int]) -> [Fraction] {
        { row in (0..<width).map { $0 < row.count ? Fraction(row[$0]) : Fraction(0) } }
    }

    /// Gauss–Jordan elimination on the first `columns` columns (later columns are carried
    /// along): rows in reduced row echelon form, and each nonzero row's pivot column.
    private static func reducedRowEchelonForm(_ matrix: [[Fraction]], columns: Int) -> ([[Fraction]], [Int])? {
        var rows = matrix
        var pivots: [Int] = []
        for column in 0..<columns where pivots.count < rows.count {
            let top = pivots.count
            guard let found = rows[top...].firstIndex(where: { !$0[column].isZero }) else { continue }
            rows.swapAt(top, found)
            let pivot = rows[top][column]
            for index in rows[top].indices {
                guard let value = rows[top][index].dividedBy(pivot) else { return nil }
                rows[top][index] = value
            }
            for other in rows.indices where other != top && !rows[other][column].isZero {
                let factor = rows[other][column]
                for index in rows[other].indices where !rows[top][index].isZero {
                    guard let product = factor.times(rows[top][index]), let value = rows[other][index].minus(product) else { return nil }
                    rows[other][index] = value
                }
            }
            pivots.append(column)
        }
        return (rows, pivots)
    }

    /// The smallest integer multiple of the fractions.
    private static func integerMultiple(of row: ArraySlice<Fraction>) -> [Int]? {
        var multiple = 1
        for value in row {
            let (product, overflow) = (multiple / Fraction.gcd(multiple, value.denominator)).multipliedReportingOverflow(by: value.denominator)
            guard !overflow else { return nil }
            multiple = product
        }
        var integers: [Int] = []
        for value in row {
            let (product, overflow) = value.numerator.multipliedReportingOverflow(by: multiple / value.denominator)
            guard !overflow else { return nil }
            integers.append(product)
        }
        // In lowest terms, first nonzero coefficient positive: one spelling per relation.
        let divisor = integers.reduce(0) { Fraction.gcd($0, $1) } * ((integers.first { $0 != 0 } ?? 0) < 0 ? -1 : 1)
        return divisor == 0 ? integers : integers.map { $0 / divisor }
    }
}

/// An exact fraction in lowest terms with a positive denominator; each operation is nil when a
/// result does not fit 64 bits.
private struct Fraction: Sendable {
    var numerator: Int
    var denominator: Int

    init(_ integer: Int) {
        numerator = integer
        denominator = 1
    }

    private init?(numerator: Int, denominator: Int) {
        guard denominator != 0, denominator != .min, numerator != .min else { return nil }
        let divisor = Fraction.gcd(numerator, denominator)
        let sign = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / divisor
        self.denominator = sign * denominator / divisor
    }

    var isZero: Bool { numerator == 0 }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a.magnitude, b.magnitude)
        while b != 0 { (a, b) = (b, a % b) }
        return Int(a)
    }

    func times(_ other: Fraction) -> Fraction? {
        // Cross-cancelling first keeps the products as small as they can be.
        let first = Fraction.gcd(numerator, other.denominator)
        let second = Fraction.gcd(other.numerator, denominator)
        let (top, topOverflow) = (numerator / first).multipliedReportingOverflow(by: other.numerator / second)
        let (bottom, bottomOverflow) = (denominator / second).multipliedReportingOverflow(by: other.denominator / first)
        guard !topOverflow, !bottomOverflow else { return nil }
        return Fraction(numerator: top, denominator: bottom)
    }

    func dividedBy(_ other: Fraction) -> Fraction? {
        guard let inverse = Fraction(numerator: other.denominator, denominator: other.numerator) else { return nil }
        return times(inverse)
    }

    func minus(_ other: Fraction) -> Fraction? {
        let divisor = Fraction.gcd(denominator, other.denominator)
        let (left, leftOverflow) = numerator.multipliedReportingOverflow(by: other.denominator / divisor)
        let (right, rightOverflow) = other.numerator.multipliedReportingOverflow(by: denominator / divisor)
        let (bottom, bottomOverflow) = denominator.multipliedReportingOverflow(by: other.denominator / divisor)
        guard !leftOverflow, !rightOverflow, !bottomOverflow else { return nil }
        let (top, topOverflow) = left.subtractingReportingOverflow(right)
        guard !topOverflow else { return nil }
        return Fraction(numerator: top, denominator: bottom)
    }
}
