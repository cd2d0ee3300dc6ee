import Foundation
import Testing

/// Golden transcripts, psql-style: each `Transcripts/NAME.sb` script is piped into the real
/// `scorebench` binary, and its exact standard output, standard error and exit status are
/// compared with `Transcripts/NAME.expected`.
///
/// A script's first lines may set up the run: `#! args: --format json` adds command-line
/// arguments, `#! content: bundled` uses the repository's own `Rubrics/` and `TaskBank/`
/// instead of the small fixtures, and each `#! setup: COMMAND` runs before the script, in a
/// shell of its own on the same store (for what must exist before the command line is read,
/// such as the rater of `--as`); each `#! store FILE: COMMAND` runs before them, in a shell of
/// its own on the SQLite file FILE in the run's folder, whatever the engine (a site's store
/// for `import store` to move). Scripts run in a fresh folder holding copies of `Rubrics` and
/// `TaskBank` (which a script may change), and `data` (the transcripts' data files) and
/// `Examples`, with the clock pinned by SCOREBENCH_NOW.
///
/// Each script runs on a SQLite file and, when the tests have a server, on PostgreSQL too
/// (`ShellEngine`), against the one expectation: the engines must not show through.
///
/// To regenerate expectations after an intended change, run the tests with
/// SCOREBENCH_UPDATE_TRANSCRIPTS=1 and review the diff before committing it.
@Suite struct TranscriptTests {
    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Harness.transcripts.path)) ?? []
        return files.filter { $0.hasSuffix(".sb") }.map { String($0.dropLast(3)) }.sorted()
    }

    @Test(arguments: names, ShellEngine.available)
    func transcript(_ name: String, on engine: ShellEngine) throws {
        let script = Harness.transcripts.appendingPathComponent(name + ".sb")
        let text = try String(contentsOf: script, encoding: .utf8)
        var arguments: [String] = []
        var setup: [String] = []
        var stores: [(file: String, command: String)] = []
        var bundled = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(while: { $0.hasPrefix("#!") }) {
            let directive = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if directive.hasPrefix("args:") {
                arguments += directive.dropFirst(5).split(separator: " ").map(String.init)
            } else if directive == "content: bundled" {
                bundled = true
            } else if directive.hasPrefix("setup:") {
                setup.append(directive.dropFirst(6).trimmingCharacters(in: .whitespaces))
            } else if directive.hasPrefix("store "), let colon = directive.firstIndex(of: ":") {
                let file = directive[directive.index(directive.startIndex, offsetBy: 6)..<colon].trimmingCharacters(in: .whitespaces)
                stores.append((file, directive[directive.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        let folder = try Harness.workspace(bundledContent: bundled)
        for file in Set(stores.map(\.file)) {
            let commands = stores.filter { $0.file == file }.flatMap { ["-c", $0.command] }
            let made = try Harness.run(["--db", file] + commands, in: folder)
            #expect(made.status == 0, "\(name).sb: making \(file) failed: \(made.stderr)")
        }
        // On a server the same script must print the same thing, byte for byte.
        let server = engine == .postgres ? try ShellServerSchema(in: folder) : nil
        let store = server?.arguments ?? [], environment = server?.environment ?? [:]
        if !setup.isEmpty {
            let prepared = try Harness.run(store + setup.flatMap { ["-c", $0] }, in: folder, environment: environment)
            #expect(prepared.status == 0, "\(name).sb: setup failed: \(prepared.stderr)")
        }
        let run = try Harness.run(store + arguments, stdin: script, in: folder, environment: environment)
        let actual = "--- stdout\n\(run.stdout)--- stderr\n\(run.stderr)--- status\n\(run.status)\n"
        let expectedFile = Harness.transcripts.appendingPathComponent(name + ".expected")
        if ProcessInfo.processInfo.environment["SCOREBENCH_UPDATE_TRANSCRIPTS"] != nil, engine == .sqlite {
            try Data(actual.utf8).write(to: expectedFile)
        }
        let expected = (try? String(contentsOf: expectedFile, encoding: .utf8)) ?? "(no \(name).expected)"
        #expect(actual == expected, "\(name).sb on \(engine.rawValue): output differs from \(name).expected")
    }
}

/// Runs the real binary in a scratch folder.
enum Harness {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let transcripts = tests.appendingPathComponent("Transcripts")
    static let fixtures = tests.appendingPathComponent("Fixtures")
    static let repository = tests.deletingLastPathComponent().deletingLastPathComponent()
    static let binary = URL(fileURLWithPath: Bundle.main.bundlePath).appendingPathComponent("scorebench")
    static let now = "2026-11-23T12:00:00Z"
    /// One bank cache for every run of the test process, so most runs start from a bank another
    /// run kept and the transcripts hold for a kept bank as for one assembled from the files.
    static let bankCache = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-bank-cache-\(UUID().uuidString)")

    struct Run {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// A fresh folder with copies of the content (a command such as `import framework` writes
    /// into it, and must never write into the source tree) and the transcripts' data and the
    /// examples linked in.
    static func workspace(bundledContent: Bool = false) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let content = bundledContent ? repository : fixtures
        for name in ["Rubrics", "TaskBank"] {
            try FileManager.default.copyItem(at: content.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        for (name, source) in [
            ("data", transcripts.appendingPathComponent("data")), ("Examples", repository.appendingPathComponent("Examples")),
        ] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name), withDestinationURL: source)
        }
        return folder
    }

    /// Runs `scorebench` with `arguments`, standard input from `stdin` (or empty), in `folder`.
    static func run(
        _ arguments: [String], stdin: URL? = nil, input: Data? = nil, in folder: URL, environment extra: [String: String] = [:]
    ) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = [
            "SCOREBENCH_NOW": now, "HOME": folder.path, "PATH": "/usr/bin:/bin", "SCOREBENCH_CACHE": bankCache.path,
        ]
        environment.merge(extra) { $1 }
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        var inputPipe: Pipe?
        if let stdin {
            process.standardInput = try FileHandle(forReadingFrom: stdin)
        } else if input != nil {
            inputPipe = Pipe()
            process.standardInput = inputPipe
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        if let input, let inputPipe {
            try inputPipe.fileHandleForWriting.write(contentsOf: input)
            try inputPipe.fileHandleForWriting.close()
        }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(
            stdout: String(decoding: outputData, as: UTF8.self), stderr: String(decoding: errorData, as: UTF8.self),
            status: process.terminationStatus)
    }
}
