import ArgumentParser
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

/// The grouping of `proficiency --by`.
enum GroupingAttribute: String, ExpressibleByArgument, CaseIterable {
    case school
    case grade
    case group
}

struct ProficiencyCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "proficiency",
        abstract: "Roll competency evidence up per student, or summarize it by school, grade or group.",
        discussion: """
            Every decided component whose rubric aligns a criterion to a competency gives one evidence value, \
            dated by the component's first read. Each competency rolls its evidence up by its method \
            (framework default or its own). --by counts, per group and competency, the students with evidence \
            and how many are proficient; groups of fewer than 10 students are suppressed (shown blank, null in \
            JSON). --graduation shows whether each student is proficient in every required competency.
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
        let rollup = try Proficiency.rollup(in: shell)
        if let student { _ = try shell.service.student(student) }
        var competencyIndex: Int?
        if let competency {
            guard let index = rollup.index(of: competency) else {
                throw ServiceError(
                    ScoringService.unknown("competency", competency, among: rollup.ids, hint: "see TaskBank/competencies.yaml"))
            }
            competencyIndex = index
        }
        let students = try Proficiency.compute(rollup: rollup, only: student, in: shell)
        if let by {
            return .output(try Proficiency.summary(students, by: by, rollup: rollup, competency: competencyIndex, in: shell))
        }
        if graduation {
            return .output(Proficiency.readiness(students, rollup: rollup))
        }
        return .output(Proficiency.listing(students, rollup: rollup, competency: competencyIndex))
    }
}

/// Competency roll-ups over every task of the bank.
enum Proficiency {
    static func rollup(in shell: ShellContext) throws -> CompetencyRollup {
        guard let framework = shell.service.bank.framework else {
            throw ServiceError("there is no competency framework: TaskBank/competencies.yaml is missing or was rejected (see 'check')")
        }
        return CompetencyRollup(framework: framework)
    }

    /// Every student with a current read (or just `only`), with their roll-ups, by student id.
    static func compute(rollup: CompetencyRollup, only student: String?, in shell: ShellContext) throws -> [StudentProficiency] {
        var decisionsOf: [String: [TaskDecision]] = [:]
        var alignments: [String: [String: CriterionAlignment]] = [:]
        for task in shell.service.bank.tasks.values.sorted(by: { $0.id < $1.id }) {
            alignments[task.id] = Self.alignments(of: task, rollup: rollup, bank: shell.service.bank)
            for decision in try Decisions.decide(task: task, only: student, in: shell, listUnread: false) {
                decisionsOf[decision.student, default: []].append(decision)
            }
        }
        if let student, decisionsOf[student] == nil { decisionsOf[student] = [] }
        let count = rollup.competencies.count
        return decisionsOf.keys.sorted().map { student in
            var builder = EvidenceBuilder(competencies: count)
            for decision in decisionsOf[student] ?? [] {
                builder.add(decision, alignments: alignments[decision.task] ?? [:])
            }
            return rollup.rollUp(student: student, evidence: builder.finish())
        }
    }

    /// Which competency each criterion of each component of `task` is evidence for.
    static func alignments(of task: AssessmentTask, rollup: CompetencyRollup, bank: Bank) -> [String: CriterionAlignment] {
        var byComponent: [String: CriterionAlignment] = [:]
        for component in task.components {
            guard let rubric = bank.rubrics[component.rubric] else { continue }
            byComponent[component.id] = CriterionAlignment(rubric: rubric, rollup: rollup)
        }
        return byComponent
    }

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

    /// Per group and competency: students with evidence, proficient, rate; small cells suppressed.
    static func summary(
        _ students: [StudentProficiency], by attribute: GroupingAttribute, rollup: CompetencyRollup, competency: Int?,
        in shell: ShellContext
    ) throws -> CommandOutput {
        var roster: [String: Student] = [:]
        for student in try shell.service.store.students() { roster[student.id] = student }
        let groups: [[String]] = students.map { proficiency in
            guard let student = roster[proficiency.student] else { return [] }
            switch attribute {
            case .school: return student.school.map { [$0] } ?? []
            case .grade: return student.grade.map { [$0] } ?? []
            case .group: return student.groups
            }
        }
        // A competency none of a group's students has evidence for says nothing: leave it out.
        var summaries = rollup.summarize(students, groups: groups).filter { $0.students > 0 }
        if let competency {
            let id = rollup.competencies[competency].id
            summaries = summaries.filter { $0.competency == id }
        }
        // Suppressed cells show as `*` with a footnote saying why.
        let rows = summaries.map { summary in
            [
                summary.group, summary.competency, String(summary.students), summary.proficient.map(String.init) ?? "*",
                summary.rate.map(Format.share) ?? "*",
            ]
        }
        let table = TextTable(columns: [attribute.rawValue, "competency", "students", "proficient", "rate"], rows: rows, numericColumns: [2, 3, 4])
        var notes: [String] = []
        if summaries.contains(where: { $0.proficient == nil }) {
            notes.append("* fewer than \(GroupSummary.minimumStudents) students: counts withheld to protect students' privacy")
        }
        let without = zip(students, groups).filter { $0.1.isEmpty && $0.0.results.contains(where: \.hasEvidence) }.count
        if without > 0 {
            let verb = without == 1 ? "is" : "are"
            notes.append(
                attribute == .group
                    ? "\(Format.count(without, "student")) with evidence \(verb) in no group"
                    : "\(Format.count(without, "student")) with evidence \(without == 1 ? "has" : "have") no \(attribute.rawValue) and \(verb) left out"
                        + " (set it with 'student update' or 'import students')")
        }
        let text = notes.isEmpty ? nil : table.aligned + notes.joined(separator: "\n") + "\n"
        return CommandOutput(json: .array(summaries.map(\.json)), table: table, text: text)
    }
}
