import ArgumentParser
import ScoringCore
import ScoringService

struct ExportPublic: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "public",
        abstract: "Write the de-identified public file of decisions and proficiency (CSV), for the coordinator.",
        discussion: """
            One row per decision of a submission component ('decision') and per competency roll-up \
            ('proficiency'), then the counts of 'proficiency --by group' ('group'). Students are named by a \
            pseudonym, a keyed hash under a random key made for this file and never written, so two files \
            cannot be joined; rows are in pseudonym order. No student or rater id, name, note or date. \
            Grade and school are kept only where at least 10 students of the file share them (a school \
            with a small grade shows no grades); program groups appear only as counts, withheld as \
            'proficiency --by' withholds them. With --task, that task's decisions only.
            """)

    @Argument(help: "The CSV file to write.")
    var file: String

    @Option(help: "Only this task's decisions (no roll-ups or group counts).")
    var task: String?

    static let columns = [
        "record", "pseudonym", "grade", "school", "task", "component", "competency", "status", "score", "level", "proficient", "group",
        "students", "proficient_students",
    ]

    func execute(in shell: ShellContext) throws -> ShellResult {
        let publicFile = try shell.service.publicFile(task: task)
        var csv = CSVWriter.record(Self.columns) + "\n"
        for record in publicFile.records {
            csv += CSVWriter.record([
                record.kind.rawValue, record.pseudonym, record.grade ?? "", record.school ?? "", record.task ?? "", record.component ?? "",
                record.competency ?? "", record.status ?? "", record.score.map { Format.number($0) } ?? "", record.level ?? "",
                Decisions.yesNo(record.proficient), "", "", "",
            ]) + "\n"
        }
        for count in publicFile.groupCounts {
            csv += CSVWriter.record([
                "group", "", "", "", "", "", count.competency, "", count.rate.map { Format.number($0) } ?? "", "", "", count.group ?? "",
                String(count.students), count.proficient.map(String.init) ?? "",
            ]) + "\n"
        }
        try shell.writeStudentData(csv, to: file, action: "export public", detail: task.map { "task \($0)" } ?? "", students: publicFile.students)
        return .output(FileOutput.summary(file: file, rows: publicFile.records.count + publicFile.groupCounts.count, of: publicFile.students, "student"))
    }
}
