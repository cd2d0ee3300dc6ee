/// Why a published count is shown or withheld (SPEC section 15): the footnote of a `*`.
public enum CellSuppression: Sendable, Equatable {
    case shown
    /// Fewer than `GroupSummary.minimumStudents` students: withheld (primary suppression).
    case tooFewStudents
    /// Enough students, but withheld so that a smaller withheld count cannot be worked out
    /// from the counts shown (complementary suppression).
    case complementary
}

/// Complementary suppression of proficient counts, as NCES practises it (SPEC section 15).
///
/// **What a reader could recover.** A table shows, for each cell — the all-students row of a
/// competency (`"group": null`), each group of one breakdown (schools), each group of another
/// breakdown of the same students (grades), program groups (ell, iep, frl) — how many students
/// it has and how many of them are proficient. A cell's proficient count is the sum of its
/// students' 0/1 proficiency, so whenever the cells' sets of students are linearly dependent
/// (schools add up to all students, and so do grades; a group may equal another, or a union of
/// others), the proficient counts obey the same relation, and a withheld count may follow from
/// shown ones: all students minus every school but one; grade 9 minus the other school that
/// teaches grade 9. Groups that overlap (a student in ell and frl counts in each) add no
/// relation unless their memberships happen to be dependent, and then one is found like any
/// other. The check assumes the worst reader, who knows every student's cells (school and
/// grade are often public; program membership may not be) but no proficiency.
///
/// **What is not covered.** Only exact linear recovery. A reader can also use that a count lies
/// between 0 and its students: two withheld cells whose counts must add up to 0 are both 0.
/// Rates of 0 % and 100 % in small cells are the usual case of that; NCES handles them by
/// reporting ranges (≤ 5 %, ≥ 95 %), which this does not do.
public enum ComplementarySuppression {
    /// Decides which cells' proficient counts to withhold: every cell under `minimumStudents`,
    /// then, while some withheld count is a linear function of the shown ones, one more cell
    /// among the shown cells in a relation with such a count (other than `known` ones, while
    /// there are others): the one with the fewest students (ties: the first cell) whose
    /// withholding leaves fewer counts exposed, or failing any, the one with the fewest
    /// students; until none is exposed.
    ///
    /// A cell without students is withheld like any small one, but nothing about it needs
    /// protecting: its count, 0, is known from its size.
    ///
    /// - Parameters:
    ///   - cellCount: how many cells are published together — every cell a reader can set
    ///     side by side, in one table or in several (`--by school` and `--by grade` exports
    ///     of the same students are suppressed together).
    ///   - memberships: for each student counted anywhere, the cells (0..<cellCount) that count
    ///     them, including the all-students cell when it is published; repeats count once.
    ///   - known: cells whose counts a reader is taken to know from elsewhere, such as the
    ///     all-students row a state publishes anyway: withholding them would protect nothing, so
    ///     they are withheld only when small, or when no other cell can protect a small one.
    ///   - minimumStudents: the smallest cell shown, `GroupSummary.minimumStudents` (10).
    /// - Returns: one entry per cell.
    /// - Complexity: O(c² × (p + c)) exact fraction operations for c cells and p distinct sets
    ///   of cells among the students, once; then each added cell costs an elimination over
    ///   the relations among the cells, usually a few.
    public static func suppress(
        cellCount: Int, memberships: [[Int]], known: Set<Int> = [], minimumStudents: Int = GroupSummary.minimumStudents
    ) -> [CellSuppression] {
        suppress(cellCount: cellCount, sharedMemberships: memberships.map { ($0, 1) }, known: known, minimumStudents: minimumStudents)
    }

    /// `suppress(cellCount:memberships:known:minimumStudents:)` with the students that share
    /// their cells given once, with how many they are: the same decision as a membership per
    /// student in the same order (sets are numbered in order of first appearance), without a
    /// row per student.
    public static func suppress(
        cellCount: Int, sharedMemberships: [(cells: [Int], students: Int)], known: Set<Int> = [],
        minimumStudents: Int = GroupSummary.minimumStudents
    ) -> [CellSuppression] {
        // Students with the same cells are interchangeable here: one column per distinct set.
        var students = [Int](repeating: 0, count: cellCount)
        var patterns: [[Int]: Int] = [:]
        var cells: [Int] = []
        for (given, sharing) in sharedMemberships where sharing > 0 {
            cells.removeAll(keepingCapacity: true)
            for cell in given where (0..<cellCount).contains(cell) { cells.append(cell) }
            cells.sort()
            var unique = 0
            for index in cells.indices where unique == 0 || cells[unique - 1] != cells[index] {
                cells[unique] = cells[index]
                unique += 1
            }
            cells.removeLast(cells.count - unique)
            guard !cells.isEmpty else { continue }
            for cell in cells { students[cell] += sharing }
            if patterns[cells] == nil { patterns[cells] = patterns.count }
        }
        var vectors = [[Int]](repeating: [Int](repeating: 0, count: patterns.count), count: cellCount)
        for (cells, column) in patterns {
            for cell in cells { vectors[cell][column] = 1 }
        }
        var result = students.map { $0 < minimumStudents ? CellSuppression.tooFewStudents : .shown }
        guard let relations = LinearSystem.relations(among: vectors) else {
            // Past exact arithmetic: withhold everything rather than risk a disclosure.
            return students.map { $0 < minimumStudents ? .tooFewStudents : .complementary }
        }
        // The withheld counts of cells with students that follow from the shown ones; nil
        // past exact arithmetic.
        func exposed(_ decided: [CellSuppression]) -> Set<Int>? {
            let unknowns = decided.indices.filter { decided[$0] != .shown && students[$0] > 0 }
            let system = LinearSystem(coefficients: relations.map { relation in unknowns.map { relation[$0] } }, unknownCount: unknowns.count)
            guard let determined = system.determinedUnknowns() else { return nil }
            return Set(unknowns.indices.filter { determined[$0] }.map { unknowns[$0] })
        }
        guard var open = exposed(result) else { return result.map { $0 == .shown ? .complementary : $0 } }
        while !open.isEmpty {
            // The shown cells in a relation with an exposed count; failing those (a count can be
            // fixed by combining relations that each miss it), the shown cells in any relation.
            // Withholding every cell with students leaves nothing exposed, so this ends.
            let partners = relations.filter { relation in open.contains { relation[$0] != 0 } }
            func shown(in relations: [[Int]]) -> [Int] {
                result.indices.filter { cell in result[cell] == .shown && relations.contains { $0[cell] != 0 } }
            }
            var candidates = shown(in: partners).isEmpty ? shown(in: relations) : shown(in: partners)
            if candidates.contains(where: { !known.contains($0) }) { candidates.removeAll { known.contains($0) } }
            candidates.sort { (students[$0], $0) < (students[$1], $1) }
            guard let smallest = candidates.first else { return result }
            // The smallest cell whose withholding leaves fewer counts exposed; failing one, the
            // smallest, and look again.
            var next = smallest
            var after: Set<Int>?
            for candidate in candidates {
                var trial = result
                trial[candidate] = .complementary
                guard let left = exposed(trial) else { return result.map { $0 == .shown ? .complementary : $0 } }
                if left.count < open.count {
                    next = candidate
                    after = left
                    break
                }
            }
            result[next] = .complementary
            if let after {
                open = after
            } else {
                guard let left = exposed(result) else { return result.map { $0 == .shown ? .complementary : $0 } }
                open = left
            }
        }
        return result
    }
}
