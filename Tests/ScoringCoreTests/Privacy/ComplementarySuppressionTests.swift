import Testing
@testable import ScoringCore

struct ComplementarySuppressionTests {
    /// Students of a table: `count` students counted in each of the given cell lists.
    func students(_ groups: [(cells: [Int], count: Int)]) -> [[Int]] {
        groups.flatMap { Array(repeating: $0.cells, count: $0.count) }
    }

    /// The withheld cells (with students) that the shown cells' counts determine: the exposure
    /// check done independently of `suppress`, by `LinearSystem` on the relations of the
    /// cells' student sets.
    func exposed(_ result: [CellSuppression], memberships: [[Int]]) -> [Int] {
        let cellCount = result.count
        var vectors = [[Int]](repeating: [], count: cellCount)
        // Students with the same cells give equal columns; one of each is enough.
        for cells in Set(memberships.map { Set($0) }) {
            for cell in 0..<cellCount { vectors[cell].append(cells.contains(cell) ? 1 : 0) }
        }
        let unknowns = result.indices.filter { result[$0] != .shown && vectors[$0].contains(1) }
        let relations = LinearSystem.relations(among: vectors) ?? []
        let determined = LinearSystem(coefficients: relations.map { relation in unknowns.map { relation[$0] } }, unknownCount: unknowns.count)
            .determinedUnknowns() ?? []
        return unknowns.indices.filter { determined[$0] }.map { unknowns[$0] }
    }

    func primaryOnly(_ memberships: [[Int]], cellCount: Int) -> [CellSuppression] {
        (0..<cellCount).map { cell in memberships.filter { $0.contains(cell) }.count < 10 ? .tooFewStudents : .shown }
    }

    @Test func aSmallSchoolIsNotLeftToSubtractionFromAllStudents() {
        // Cells: 0 all students, 1 school A (25), 2 school B (30), 3 school C (7).
        let memberships = students([([0, 1], 25), ([0, 2], 30), ([0, 3], 7)])
        #expect(exposed(primaryOnly(memberships, cellCount: 4), memberships: memberships) == [3])
        let result = ComplementarySuppression.suppress(cellCount: 4, memberships: memberships)
        // A, the next smallest, is withheld too: C = all − A − B no longer works.
        #expect(result == [.shown, .complementary, .shown, .tooFewStudents])
        #expect(exposed(result, memberships: memberships).isEmpty)
    }

    @Test func twoBreakdownsOfTheSameStudentsAreCheckedTogether() {
        // Cells: 0 all, schools 1 A (6, grade 9 only), 2 B (8, grade 10 only), 3 C (30, grade 9),
        // 4 D (40, grade 10); grades 5 (grade 9: A and C), 6 (grade 10: B and D).
        let memberships = students([([0, 1, 5], 6), ([0, 2, 6], 8), ([0, 3, 5], 30), ([0, 4, 6], 40)])
        let primary = primaryOnly(memberships, cellCount: 7)
        #expect(primary == [.shown, .tooFewStudents, .tooFewStudents, .shown, .shown, .shown, .shown])
        // The schools alone hide A and B (all − C − D = A + B), but grade 9 − C = A and
        // grade 10 − D = B.
        #expect(exposed(primary, memberships: memberships) == [1, 2])
        let result = ComplementarySuppression.suppress(cellCount: 7, memberships: memberships)
        #expect(result == [.shown, .tooFewStudents, .tooFewStudents, .complementary, .complementary, .shown, .shown])
        #expect(exposed(result, memberships: memberships).isEmpty)
    }

    @Test func overlappingGroupsAddNoRelation() {
        // Cells: 0 all (60), 1 ell (8), 2 iep (30), 3 frl (40); students in several groups count
        // in each, and the overlaps are not published, so no sum gives ell.
        let memberships = students([([0, 1, 3], 5), ([0, 1, 2], 3), ([0, 2, 3], 20), ([0, 2], 7), ([0, 3], 15), ([0], 10)])
        let result = ComplementarySuppression.suppress(cellCount: 4, memberships: memberships)
        #expect(result == [.shown, .tooFewStudents, .shown, .shown])
        #expect(exposed(result, memberships: memberships).isEmpty)
    }

    @Test func overlappingGroupsThatHappenToPartitionAreProtected() {
        // Cells: 0 all, 1 ell (5), 2 frl (55), 3 iep (12, inside frl): ell and frl happen to
        // split the students, so all − frl = ell.
        let memberships = students([([0, 1], 5), ([0, 2, 3], 12), ([0, 2], 43)])
        #expect(exposed(primaryOnly(memberships, cellCount: 4), memberships: memberships) == [1])
        let result = ComplementarySuppression.suppress(cellCount: 4, memberships: memberships)
        #expect(result == [.shown, .tooFewStudents, .complementary, .shown])
        #expect(exposed(result, memberships: memberships).isEmpty)
    }

    @Test func groupsWithTheSameStudentsProtectEachOther() {
        // Cells: 0 all (40), 1 and 2 both the same 6 students: 1 = 2, but both are withheld.
        let memberships = students([([0, 1, 2], 6), ([0], 34)])
        #expect(ComplementarySuppression.suppress(cellCount: 3, memberships: memberships) == [.shown, .tooFewStudents, .tooFewStudents])
    }

    @Test func emptyCellsAndAnEmptyTable() {
        // Cell 2 has no students: withheld, but its 0 needs no protection.
        let memberships = students([([0, 1], 30)])
        #expect(ComplementarySuppression.suppress(cellCount: 3, memberships: memberships) == [.shown, .shown, .tooFewStudents])
        #expect(ComplementarySuppression.suppress(cellCount: 2, memberships: []) == [.tooFewStudents, .tooFewStudents])
        #expect(ComplementarySuppression.suppress(cellCount: 0, memberships: [[0]]) == [])
        // Out-of-range cells and repeats are ignored.
        #expect(ComplementarySuppression.suppress(cellCount: 1, memberships: Array(repeating: [0, 0, 7, -1], count: 10)) == [.shown])
    }

    @Test func aSmallTotalIsWithheldWithItsGroups() {
        let memberships = students([([0, 1], 5), ([0, 2], 3)])
        #expect(ComplementarySuppression.suppress(cellCount: 3, memberships: memberships) == [.tooFewStudents, .tooFewStudents, .tooFewStudents])
    }

    /// Brute force on small school × grade tables with the all-students row: a withheld count
    /// is safe iff some change of the students' proficiency moves it without moving any shown
    /// count. For these tables (a bipartite structure) such a change, if any, exists with
    /// steps of −1, 0 or +1 students per school–grade combination, so trying them all decides.
    @Test func bruteForceOnSmallTables() {
        var generator = SeededGenerator(seed: 15)
        var leaksFixed = 0
        for _ in 0..<300 {
            let schools = Int.random(in: 2...3, using: &generator)
            let grades = Int.random(in: 1...2, using: &generator)
            // Cells: 0 all, 1…schools, then the grades.
            var groups: [(cells: [Int], count: Int)] = []
            for school in 0..<schools {
                for grade in 0..<grades {
                    let count = [0, 1, 3, 6, 12, 20].randomElement(using: &generator)!
                    if count > 0 { groups.append(([0, 1 + school, 1 + schools + grade], count)) }
                }
            }
            let cellCount = 1 + schools + grades
            let memberships = students(groups)
            let result = ComplementarySuppression.suppress(cellCount: cellCount, memberships: memberships)
            let primary = primaryOnly(memberships, cellCount: cellCount)
            #expect(zip(result, primary).allSatisfy { $0 == $1 || ($0 == .complementary && $1 == .shown) })
            func movable(_ cell: Int, _ suppression: [CellSuppression]) -> Bool {
                var step = [Int](repeating: -1, count: groups.count)
                while true {
                    let change = { (cell: Int) in zip(groups, step).reduce(0) { $0 + ($1.0.cells.contains(cell) ? $1.1 : 0) } }
                    if change(cell) != 0 && suppression.indices.allSatisfy({ suppression[$0] != .shown || change($0) == 0 }) { return true }
                    guard let index = step.firstIndex(where: { $0 < 1 }) else { return false }
                    step[index] += 1
                    for earlier in 0..<index { step[earlier] = -1 }
                }
            }
            let withheld = (0..<cellCount).filter { cell in result[cell] != .shown && memberships.contains { $0.contains(cell) } }
            let unsafe = withheld.filter { !movable($0, result) }
            #expect(unsafe.isEmpty, "\(groups) \(result)")
            #expect(exposed(result, memberships: memberships) == unsafe)
            let primaryWithheld = (0..<cellCount).filter { cell in primary[cell] != .shown && memberships.contains { $0.contains(cell) } }
            let primaryUnsafe = primaryWithheld.filter { !movable($0, primary) }
            #expect(exposed(primary, memberships: memberships) == primaryUnsafe, "\(groups)")
            if !primaryUnsafe.isEmpty { leaksFixed += 1 }
        }
        // The sample has plenty of tables where primary suppression alone leaks.
        #expect(leaksFixed > 30)
    }

    @Test func districtScale() {
        // 40 schools × 4 grades × 4 program combinations, 20,000 students: the relations are
        // found once, and each added cell is a small elimination.
        var memberships: [[Int]] = []
        memberships.reserveCapacity(20_000)
        for index in 0..<20_000 {
            let school = index % 40
            let grade = (index / 40) % 4
            // School 0 is small: only 8 of its students.
            if school == 0 && index >= 320 { continue }
            var cells = [0, 1 + school, 41 + grade]
            if index % 7 == 0 { cells.append(45) }
            if index % 11 == 0 { cells.append(46) }
            memberships.append(cells)
        }
        let result = ComplementarySuppression.suppress(cellCount: 47, memberships: memberships)
        #expect(result[1] == .tooFewStudents)
        #expect(result.filter { $0 == .complementary }.count >= 1)
        #expect(exposed(result, memberships: memberships).isEmpty)
    }

    /// Students that share their cells, given once with how many they are (as `proficiency --by`
    /// counts a statewide roster), are suppressed exactly as one membership per student in the
    /// same order: seeded school × grade × program tables, students in shuffled order.
    @Test func sharedMembershipsDecideAsOneMembershipPerStudent() {
        var generator = SeededGenerator(seed: 4)
        for _ in 0..<200 {
            let schools = Int.random(in: 1...4, using: &generator)
            let grades = Int.random(in: 1...3, using: &generator)
            // Cells: 0 all, the schools, the grades, then two program groups.
            let cellCount = 1 + schools + grades + 2
            var memberships: [[Int]] = []
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                var cells = [1 + schools + Int.random(in: 0..<grades, using: &generator), 0, 1 + Int.random(in: 0..<schools, using: &generator)]
                if Bool.random(using: &generator) { cells.append(cellCount - 2) }
                if Int.random(in: 0..<4, using: &generator) == 0 { cells += [cellCount - 1, cellCount - 1] }
                memberships.append(cells.shuffled(using: &generator))
            }
            var shared: [(cells: [Int], students: Int)] = []
            var position: [Set<Int>: Int] = [:]
            for cells in memberships {
                if let known = position[Set(cells)] {
                    shared[known].students += 1
                } else {
                    position[Set(cells)] = shared.count
                    shared.append((cells, 1))
                }
            }
            #expect(
                ComplementarySuppression.suppress(cellCount: cellCount, sharedMemberships: shared, known: [0])
                    == ComplementarySuppression.suppress(cellCount: cellCount, memberships: memberships, known: [0]), "\(memberships)")
        }
    }
}
