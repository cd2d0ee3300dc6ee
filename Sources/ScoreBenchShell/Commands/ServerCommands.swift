import ArgumentParser
import ScoringCore
import ScoringService
import ScoringStore

struct ServerGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "The shared PostgreSQL server.", subcommands: [ServerInit.self])
}

struct ServerInit: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create or migrate the server's schema, group roles and row-level security (a coordinator, once).",
        discussion: """
            Run by a login that may create roles. Creates ScoreBench's tables in the first schema of the login's \\
            search_path, the group roles scorebench_rater, scorebench_lead and scorebench_coordinator (none of them \\
            superuser or BYPASSRLS), and the row-level security that keeps blind reads blind for any client. \\
            Running it again migrates an older schema and otherwise changes nothing.
            """)

    func execute(in shell: ShellContext) throws -> ShellResult {
        let done = try shell.service.serverInit()
        let json = JSONValue.object([
            ("outcome", .string(done.outcome.rawValue)), ("schema", .string(done.schema)), ("database", .string(done.database)),
            ("schema_version", .int(done.schemaVersion)), ("latest_migration", .string(done.latestMigration)),
            ("migrations_applied", .array(done.migrationsApplied.map { .string($0) })),
            ("roles_created", .array(done.rolesCreated.map { .string($0) })),
            ("memberships_granted", .array(done.membershipsGranted.map { .string($0) })),
        ])
        var text: String
        switch done.outcome {
        case .created: text = "created the ScoreBench schema in \(done.database).\(done.schema) (\(Format.count(done.schemaVersion, "schema change")))"
        case .migrated:
            text = "migrated the ScoreBench schema in \(done.database).\(done.schema): \(done.migrationsApplied.joined(separator: "; "))"
        case .unchanged: text = "the ScoreBench schema in \(done.database).\(done.schema) is up to date"
        }
        if !done.rolesCreated.isEmpty { text += "\n  group roles created: \(done.rolesCreated.joined(separator: ", "))" }
        if !done.membershipsGranted.isEmpty { text += "\n  memberships granted: \(done.membershipsGranted.joined(separator: ", "))" }
        if done.changedNothing { text += "; nothing changed" }
        return .output(CommandOutput(
            json: json,
            table: TextTable(
                columns: ["outcome", "database", "schema", "schema version"],
                rows: [[done.outcome.rawValue, done.database, done.schema, String(done.schemaVersion)]]),
            text: text))
    }
}
