import ArgumentParser
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

extension GroupingAttribute: ExpressibleByArgument {}

struct ProficiencyCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "proficiency",
        abstract: "Roll competency evidence up per student, or summarize it by school, grade or group.",
        discussion: """
            Every decided component whose rubric aligns a criterion to a competency gives one evidence value, \
            dated by the component's first read. Each competency rolls its evidence up by its method \
            (framework default or its own). --by counts, per group and competency, the students with evidence \
            and how many are proficient, first for all students; groups of fewer than 10 students are withheld \
            (* in tables, null in JSON), and so are the groups, schools or grades that would let a withheld count \
            be worked out by subtraction. --graduation shows whether each student is proficient in every required competency.
            """)

    @Option(help: "Only this student.")
    var student: String?

    @Option(help: "Only this competency.")
    var competency: String?

    @Option(help: ArgumentHelp("Summarize by school, grade or group.", valueName: "attribute"))
    var by: GroupingAttribute?

    @Flag(help: "Show graduation readiness over the required competencies.")
    var graduation = false

    func validate() throws {
        if let student { try requireID(student, kind: "student") }
        if by != nil, graduation { throw ValidationError("give --by or --graduation, not both") }
        if by != nil, student != nil { throw ValidationError("--by summarizes many students; leave out --student") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let rollup = try shell.service.competencyRollup()
        if let student { _ = try shell.service.student(student) }
        var competencyIndex: Int?
        if let competency {
            guard let index = rollup.index(of: competency) else {
                throw ServiceError(
                    ScoringService.unknown("competency", competency, among: rollup.ids, hint: "see TaskBank/competencies.yaml"))
            }
            competencyIndex = index
        }
        if let by {
            return .output(Proficiency.summary(try shell.service.equity(by: by, competency: competencyIndex)))
        }
        let students = try shell.service.proficiency(rollup: rollup, only: student)
        if graduation {
            return .output(Proficiency.readiness(students, rollup: rollup))
        }
        return .output(Proficiency.listing(students, rollup: rollup, competency: competencyIndex))
    }
}

/// Competency roll-ups over every task of the bank.
enum Proficiency {
    static func value(_ value: Double?) -> String {
        value.map(Format.score) ?? ""
    }

    /// One row per student and competency with evidence.
    static func listing(_ students: [StudentProficiency], rollup: CompetencyRollup, competency: Int?) -> CommandOutput {
        var json: [JSONValue] = []
        var rows: [[String]] = []
        for student in students {
            let withEvidence = student.results.indices.filter { student.results[$0].hasEvidence }
            for (index, object) in zip(withEvidence, rollup.json(student)) {
                if let competency, index != competency { continue }
                let result = student.results[index]
                json.append(object)
                rows.append([
                    student.student, rollup.competencies[index].id, result.method.rawValue, String(result.evidence),
                    value(result.value), Decisions.yesNo(result.proficient),
                ])
            }
        }
        return CommandOutput(
            json: .array(json),
            table: TextTable(columns: ["student", "competency", "method", "evidence", "value", "proficient"], rows: rows, numericColumns: [3, 4]))
    }

    /// Graduation readiness of each student over the required competencies.
    static func readiness(_ students: [StudentProficiency], rollup: CompetencyRollup) -> CommandOutput {
        let required = rollup.competencies.filter(\.required).map(\.id)
        var json: [JSONValue] = []
        var rows: [[String]] = []
        for student in students {
            let readiness = rollup.readiness(of: student)
            json.append(.object([
                ("student", .string(student.student)), ("ready", .bool(readiness.ready)),
                ("not_proficient", .array(readiness.notProficient.map { .string($0) })),
                ("missing", .array(readiness.missing.map { .string($0) })),
            ]))
            rows.append([
                student.student, readiness.ready ? "yes" : "no", readiness.notProficient.joined(separator: ", "),
                readiness.missing.joined(separator: ", "),
            ])
        }
        let table = TextTable(columns: ["student", "ready", "not proficient", "no evidence"], rows: rows)
        let text = rows.isEmpty ? nil : "required: \(required.joined(separator: ", "))\n" + table.aligned
        return CommandOutput(json: .array(json), table: table, text: text)
    }

    /// Per competency, all students and then each group: students with evidence, proficient,
    /// rate; small cells and the cells that would give them away withheld.
    static func summary(_ summary: EquitySummary) -> CommandOutput {
        let rows = summary.rows.map { row in
            [
                row.group ?? "(all students)", row.competency, String(row.students), row.proficient.map(String.init) ?? "*",
                row.rate.map(Format.share) ?? "*",
            ]
        }
        let attribute = summary.attribute
        let table = TextTable(columns: [attribute.rawValue, "competency", "students", "proficient", "rate"], rows: rows, numericColumns: [2, 3, 4])
        var notes: [String] = []
        if summary.rows.contains(where: { $0.suppression == .tooFewStudents }) {
            notes.append("* fewer than \(GroupSummary.minimumStudents) students: counts withheld to protect students' privacy")
        }
        if summary.rows.contains(where: { $0.suppression == .complementary }) {
            notes.append("* withheld as well: shown, it would let a withheld count be worked out by subtraction")
        }
        let without = summary.studentsWithoutGroup
        if without > 0 {
            let verb = without == 1 ? "is" : "are"
            notes.append(
                attribute == .group
                    ? "\(Format.count(without, "student")) with evidence \(verb) in no group (counted in all students only)"
                    : "\(Format.count(without, "student")) with evidence \(without == 1 ? "has" : "have") no \(attribute.rawValue)"
                        + " and \(verb) counted in all students only (set it with 'student update' or 'import students')")
        }
        let text = notes.isEmpty ? nil : table.aligned + notes.joined(separator: "\n") + "\n"
        return CommandOutput(json: .array(summary.rows.map(\.json)), table: table, text: text)
    }
}
