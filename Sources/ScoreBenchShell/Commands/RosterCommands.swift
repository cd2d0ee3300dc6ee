import ArgumentParser
import ScoringCore
import ScoringService
import ScoringStore

extension Rater.Role: ExpressibleByArgument {}

/// Refuses an id that could not be stored, before anything else looks at it.
func requireID(_ id: String, kind: String) throws {
    if let problem = Identifier.problem(with: id, kind: kind, contentStyle: false) {
        throw ValidationError(problem)
    }
}

/// Refuses free text a roster should not hold: too long, or spanning lines.
func requireText(_ text: String?, what: String) throws {
    if let text, let problem = Identifier.textProblem(with: text, what: what) { throw ValidationError(problem) }
}

struct RaterGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rater", abstract: "The rater roster.", subcommands: [RaterAdd.self, RaterList.self, RaterUpdate.self, RaterReinstate.self])
}

struct RaterAdd: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a rater to the roster.",
        discussion: "Adding a rater who is already on the roster exactly as given changes nothing; with a different name or role it is refused (use 'rater update').")

    @Argument(help: "The rater's id, e.g. r-chen or j.chen@district.org.")
    var id: String

    @Option(parsing: .unconditional, help: "The rater's name as people know it.")
    var name: String?

    @Option(help: "rater (gives reads), lead (runs calibration, sees everything) or adjudicator (may adjudicate).")
    var role: Rater.Role = .rater

    @Option(parsing: .unconditional, help: "The school the rater teaches at: a scoring event never gives them its students' work.")
    var school: String?

    @Flag(help: "On a server: also create the rater's login (a password is asked at a prompt, else generated and shown once).")
    var login = false

    @Flag(help: "With --login: no password; the server authenticates the login otherwise (certificates, peer).")
    var noPassword = false

    func validate() throws {
        try requireID(id, kind: "rater")
        try requireText(name, what: "the name")
        try requireText(school, what: "the school")
        if noPassword, !login { throw ValidationError("--no-password goes with --login") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let rater = Rater(id: id, name: name, role: role, school: school)
        guard login else { return .output(RaterList.output(rater, status: try shell.service.addRater(rater))) }
        var password = LoginPassword.generate
        if noPassword {
            password = .none
        } else if let askSecret = shell.askSecret {
            guard let typed = askSecret("password for the login \(id) (Enter alone: generate one)> ") else {
                throw ServiceError("abandoned: \(id) was not added")
            }
            if !typed.isEmpty { password = .given(typed) }
        }
        let (outcome, shown) = try shell.service.addRaterWithLogin(rater, password: password)
        var output = RaterList.output(rater, status: outcome)
        if let shown {
            // Shown this once: ScoreBench keeps no copy.
            if case .object(var pairs) = output.json { pairs.append(("password", .string(shown))); output.json = .object(pairs) }
            output.table?.columns.append("password")
            if output.table != nil { output.table!.rows[0].append(shown) }
            output.text = (output.text ?? "") + " with a login; its password, shown this once: \(shown)"
        } else {
            output.text = (output.text ?? "") + " with a login"
        }
        return .output(output)
    }
}

struct RaterUpdate: ShellCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change a rater's name or role.")

    @Argument(help: "The rater's id.")
    var rater: String

    @Option(parsing: .unconditional, help: "The new name.")
    var name: String?

    @Option(help: "The new role: rater, lead or adjudicator.")
    var role: Rater.Role?

    @Option(parsing: .unconditional, help: "The new school ('' clears it).")
    var school: String?

    func validate() throws {
        if name == nil && role == nil && school == nil { throw ValidationError("give --name, --role or --school to change") }
        try requireText(name, what: "the name")
        if let school, !school.isEmpty { try requireText(school, what: "the school") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let (rater, outcome) = try shell.service.updateRater(
            self.rater, name: name.map { Optional($0) }, role: role, school: school.map { $0.isEmpty ? nil : $0 })
        return .output(RaterList.output(rater, status: outcome))
    }
}

struct RaterList: ShellCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the raters.")

    func execute(in shell: ShellContext) throws -> ShellResult {
        let listed = try shell.service.ratersWithQualifications()
        let raters = listed.map(\.rater)
        var results: [String: [Qualification]] = [:]
        for (rater, qualifications) in listed where !qualifications.isEmpty { results[rater.id] = qualifications }
        // The qualification column appears once any calibration session has closed.
        let showQualified = !results.isEmpty
        // So does the school column, once a rater has a school.
        let showSchool = raters.contains { $0.school != nil }
        let table = TextTable(
            columns: ["id", "name", "role"] + (showSchool ? ["school"] : []) + (showQualified ? ["qualified on"] : []),
            rows: raters.map { rater in
                [rater.id, rater.name ?? "", rater.role.rawValue] + (showSchool ? [rater.school ?? ""] : [])
                    + (showQualified
                        ? [
                            (results[rater.id] ?? []).filter(\.qualified)
                                .map { "\($0.rubric) (\($0.session), \($0.decidedAt.description.prefix(10)))" }.joined(separator: ", ")
                        ] : [])
            })
        let json = JSONValue.array(
            raters.map { rater in
                guard case .object(var pairs) = Self.json(rater) else { return .null }
                pairs.append((
                    "qualifications",
                    .array(
                        (results[rater.id] ?? []).map { q in
                            .object([
                                ("rubric", .string(q.rubric)), ("qualified", .bool(q.qualified)), ("session", .string(q.session)),
                                ("decided_at", .string(q.decidedAt.description)),
                            ])
                        })
                ))
                return .object(pairs)
            })
        return .output(CommandOutput(json: json, table: table))
    }

    static func json(_ rater: Rater, status: RosterOutcome? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(rater.id)), ("name", .string(rater.name)), ("role", .string(rater.role.rawValue)), ("school", .string(rater.school)),
        ]
        if let status { pairs.append(("status", .string(status.rawValue))) }
        return .object(pairs)
    }

    static func output(_ rater: Rater, status: RosterOutcome) -> CommandOutput {
        CommandOutput(
            json: json(rater, status: status),
            table: TextTable(columns: ["id", "name", "role", "status"], rows: [[rater.id, rater.name ?? "", rater.role.rawValue, status.rawValue]]),
            text: "\(status.rawValue) rater \(rater.id) (\(rater.role.rawValue))")
    }
}

struct StudentGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "student", abstract: "The student roster.",
        subcommands: [StudentAdd.self, StudentList.self, StudentUpdate.self])
}

struct StudentAdd: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a student to the roster.",
        discussion: "Adding a student who is already on the roster exactly as given changes nothing; with different attributes it is refused (use 'student update').")

    @Argument(help: "The student's id.")
    var id: String

    @Option(help: "The grade, e.g. 10.")
    var grade: String?

    @Option(help: "The school.")
    var school: String?

    @Option(name: .customLong("group"), help: "A reporting group such as ell, iep or frl; repeat for several.")
    var groups: [String] = []

    func validate() throws {
        try requireID(id, kind: "student")
        for group in groups { try requireID(group, kind: "group") }
        try requireText(grade, what: "the grade")
        try requireText(school, what: "the school")
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let student = Student(id: id, grade: grade, school: school, groups: Array(Set(groups)))
        let outcome = try shell.service.addStudent(student)
        return .output(StudentList.output(student, status: outcome))
    }
}

struct StudentUpdate: ShellCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change a student's grade, school or groups.")

    @Argument(help: "The student's id.")
    var student: String

    @Option(help: "The new grade.")
    var grade: String?

    @Option(help: "The new school.")
    var school: String?

    @Option(name: .customLong("group"), help: "A group to add; repeat for several.")
    var groups: [String] = []

    @Option(name: .customLong("remove-group"), help: "A group to remove; repeat for several.")
    var removedGroups: [String] = []

    func validate() throws {
        if grade == nil && school == nil && groups.isEmpty && removedGroups.isEmpty {
            throw ValidationError("give --grade, --school, --group or --remove-group to change")
        }
        for group in groups { try requireID(group, kind: "group") }
        try requireText(grade, what: "the grade")
        try requireText(school, what: "the school")
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let (student, outcome) = try shell.service.updateStudent(
            self.student, grade: grade.map { Optional($0) }, school: school.map { Optional($0) }, addGroups: groups, removeGroups: removedGroups)
        return .output(StudentList.output(student, status: outcome))
    }
}

struct StudentList: ShellCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the students.")

    @Option(help: "Only students of this school.")
    var school: String?

    @Option(help: "Only students in this grade.")
    var grade: String?

    @Option(help: "Only students in this group.")
    var group: String?

    func execute(in shell: ShellContext) throws -> ShellResult {
        let students = try shell.service.students(school: school, grade: grade, group: group)
        let table = TextTable(
            columns: ["id", "grade", "school", "groups"],
            rows: students.map { [$0.id, $0.grade ?? "", $0.school ?? "", $0.groups.joined(separator: ", ")] })
        return .output(CommandOutput(json: .array(students.map { Self.json($0) }), table: table))
    }

    static func json(_ student: Student, status: RosterOutcome? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(student.id)), ("grade", .string(student.grade)), ("school", .string(student.school)),
            ("groups", .array(student.groups.map { .string($0) })),
        ]
        if let status { pairs.append(("status", .string(status.rawValue))) }
        return .object(pairs)
    }

    static func output(_ student: Student, status: RosterOutcome) -> CommandOutput {
        CommandOutput(
            json: json(student, status: status),
            table: TextTable(
                columns: ["id", "grade", "school", "groups", "status"],
                rows: [[student.id, student.grade ?? "", student.school ?? "", student.groups.joined(separator: ", "), status.rawValue]]),
            text: "\(status.rawValue) student \(student.id)")
    }
}
