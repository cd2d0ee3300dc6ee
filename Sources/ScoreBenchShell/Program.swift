import ArgumentParser
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

/// The `scorebench` command line (SPEC section 5).
struct ProgramOptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorebench",
        abstract: "Score performance tasks, portfolios and capstones against shared rubrics.",
        discussion: """
            Interactive when standard input is a terminal and neither -c nor -f is given; otherwise commands \
            come from each -c in order, then the -f file, else standard input, one per line. Type 'help' at the \
            prompt (or -c help) for the commands.
            """,
        version: Program.version)

    @Option(help: ArgumentHelp("The SQLite store (default: $SCOREBENCH_DB, else scorebench.sqlite here).", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("The task bank folder.", valueName: "dir"))
    var bank = "TaskBank"

    @Option(help: ArgumentHelp("The rubrics folder.", valueName: "dir"))
    var rubrics = "Rubrics"

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this rater (what they may see).", valueName: "rater"))
    var identity: String?

    @Flag(help: "Stop at the first failing command.")
    var bail = false

    @Option(name: .customShort("c"), help: ArgumentHelp("Run this command; repeat for several.", valueName: "command"))
    var commands: [String] = []

    @Option(name: .customShort("f"), help: ArgumentHelp("Run the commands in this file.", valueName: "script"))
    var script: String?
}

/// The program: parses the command line, opens the store and the content, and runs the shell.
public enum Program {
    public static let version = "1.0.0"

    /// Runs `scorebench` with `arguments` (without the program name).
    ///
    /// - Returns: the exit status: 0 all commands succeeded, 1 some failed, 2 bad command line.
    public static func main(
        arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        output: any OutputSink = FileDescriptorSink(descriptor: STDOUT_FILENO),
        errors: any OutputSink = FileDescriptorSink(descriptor: STDERR_FILENO),
        input: Int32 = STDIN_FILENO
    ) -> Int32 {
        let options: ProgramOptions
        do {
            options = try ProgramOptions.parse(arguments)
        } catch {
            if ProgramOptions.exitCode(for: error) == .success {
                output.write(ProgramOptions.fullMessage(for: error) + "\n")
                return 0
            }
            errors.write("error: \(ProgramOptions.message(for: error))\nusage: \(ProgramOptions.usageString())\n")
            return 2
        }

        let databasePath = options.db ?? environment["SCOREBENCH_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "scorebench.sqlite"
        var clock = ScoringService.systemClock
        if let pinned = environment["SCOREBENCH_NOW"], !pinned.isEmpty {
            guard let now = Timestamp(iso8601: pinned) else {
                errors.write("error: SCOREBENCH_NOW '\(Quoting.visible(pinned))' \(Timestamp.problem(with: pinned) ?? "is not a date-time")\n")
                return 2
            }
            clock = { now }
        }
        var scriptSource: (any LineSource)?
        if let script = options.script {
            let descriptor = open(script, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                errors.write("error: cannot read script '\(script)': \(String(cString: strerror(errno)))\n")
                return 2
            }
            var status = stat()
            if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                close(descriptor)
                errors.write("error: cannot read script '\(script)': it is a folder; give the script file\n")
                return 2
            }
            scriptSource = DescriptorLineSource(descriptor: descriptor)
        }

        // A connection URI or key=value string is a server; anything else is a SQLite file.
        let store: any Store
        do {
            store = PostgresConnection.isConnectionString(databasePath)
                ? try PostgresStore.open(databasePath) : try SQLiteStore.open(path: databasePath)
        } catch {
            errors.write("error: \(Shell.messages(for: error).joined(separator: "; "))\n")
            return 2
        }
        let content = ContentLocation(rubrics: options.rubrics, bank: options.bank)
        var bank = Bank()
        do {
            // A server without its schema yet still opens, so that 'server init' can make it.
            let uninitialized = (store as? any ServerStore)?.needsInitialization == true
            bank = try content.load(snapshots: uninitialized ? [:] : store.rubricSnapshots())
        } catch {
            // A content folder that is not there is a bad command line, not a bad file.
            errors.write("error: \(Shell.messages(for: error).joined(separator: "; "))\n")
            return 2
        }
        for problem in bank.problems { errors.write("error: \(problem)\n") }

        let service = ScoringService(store: store, bank: bank, content: content, clock: clock)
        let context = ShellContext(service: service, format: options.format)
        if service.server != nil {
            // On a server the login says who is acting.
            do {
                try service.adoptLogin(requested: options.identity)
            } catch {
                errors.write("error: \(Shell.messages(for: error).joined(separator: "; "))\n")
                return 2
            }
        } else if let identity = options.identity {
            do {
                try service.fixIdentity(as: identity)
            } catch {
                errors.write("error: --as: \(Shell.messages(for: error).joined(separator: "; "))\n")
                return 2
            }
        }

        let interactive = isatty(input) == 1 && options.commands.isEmpty && options.script == nil
        context.standardInputIsFree = !interactive && (!options.commands.isEmpty || options.script != nil)
        let shell = Shell(context: context, output: output, errors: errors, interactive: interactive, bail: options.bail)
        if interactive {
            if isatty(STDOUT_FILENO) == 1 { shell.screen = TerminalScreen(environment: environment) }
            output.write(banner(context))
            let history = environment["SCOREBENCH_HISTORY"] ?? environment["HOME"].map { $0 + "/.scorebench_history" }
            let source = ReadlineSource(
                prompt: { service.identity.map { "scorebench (\($0.id))> " } ?? "scorebench> " },
                historyPath: history?.isEmpty == true ? nil : history, completer: Completer(data: context))
            context.ask = { preamble, prompt, choices in source.ask(preamble: preamble, prompt: prompt, choices: choices) }
            context.askSecret = { prompt in source.askSecret(prompt: prompt) }
            return shell.run(source)
        }
        var sources: [any LineSource] = []
        if !options.commands.isEmpty { sources.append(ArrayLineSource(options.commands)) }
        if let scriptSource { sources.append(scriptSource) }
        if sources.isEmpty { sources.append(DescriptorLineSource(descriptor: input)) }
        return shell.run(ChainedLineSource(sources))
    }

    static func banner(_ context: ShellContext) -> String {
        let bank = context.service.bank
        var text = "ScoreBench \(version) — \(bank.tasks.count) tasks, \(bank.rubrics.count) rubrics"
        if let framework = bank.framework { text += ", \(framework.competencies.count) competencies" }
        text += " · store \(context.service.storeDescription)\n"
        text += "Type 'help' for the commands, Tab to complete, Ctrl-D to leave.\n"
        return text
    }
}
