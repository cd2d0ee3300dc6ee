/// Coarsens the grade and school of a de-identified file (SPEC 15's `export public`) so that
/// every grade and school it shows is shared by at least `minimumStudents` of its students.
///
/// A school is kept where at least that many students share it. Within a kept school, grades
/// are kept only when every grade of the school has that many — otherwise the few students of
/// a small grade, blanked alone, would stand out as "the rest of the school"; so the school's
/// grades all go. Students whose school is blanked are treated the same way as one more
/// "school": their grades are kept only if every grade among them has that many. A row then
/// shows (grade, school), (—, school), (grade, —) or (—, —), and each of the first three
/// combinations is shared by at least `minimumStudents` students in the file.
public enum QuasiIdentifierCoarsening {
    public struct Place: Sendable, Equatable, Hashable {
        public var grade: String?
        public var school: String?

        public init(grade: String?, school: String?) {
            self.grade = grade
            self.school = school
        }
    }

    /// The grade and school each student may show.
    ///
    /// - Parameters:
    ///   - places: each student's grade and school (nil: not known), one per student.
    ///   - minimumStudents: the fewest students a shown value may describe,
    ///     `GroupSummary.minimumStudents` (10).
    /// - Returns: one place per student, in order, with what may not be shown set to nil.
    /// - Complexity: O(n) hash operations for n students.
    public static func coarsen(_ places: [Place], minimumStudents: Int = GroupSummary.minimumStudents) -> [Place] {
        var bySchool: [String: Int] = [:]
        for place in places {
            if let school = place.school { bySchool[school, default: 0] += 1 }
        }
        let schools = places.map { place in place.school.flatMap { bySchool[$0]! >= minimumStudents ? $0 : nil } }
        // Per shown school (nil: the blanked ones), how many students each grade has; a
        // student without a grade makes the school's grades incomplete as any small grade does.
        var grades: [String?: [String?: Int]] = [:]
        for (place, school) in zip(places, schools) { grades[school, default: [:]][place.grade, default: 0] += 1 }
        let keepsGrades = grades.mapValues { counts in counts.allSatisfy { $0.key != nil && $0.value >= minimumStudents } }
        return zip(places, schools).map { place, school in
            Place(grade: keepsGrades[school]! ? place.grade : nil, school: school)
        }
    }
}
