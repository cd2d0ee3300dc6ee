import ScoringCore
import ScoringStore

extension ScoringService {
    /// Adds a rater (the coordinator's job: on a server it is tied to a login).
    public func addRater(_ rater: Rater) throws -> RosterOutcome {
        try requireCoordinator("add raters")
        return try store.addRater(rater, at: now())
    }

    /// Changes a rater's name or role; a service acting as that rater sees the change at once.
    public func updateRater(_ id: String, name: String??, role: Rater.Role?, school: String?? = nil) throws -> (Rater, RosterOutcome) {
        try requireCoordinator("change raters")
        let (rater, outcome) = try store.updateRater(id, name: name, role: role, school: school)
        if identity?.id == rater.id { identity = rater }
        return (rater, outcome)
    }

    /// Every rater with their latest qualification on each rubric.
    public func ratersWithQualifications() throws -> [(rater: Rater, qualifications: [Qualification])] {
        var results: [String: [Qualification]] = [:]
        for qualification in try store.latestQualifications() { results[qualification.rater, default: []].append(qualification) }
        return try store.raters().map { ($0, results[$0.id] ?? []) }
    }

    /// Adds a student (a lead's or the coordinator's job).
    public func addStudent(_ student: Student) throws -> RosterOutcome {
        try requireLead("add students")
        return try store.addStudent(student, at: now())
    }

    /// Changes a student's grade, school or groups (a lead's or the coordinator's job).
    public func updateStudent(
        _ id: String, grade: String??, school: String??, addGroups: [String], removeGroups: [String]
    ) throws -> (Student, RosterOutcome) {
        try requireLead("change students")
        _ = try student(id)
        return try store.updateStudent(id, grade: grade, school: school, addGroups: addGroups, removeGroups: removeGroups)
    }

    /// The students, optionally only those of a school, grade or group.
    public func students(school: String? = nil, grade: String? = nil, group: String? = nil) throws -> [Student] {
        try store.students().filter { student in
            (school == nil || student.school == school) && (grade == nil || student.grade == grade)
                && (group == nil || student.groups.contains(group!))
        }
    }

    /// Adds or updates students from a roster CSV, all or nothing (a lead's or the
    /// coordinator's job).
    public func importStudents(path: String, name: String) throws -> StudentsImportSummary {
        try requireLead("import students")
        return try store.importStudents(path: path, displayName: name, at: now())
    }

    /// The source of a rubric version a read used, as the store keeps it.
    public func rubricSource(_ rubric: String, version: Int) throws -> String {
        if let source = try store.rubricSource(rubric, version: version) { return source }
        let kept = try store.rubricVersions(rubric)
        throw ServiceError(
            "the store keeps no version \(version) of rubric '\(rubric)'"
                + (kept.isEmpty ? " (no scores use it yet)" : " (it keeps \(kept.map(String.init).joined(separator: ", ")))"))
    }

    /// Ids on a roster starting with `prefix`, for completion; nothing when the store fails,
    /// since completion must never print an error while someone types.
    public func ids(of roster: Roster, startingWith prefix: String) -> [String] {
        (try? store.ids(of: roster, startingWith: prefix)) ?? []
    }

    /// Session names starting with `prefix`, for completion; nothing when the store fails.
    public func sessionNames(startingWith prefix: String) -> [String] {
        ((try? store.sessionNames()) ?? []).filter { $0.hasPrefix(prefix) }
    }
}
