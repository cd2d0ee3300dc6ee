import Testing
import ScoringCore
@testable import ScoringStore

@Suite(.scratchSchemas) struct RosterTests {
    @Test(arguments: Engine.available) func addingARaterTwiceAsGivenChangesNothing(engine: Engine) throws {
        let store = try engine.emptyStore()
        let rater = Rater(id: "r-chen", name: "Lin Chen", role: .lead)
        #expect(try store.addRater(rater, at: Fixtures.time) == .added)
        #expect(try store.addRater(rater, at: Fixtures.time) == .unchanged)
        #expect(try store.raters() == [rater])
    }

    @Test(arguments: Engine.available) func addingARaterWithADifferentRoleIsRefused(engine: Engine) throws {
        let store = try engine.emptyStore()
        _ = try store.addRater(Rater(id: "r-chen", name: "Lin Chen"), at: Fixtures.time)
        let error = #expect(throws: StoreError.self) {
            try store.addRater(Rater(id: "r-chen", role: .lead), at: Fixtures.time)
        }
        #expect(error?.message == "rater 'r-chen' is already on the roster (name 'Lin Chen', role rater); use 'rater update' to change it")
        #expect(try store.raters() == [Rater(id: "r-chen", name: "Lin Chen")])
    }

    @Test(arguments: Engine.available) func updatingARaterChangesOnlyWhatIsGiven(engine: Engine) throws {
        let store = try engine.emptyStore()
        _ = try store.addRater(Rater(id: "r-chen", name: "Lin Chen"), at: Fixtures.time)
        let (rater, outcome) = try store.updateRater("r-chen", name: nil, role: .adjudicator, school: nil)
        #expect(rater == Rater(id: "r-chen", name: "Lin Chen", role: .adjudicator))
        #expect(outcome == .updated)
        #expect(try store.updateRater("r-chen", name: nil, role: .adjudicator, school: nil).1 == .unchanged)
        #expect(throws: StoreError.self) { try store.updateRater("r-nobody", name: nil, role: .lead, school: nil) }
    }

    @Test(arguments: Engine.available) func studentsKeepGradeSchoolAndSortedGroups(engine: Engine) throws {
        let store = try engine.emptyStore()
        let student = Student(id: "s-1", grade: "10", school: "North", groups: ["iep", "ell"])
        #expect(try store.addStudent(student, at: Fixtures.time) == .added)
        #expect(try store.student("s-1") == Student(id: "s-1", grade: "10", school: "North", groups: ["ell", "iep"]))
        #expect(try store.addStudent(student, at: Fixtures.time) == .unchanged)
        let error = #expect(throws: StoreError.self) {
            try store.addStudent(Student(id: "s-1", grade: "11"), at: Fixtures.time)
        }
        #expect(error?.message == "student 's-1' is already on the roster (grade 10, school North, groups ell, iep); use 'student update' to change it")
    }

    @Test(arguments: Engine.available) func updatingAStudentAddsAndRemovesGroups(engine: Engine) throws {
        let store = try engine.emptyStore()
        _ = try store.addStudent(Student(id: "s-1", grade: "10", groups: ["ell"]), at: Fixtures.time)
        let (student, outcome) = try store.updateStudent(
            "s-1", grade: .some("11"), school: nil, addGroups: ["frl"], removeGroups: ["ell"])
        #expect(outcome == .updated)
        #expect(student == Student(id: "s-1", grade: "11", groups: ["frl"]))
        #expect(try store.students() == [student])
    }

    @Test(arguments: Engine.available) func idsForCompletionStartWithThePrefix(engine: Engine) throws {
        let store = try Fixtures.store(engine, students: ["s-10", "s-11", "s-2", "t-1"])
        #expect(try store.ids(of: .student, startingWith: "s-1") == ["s-10", "s-11"])
        #expect(try store.ids(of: .student, startingWith: "") == ["s-10", "s-11", "s-2", "t-1"])
        #expect(try store.ids(of: .rater, startingWith: "x") == [])
    }

    @Test(arguments: Engine.available) func idsSortByteByByteOnEveryEngine(engine: Engine) throws {
        let store = try Fixtures.store(engine, students: ["b-2", "B-1", "a-1", "_x", "a-10", "a-1a"], raters: ["r-b", "R-a", "r-A"])
        #expect(try store.students().map(\.id) == ["B-1", "_x", "a-1", "a-10", "a-1a", "b-2"])
        #expect(try store.raters().map(\.id) == ["R-a", "r-A", "r-b"])
        #expect(try store.ids(of: .student, startingWith: "a-1") == ["a-1", "a-10", "a-1a"])
    }

    @Test(arguments: Engine.available) func aShortRosterRowIsAnErrorAndChangesNothing(engine: Engine) throws {
        let store = try engine.emptyStore()
        let before = Student(id: "s-1001", grade: "10", school: "north", groups: ["ell"])
        _ = try store.addStudent(before, at: Fixtures.time)
        let file = try Fixtures.file("id,grade,school,groups\ns-1001\ns-1002,9,south,,extra\n", name: "roster.csv")
        let error = #expect(throws: StoreError.self) { try store.importStudents(path: file, displayName: "roster.csv", at: Fixtures.time) }
        #expect(error?.details == [
            "roster.csv:2: 1 field, but the header has 4", "roster.csv:3: 5 fields, but the header has 4",
        ])
        #expect(try store.students() == [before])
    }

    @Test(arguments: Engine.available) func aColumnTheRosterLacksLeavesThatAttributeAlone(engine: Engine) throws {
        let store = try engine.emptyStore()
        _ = try store.addStudent(Student(id: "s-1", grade: "10", school: "north", groups: ["ell"]), at: Fixtures.time)
        let file = try Fixtures.file("id,school\ns-1,south\n", name: "roster.csv")
        let summary = try store.importStudents(path: file, at: Fixtures.time)
        #expect(summary.updated == 1)
        #expect(try store.student("s-1") == Student(id: "s-1", grade: "10", school: "south", groups: ["ell"]))
        // A column the file has, left empty, clears the attribute.
        let clearing = try Fixtures.file("id,grade,school,groups\ns-1,,south,\n", name: "roster.csv")
        _ = try store.importStudents(path: clearing, at: Fixtures.time)
        #expect(try store.student("s-1") == Student(id: "s-1", school: "south"))
    }
}
