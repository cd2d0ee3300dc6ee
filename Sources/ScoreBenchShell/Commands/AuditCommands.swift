import ArgumentParser
import ScoringCore
import ScoringService

struct AuditGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The audit trail of student-level exports and reports.", subcommands: [AuditList.self])
}

struct AuditList: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List who exported or reported student-level data, what, when and for how many students (the coordinator's).",
        discussion: """
            Every export, report and transcript of student data appends a line; nothing changes or removes one \
            (on a server not even the tables' owner, and the server records the login).
            """)

    @Flag(help: "Add the server login that wrote each line (set by the server; empty in a SQLite store).")
    var login = false

    func execute(in shell: ShellContext) throws -> ShellResult {
        let entries = try shell.service.auditTrail()
        let showLogin = login
        let table = TextTable(
            columns: ["at", "who"] + (showLogin ? ["login"] : []) + ["action", "detail", "students"],
            rows: entries.map { entry in
                [entry.at.description, entry.actor] + (showLogin ? [entry.login ?? ""] : []) + [entry.action, entry.detail, String(entry.students)]
            },
            numericColumns: [showLogin ? 5 : 4])
        let json = JSONValue.array(entries.map { entry in
            .object(
                [("at", .string(entry.at.description)), ("who", .string(entry.actor))]
                    + (showLogin ? [("login", entry.login.map(JSONValue.string) ?? .null)] : [])
                    + [("action", .string(entry.action)), ("detail", .string(entry.detail)), ("students", .int(entry.students))])
        })
        return .output(CommandOutput(json: json, table: table, text: entries.isEmpty ? "the audit trail is empty\n" : nil))
    }
}

extension ShellContext {
    /// Writes a file of student-level data, recorded in the audit trail as `action` on `students`
    /// students: both, or on any failure neither.
    func writeStudentData(_ contents: String, to file: String, action: String, detail: String = "", students: Int) throws {
        let described = detail.isEmpty ? file : "\(file) (\(detail))"
        try FileOutput.write(contents, to: file, protecting: service.storeFile) {
            try self.service.audit(action, detail: described, students: students)
        }
    }
}
