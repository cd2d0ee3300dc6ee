import Testing
@testable import ScoringCore

@Suite struct QuasiIdentifierCoarseningTests {
    typealias Place = QuasiIdentifierCoarsening.Place

    static func places(_ counts: [(grade: String?, school: String?, count: Int)]) -> [Place] {
        counts.flatMap { Array(repeating: Place(grade: $0.grade, school: $0.school), count: $0.count) }
    }

    /// How many students show each place after coarsening.
    static func shown(_ counts: [(grade: String?, school: String?, count: Int)]) -> [Place: Int] {
        QuasiIdentifierCoarsening.coarsen(places(counts)).reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    @Test func bigSchoolsAndGradesAreKept() {
        let shown = Self.shown([("9", "north", 10), ("10", "north", 12), ("9", "south", 11)])
        #expect(shown == [Place(grade: "9", school: "north"): 10, Place(grade: "10", school: "north"): 12, Place(grade: "9", school: "south"): 11])
    }

    @Test func aSmallGradeTakesItsSchoolsGradesWithIt() {
        // north: 20 in grade 9, 3 in grade 10. Blanking only grade 10 would leave 3 students
        // standing out as north's "other" grade: north's grades all go.
        let shown = Self.shown([("9", "north", 20), ("10", "north", 3), ("9", "south", 10)])
        #expect(shown == [Place(grade: nil, school: "north"): 23, Place(grade: "9", school: "south"): 10])
    }

    @Test func smallSchoolsAreBlankedAndPooled() {
        // east (4) and west (7) are blanked; pooled, grade 11 has 11 students but grade 12
        // has none besides: kept. With one grade-12 student among them, their grades go too.
        #expect(Self.shown([("11", "east", 4), ("11", "west", 7), ("9", "north", 10)])
            == [Place(grade: "11", school: nil): 11, Place(grade: "9", school: "north"): 10])
        #expect(Self.shown([("11", "east", 4), ("11", "west", 7), ("12", "west", 1), ("9", "north", 10)])
            == [Place(grade: nil, school: nil): 12, Place(grade: "9", school: "north"): 10])
    }

    @Test func anUnknownGradeIsLikeASmallOne() {
        #expect(Self.shown([("9", "north", 30), (nil, "north", 1)]) == [Place(grade: nil, school: "north"): 31])
        #expect(Self.shown([]) == [:])
    }

    @Test func everyShownCombinationHasTenStudents() {
        // Many small random tables: nothing shown describes fewer than 10 students.
        var generator = SeededGenerator(seed: 15)
        for _ in 0..<300 {
            var counts: [(grade: String?, school: String?, count: Int)] = []
            for school in ["a", "b", "c", nil] as [String?] {
                for grade in ["9", "10", nil] as [String?] where Int.random(in: 0..<3, using: &generator) > 0 {
                    counts.append((grade, school, Int.random(in: 1...14, using: &generator)))
                }
            }
            let coarse = QuasiIdentifierCoarsening.coarsen(Self.places(counts))
            var schools: [String: Int] = [:]
            var grades: [String: Int] = [:]
            for place in coarse {
                if let school = place.school { schools[school, default: 0] += 1 }
                if let grade = place.grade { grades["\(grade)|\(place.school ?? "")", default: 0] += 1 }
            }
            #expect(schools.values.allSatisfy { $0 >= 10 })
            #expect(grades.values.allSatisfy { $0 >= 10 })
        }
    }
}
