import Foundation
import GRDB
import ScoringCore
import ScoringStore
import Testing

/// The command line of SPEC section 5: flags, defaults, modes and exit statuses.
@Suite struct CommandLineTests {
    @Test func aBadCommandLineExitsWithTwo() throws {
        let folder = try Harness.workspace()
        let unknown = try Harness.run(["--bogus"], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("error: Unknown option '--bogus'\nusage: scorebench [--db <path>]"))
        #expect(try Harness.run(["--format", "xml"], in: folder).status == 2)
        let script = try Harness.run(["-f", "no-such-script.sb"], in: folder)
        #expect(script.status == 2)
        #expect(script.stderr == "error: cannot read script 'no-such-script.sb': No such file or directory\n")
        let identity = try Harness.run(["--as", "r-nobody", "-c", "help"], in: folder)
        #expect(identity.status == 2)
        #expect(identity.stderr == "error: --as: unknown rater 'r-nobody' (add it with 'rater add r-nobody')\n")
    }

    @Test func helpAndVersionExitWithZero() throws {
        let folder = try Harness.workspace()
        let version = try Harness.run(["--version"], in: folder)
        #expect(version.status == 0)
        #expect(version.stdout == "1.0.0\n")
        let help = try Harness.run(["--help"], in: folder)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: Score performance tasks, portfolios and capstones against shared\nrubrics."))
    }

    @Test func commandsRunInOrderFromEachCThenTheScript() throws {
        let folder = try Harness.workspace()
        try Data("rater add r-3\nrater list\n".utf8).write(to: folder.appendingPathComponent("more.sb"))
        let run = try Harness.run(["-c", "rater add r-1", "-c", "rater add r-2", "-f", "more.sb"], input: Data("rater add r-stdin\n".utf8), in: folder)
        #expect(run.status == 0)
        // Standard input is not read when -c or -f is given.
        #expect(run.stdout == "added rater r-1 (rater)\nadded rater r-2 (rater)\nadded rater r-3 (rater)\nid   name  role\n---  ----  -----\nr-1        rater\nr-2        rater\nr-3        rater\n")
    }

    @Test func theDatabaseComesFromTheFlagThenTheEnvironmentThenTheFolder() throws {
        let folder = try Harness.workspace()
        _ = try Harness.run(["-c", "rater add r-default"], in: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("scorebench.sqlite").path))
        _ = try Harness.run(["-c", "rater add r-env"], in: folder, environment: ["SCOREBENCH_DB": "env.sqlite"])
        _ = try Harness.run(["--db", "flag.sqlite", "-c", "rater add r-flag"], in: folder, environment: ["SCOREBENCH_DB": "env.sqlite"])
        for (file, rater) in [("scorebench.sqlite", "r-default"), ("env.sqlite", "r-env"), ("flag.sqlite", "r-flag")] {
            let store = try SQLiteStore.open(path: folder.appendingPathComponent(file).path)
            #expect(try store.raters().map(\.id) == [rater])
            let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(file).path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
        }
    }

    @Test func aBrokenContentFileIsReportedAndTheRestLoads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-content-\(UUID().uuidString)")
        let rubrics = folder.appendingPathComponent("Rubrics"), bank = folder.appendingPathComponent("TaskBank")
        try FileManager.default.createDirectory(at: rubrics, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: bank, withIntermediateDirectories: true)
        for name in ["essay.yaml", "talk.yaml"] {
            try FileManager.default.copyItem(at: Harness.fixtures.appendingPathComponent("Rubrics/\(name)"), to: rubrics.appendingPathComponent(name))
        }
        for name in ["essay-task.yaml", "capstone.yaml", "competencies.yaml"] {
            try FileManager.default.copyItem(at: Harness.fixtures.appendingPathComponent("TaskBank/\(name)"), to: bank.appendingPathComponent(name))
        }
        let talk = try String(contentsOf: rubrics.appendingPathComponent("talk.yaml"), encoding: .utf8)
        try Data(talk.replacingOccurrences(of: "  - { score: 2, label: Emerging }\n", with: "").replacingOccurrences(of: "  - { score: 3, label: Secure }", with: "  - { score: 3, label: Secure }\n  - { score: 2, label: Emerging }").utf8)
            .write(to: rubrics.appendingPathComponent("talk.yaml"))
        let run = try Harness.run(["-c", "task list", "-c", "task show capstone"], in: folder)
        #expect(
            run.stderr == """
                error: Rubrics/talk.yaml:7: scale scores must ascend: 2 comes after 3
                error: TaskBank/capstone.yaml:8: rubric 'talk' did not load (Rubrics/talk.yaml:7: scale scores must ascend: 2 comes after 3)
                error: line 2: task 'capstone' did not load: TaskBank/capstone.yaml:8: rubric 'talk' did not load (Rubrics/talk.yaml:7: scale scores must ascend: 2 comes after 3)

                """)
        #expect(run.stdout.contains("essay-task  performance-task"))
        #expect(run.status == 1)
        let check = try Harness.run(["-c", "check"], in: folder)
        #expect(check.status == 1)
        #expect(check.stderr.hasSuffix("error: line 1: 2 content files were rejected\n  Rubrics/talk.yaml:7: scale scores must ascend: 2 comes after 3\n  TaskBank/capstone.yaml:8: rubric 'talk' did not load (Rubrics/talk.yaml:7: scale scores must ascend: 2 comes after 3)\n"))
    }

    @Test func editingARubricWithoutBumpingItsVersionIsRefusedOnceScoresUseIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-bump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Harness.fixtures.appendingPathComponent("Rubrics"), to: folder.appendingPathComponent("Rubrics"))
        try FileManager.default.copyItem(at: Harness.fixtures.appendingPathComponent("TaskBank"), to: folder.appendingPathComponent("TaskBank"))
        let setup = ["rater add r-1", "student add s-1", "score s-1 essay-task --rater r-1 claim=3 evidence=3 style=3"]
        #expect(try Harness.run(setup.flatMap { ["-c", $0] }, in: folder).status == 0)
        let file = folder.appendingPathComponent("Rubrics/essay.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        // A comment does not change the rubric's content.
        try Data(("# reviewed in October\n" + original).utf8).write(to: file)
        #expect(try Harness.run(["-c", "rubric show essay"], in: folder).stderr == "")
        try Data(original.replacingOccurrences(of: "proficient_at: 3", with: "proficient_at: 2.5").utf8).write(to: file)
        let refused = try Harness.run(["-c", "score s-1 essay-task --rater r-1 claim=3 evidence=3 style=4"], in: folder)
        let reason = "Rubrics/essay.yaml: the rubric changed but its version is still 1, which recorded scores use; bump 'version' to 2 (or undo the edit)"
        #expect(refused.stderr.hasPrefix("error: \(reason)\nerror: TaskBank/capstone.yaml:7: rubric 'essay' did not load (\(reason))\n"))
        #expect(refused.stderr.hasSuffix("error: line 1: task 'essay-task' did not load: TaskBank/essay-task.yaml:6: rubric 'essay' did not load (Rubrics/essay.yaml: the rubric changed but its version is still 1, which recorded scores use; bump 'version' to 2 (or undo the edit))\n"))
        try Data(original.replacingOccurrences(of: "proficient_at: 3", with: "proficient_at: 2.5").replacingOccurrences(of: "version: 1", with: "version: 2").utf8).write(to: file)
        let bumped = try Harness.run(["-c", "score s-1 essay-task --rater r-1 claim=3 evidence=3 style=4", "-c", "rubric show essay --version 1"], in: folder)
        #expect(bumped.status == 0)
        #expect(bumped.stdout.contains("proficient_at: 3\n"))
    }

    @Test func aRecordedReadIsCommittedBeforeItsResultIsPrinted() throws {
        let folder = try Harness.workspace()
        #expect(try Harness.run(["-c", "rater add r-1", "-c", "student add s-1"], in: folder).status == 0)
        let process = Process()
        process.executableURL = Harness.binary
        process.arguments = ["--format", "json"]
        process.currentDirectoryURL = folder
        process.environment = ["SCOREBENCH_NOW": Harness.now, "HOME": folder.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data("score s-1 essay-task --rater r-1 claim=3 evidence=2 style=4\n".utf8))
        // Read the acknowledgement while the shell is still running, then look from outside.
        var acknowledgement = Data()
        while !acknowledgement.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            acknowledgement += chunk
        }
        #expect(String(decoding: acknowledgement, as: UTF8.self).hasSuffix("\"status\":\"recorded\"}\n"))
        let store = try SQLiteStore.open(path: folder.appendingPathComponent("scorebench.sqlite").path)
        #expect(try store.currentReads().map { $0.score(for: "evidence") } == [2])
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func anotherApplicationsDatabaseIsRefusedAndLeftAsItWas() throws {
        let folder = try Harness.workspace()
        let path = folder.appendingPathComponent("photos.db").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photo VALUES (1, 'beach')")
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let run = try Harness.run(["--db", "photos.db", "-c", "rater add r-1"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr == "error: cannot open 'photos.db': it is a SQLite database but not a ScoreBench store (it holds 1 table: photo); nothing was changed; give another --db\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))

        try Data("not a database at all\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let text = try Harness.run(["--db", "notes.txt", "-c", "rater list"], in: folder)
        #expect(text.status == 2)
        #expect(text.stderr == "error: cannot open 'notes.txt': it is not a SQLite database, so not a ScoreBench store; give another --db\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "not a database at all\n")
    }

    @Test func aStoreFromANewerScoreBenchIsRefused() throws {
        let folder = try Harness.workspace()
        _ = try Harness.run(["-c", "rater add r-1"], in: folder)
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("scorebench.sqlite").path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('a change from the future')") }
        try queue.close()
        let run = try Harness.run(["-c", "rater list"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr == "error: cannot open 'scorebench.sqlite': it was written by a newer ScoreBench (schema change 'a change from the future'); upgrade scorebench to use it; nothing was changed\n")
    }

    @Test func aFolderGivenAsTheScriptIsABadCommandLine() throws {
        let folder = try Harness.workspace()
        let run = try Harness.run(["-f", "Rubrics"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr == "error: cannot read script 'Rubrics': it is a folder; give the script file\n")
    }

    @Test func importReadsStandardInputAndNamedPipes() throws {
        let folder = try Harness.workspace()
        let csv = try Data(contentsOf: folder.appendingPathComponent("data/good.csv"))
        let piped = try Harness.run(["-c", "import scores - --add-missing"], input: csv, in: folder)
        #expect(piped.stderr == "")
        #expect(piped.stdout == "imported standard input: 11 rows, 4 reads — 4 recorded, 0 corrected, 0 unchanged\n  added 2 students and 2 raters to the rosters\n")
        let again = try Harness.run(["-c", "import scores /dev/stdin"], input: csv, in: folder)
        #expect(again.stdout == "imported standard input: 11 rows, 4 reads — 0 recorded, 0 corrected, 4 unchanged\n")
        // A named pipe is read to its end like any stream.
        let fifo = folder.appendingPathComponent("reads.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(csv)
                try? handle.close()
            }
        }
        writer.start()
        let named = try Harness.run(["-c", "import scores reads.fifo"], in: folder)
        #expect(named.stdout == "imported reads.fifo: 11 rows, 4 reads — 0 recorded, 0 corrected, 4 unchanged\n")
        // When the commands themselves come from standard input, it holds no data.
        let commands = try Harness.run([], input: Data("import scores -\n".utf8), in: folder)
        #expect(commands.stderr == "error: line 1: standard input holds the commands; give the file's name, or pipe the file in and give the commands with -c or -f\n")
        #expect(commands.status == 1)
    }

    @Test func aContentFolderThatIsNotThereIsABadCommandLine() throws {
        let folder = try Harness.workspace()
        let bank = try Harness.run(["--bank", "/nonexistent", "-c", "task list"], in: folder)
        #expect(bank.status == 2)
        #expect(bank.stdout == "")
        #expect(bank.stderr == "error: cannot read the task bank folder '/nonexistent': it does not exist or is not readable\n")
        let rubrics = try Harness.run(["--rubrics", "nowhere", "-c", "task list"], in: folder)
        #expect(rubrics.status == 2)
        #expect(rubrics.stderr == "error: cannot read the rubrics folder 'nowhere': it does not exist or is not readable\n")
    }

    @Test func psqlHabitsWork() throws {
        let folder = try Harness.workspace()
        for leave in ["exit", "\\q", "quit"] {
            let run = try Harness.run(["-c", "rater add r-\(leave.count)", "-c", leave, "-c", "rater add r-never"], in: folder)
            #expect(run.status == 0)
            #expect(!run.stdout.contains("r-never"))
        }
        let help = try Harness.run(["-c", "\\?"], in: folder)
        #expect(help.stdout.hasPrefix("Commands (type 'help COMMAND' for its usage and options):"))
    }

    @Test func commandsAndTheScriptAreNumberedAsOneScript() throws {
        let folder = try Harness.workspace()
        try Data("tsak list\n\n# a comment\nrater lst\n".utf8).write(to: folder.appendingPathComponent("more.sb"))
        let run = try Harness.run(["-c", "bogus", "-c", "rater list", "-f", "more.sb"], in: folder)
        #expect(run.stderr == """
            error: line 1: unknown command 'bogus' (type 'help' for the list)
            error: line 3: unknown command 'tsak'; did you mean 'task'?
            error: line 6: 'rater' has no subcommand 'lst'; did you mean 'rater list'?

            """)
    }
}
