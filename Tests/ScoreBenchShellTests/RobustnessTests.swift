import Foundation
import Testing
@testable import ScoreBenchShell

/// No input may crash the process: every line either succeeds or prints `error: line N: …`,
/// and the process exits normally with status 0 or 1.
@Suite struct RobustnessTests {
    /// Runs `lines` as one batch and checks the process survived to report on every failure.
    func survive(_ input: Data, expectFailures: Bool = true) throws -> Harness.Run {
        let folder = try Harness.workspace()
        let run = try Harness.run([], input: input, in: folder)
        #expect(run.status == 0 || run.status == 1, "exited with \(run.status); stderr: \(run.stderr.suffix(2000))")
        #expect(!run.stderr.contains("Fatal error"), "\(run.stderr.suffix(2000))")
        if expectFailures { #expect(run.stderr.contains("error: line ")) }
        return run
    }

    func lines(_ lines: [String]) -> Data { Data((lines.joined(separator: "\n") + "\n").utf8) }

    @Test func everyCommandInTheTableIsAShellCommand() {
        // The table takes this on trust at start-up rather than asking the runtime.
        let others = CommandTable.leaves.filter { !($0.type is any ShellCommand.Type) }.map { $0.path.joined(separator: " ") }
        #expect(others.isEmpty)
        #expect(CommandTable.leaves.count >= 60)
        #expect(CommandTable.leaves.contains { $0.path == ["task", "list"] })
    }

    @Test func everyCommandSurvivesHelpNoArgumentsAndGarbage() throws {
        var script: [String] = []
        for entry in CommandTable.leaves {
            let words = entry.path.joined(separator: " ")
            script += [
                "help \(words)", "\(words) --help", "\(words) -h", words, "\(words) --bogus", "\(words) a b c d e f g",
                "\(words) '' \"\"", "\(words) --rater", "\(words) s-1 essay-task --rater r-1 claim=1 evidence=2 style=3",
            ]
        }
        let run = try survive(lines(["rater add r-1", "student add s-1"] + script))
        // Every `--help` printed the command's help, not an error.
        #expect(run.stdout.components(separatedBy: "OVERVIEW:").count - 1 >= CommandTable.leaves.count * 3)
    }

    @Test func hostileBytesAreReportedNotFatal() throws {
        var data = Data("rater add r-1\n".utf8)
        data += Data("task show \u{0}essay-task\n".utf8)
        data += Data([0x74, 0x61, 0x73, 0x6B, 0x20, 0xFF, 0xFE, 0x0A])
        data += Data(("score " + String(repeating: "a", count: 1_048_576) + "\n").utf8)
        data += Data((String(repeating: "x", count: 1_048_576) + "\n").utf8)
        data += Data("student add \(String(repeating: "s", count: 5_000))\n".utf8)
        data += Data("rater list\r\n".utf8)
        data += Data("   \t  \n".utf8)
        let run = try survive(data)
        #expect(run.stderr.contains("error: line 2: the line holds a NUL byte"))
        #expect(run.stderr.contains("error: line 3: the line is not valid UTF-8"))
        #expect(run.stderr.contains("error: line 4: the line is longer than 1048576 bytes; a command may be at most that"))
        #expect(run.stderr.contains("error: line 6: student id is longer than 64 characters"))
        #expect(run.stdout.contains("r-1"))
    }

    @Test func aFloodOfWordsOrFlagsIsRefusedBeforeItIsParsed() throws {
        let words = "score s-1 essay-task " + (0..<20_000).map { "w\($0)" }.joined(separator: " ")
        let flags = "scores " + Array(repeating: "--task essay-task", count: 10_000).joined(separator: " ")
        let run = try survive(lines([words, flags, "rater list"]))
        #expect(run.stderr == """
            error: line 1: the line has 20003 words; a command may have at most 1000
            error: line 2: the line has 20001 words; a command may have at most 1000

            """)
    }

    @Test func aHugeLineIsDroppedNotHeldAndMessagesQuoteLittle() throws {
        var data = Data("rater add r-1\n".utf8)
        data += Data(repeating: UInt8(ascii: "x"), count: 3_000_000) + Data("\nrater list\n".utf8)
        let long = String(repeating: "z", count: 300)
        data += Data("scores --\(long)\nrater add r-2 --role \(long)\n".utf8)
        data += Data(repeating: UInt8(ascii: "y"), count: 2_000_000)
        let run = try survive(data)
        let shown = String(repeating: "z", count: 38) + "…"
        #expect(run.stderr == """
            error: line 2: the line is longer than 1048576 bytes; a command may be at most that
            error: line 4: unknown option '--\(shown)' (usage: scores [--task <task>] [--student <student>] [--rater <rater>] [--component <component>] [--kind <kind>])
            error: line 5: the value '\(String(repeating: "z", count: 40))…' is invalid for '--role <role>'. Please provide one of 'rater', 'lead' or 'adjudicator'. (usage: rater add <id> [--name <name>] [--role <role>] [--school <school>] [--login] [--no-password])
            error: line 6: the line is longer than 1048576 bytes; a command may be at most that

            """)
        #expect(run.stdout.contains("r-1"))
    }

    @Test func idsThatLookLikeSQLAreJustWrongIds() throws {
        let run = try survive(
            lines([
                "rater add r-1", "student add s-1",
                "student add \"s-2'; DROP TABLE read; --\"",
                "score \"s-1' OR '1'='1\" essay-task --rater r-1 claim=1 evidence=1 style=1",
                "scores --student \"s-1' OR '1'='1\"",
                "scores --task \"essay-task'; DELETE FROM read; --\"",
                "score s-1 essay-task --rater r-1 claim=1 evidence=1 style=1",
                "scores --rater \"r-1' --\"",
                "scores",
            ]))
        #expect(run.stdout.contains("recorded: s-1 essay-task by r-1"))
        #expect(run.stdout.hasSuffix("s-1      essay-task  main       r-1    read      1         1      1  2026-11-23T12:00:00Z\n"))
    }

    @Test func absurdNumbersAreRefused() throws {
        let run = try survive(
            lines([
                "rater add r-1", "student add s-1",
                "score s-1 essay-task --rater r-1 claim=99999999999999999999999 evidence=1 style=1",
                "score s-1 essay-task --rater r-1 claim=-1 evidence=1.5 style=1e3",
                "score s-1 essay-task --rater r-1 claim= evidence==2 =3",
                "rubric show essay --version 99999999999999999999999",
                "score s-1 essay-task --rater r-1 claim=1 evidence=1 style=1 --at 9999-99-99T99:99:99Z",
                "set format xml",
            ]))
        #expect(run.stderr.contains("error: line 3: criterion 'claim' has score '99999999999999999999999'; essay scores are 1-4"))
    }

    @Test func aSeededStreamOfRandomTokensNeverCrashes() throws {
        let vocabulary = CommandTable.leaves.flatMap(\.path) + [
            "--rater", "--task", "--student", "--component", "--kind", "--session", "--note", "--at", "--format",
            "--group", "--role", "--version", "--add-missing", "--help", "s-1", "s-2", "r-1", "essay-task", "capstone",
            "paper", "defense", "claim=3", "evidence=2", "style=4", "delivery=1", "answers=3", "claim=9", "lead",
            "json", "csv", "table", "master", "read", "adjudication", "calibration", "data/good.csv", "data/bad.csv",
            "\"", "'", "#", "=", "-", "--", "''", "\"\"", "é", "🎓", "\\", "x.csv", "/dev/null", "2026-10-05",
        ]
        var generator = SplitMix(seed: 20_261_123)
        var script = ["rater add r-1", "student add s-1", "student add s-2"]
        for _ in 0..<1500 {
            let count = Int(generator.next() % 9)
            script.append((0..<count).map { _ in vocabulary[Int(generator.next() % UInt64(vocabulary.count))] }.joined(separator: " "))
        }
        // Quit and set format could end or reshape the run early; keep them out of the stream.
        script = script.filter { !$0.hasPrefix("quit") }
        _ = try survive(lines(script))
    }
}

/// A tiny seeded generator so the random stream is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
