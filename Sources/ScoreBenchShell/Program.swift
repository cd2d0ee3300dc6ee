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
    var bank = LaunchOptions.defaults.bank

    @Option(help: ArgumentHelp("The rubrics folder.", valueName: "dir"))
    var rubrics = LaunchOptions.defaults.rubrics

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = LaunchOptions.defaults.format

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this rater (what they may see).", valueName: "rater"))
    var identity: String?

    @Flag(help: "Stop at the first failing command.")
    var bail = false

    @Option(name: .customShort("c"), help: ArgumentHelp("Run this command; repeat for several.", valueName: "command"))
    var commands: [String] = []

    @Option(name: .customShort("f"), help: ArgumentHelp("Run the commands in this file.", valueName: "script"))
    var script: String?
}

/// What the command line asks for, however it was read.
struct LaunchOptions: Equatable {
    var db: String?
    var bank = "TaskBank"
    var rubrics = "Rubrics"
    var format = OutputFormat.table
    var identity: String?
    var bail = false
    var commands: [String] = []
    var script: String?

    static let defaults = LaunchOptions()

    init() {}

    init(_ options: ProgramOptions) {
        self.init()
        (db, bank, rubrics, format, identity) = (options.db, options.bank, options.rubrics, options.format, options.identity)
        (bail, commands, script) = (options.bail, options.commands, options.script)
    }

    /// Reads the command line: the usual forms here, anything else (help, the version, a
    /// mistake to explain) by ArgumentParser, whose reflection over `ProgramOptions` is a sixth
    /// of a first command's work.
    static func parse(_ arguments: [String]) throws -> LaunchOptions {
        if let options = plain(arguments) { return options }
        return LaunchOptions(try ProgramOptions.parse(arguments))
    }

    /// The options of a command line made only of `--name value`, `--name=value`, `-c value`,
    /// `-f value` and `--bail`, each at most once (but `-c`), and every value one
    /// ArgumentParser would take as given: not empty, not starting with `-`, a known format.
    /// Nil for anything else. `LaunchOptionsTests` holds it to ArgumentParser's reading.
    static func plain(_ arguments: [String]) -> LaunchOptions? {
        var options = LaunchOptions()
        var seen: Set<String> = []
        var index = 0
        while index < arguments.count {
            var name = arguments[index]
            var value: String?
            index += 1
            if name == "--bail" {
                guard seen.insert(name).inserted else { return nil }
                options.bail = true
                continue
            }
            if name.hasPrefix("--"), let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else if index < arguments.count {
                value = arguments[index]
                index += 1
            }
            guard let value, !value.isEmpty, !value.hasPrefix("-") else { return nil }
            guard name == "-c" || seen.insert(name).inserted else { return nil }
            switch name {
            case "--db": options.db = value
            case "--bank": options.bank = value
            case "--rubrics": options.rubrics = value
            case "--as": options.identity = value
            case "-c": options.commands.append(value)
            case "-f": options.script = value
            case "--format":
                guard let format = OutputFormat(rawValue: value) else { return nil }
                options.format = format
            default: return nil
            }
        }
        return options
    }
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
        let options: LaunchOptions
        do {
            options = try LaunchOptions.parse(arguments)
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
        let content = ContentLocation(rubrics: options.rubrics, bank: options.bank, cache: BankCache(environment: environment))
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
