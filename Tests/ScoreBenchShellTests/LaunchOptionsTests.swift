import Testing

@testable import ScoreBenchShell

/// The command line's quick reading must be ArgumentParser's reading, wherever it gives one.
struct LaunchOptionsTests {
    /// Command lines the quick reading takes, as scripts and the benchmarks write them.
    static let usual: [[String]] = [
        [],
        ["-c", "help"],
        ["--db", "store.sqlite", "--bank", "TaskBank", "--rubrics", "Rubrics", "-c", "task list"],
        ["--db=host=/tmp dbname=x", "--as", "r-1", "--format", "json", "-c", "scores", "-c", "irr --task t"],
        ["--bail", "-f", "script.txt", "--format=csv"],
        ["-c", "score s-1 --task t claim=3", "--bail", "-c", "quit"],
        ["--rubrics=R", "--bank=B", "--as=lead", "--db", "a b.sqlite"],
        ["-c", "help", "-c", "help"],
    ]

    /// Command lines it leaves to ArgumentParser: help, the version, mistakes, and forms it
    /// does not read itself.
    static let others: [[String]] = [
        ["--help"], ["-h"], ["help"], ["--version"], ["--db"], ["--db", "--bail"], ["--db", ""], ["--db="],
        ["--db", "a", "--db", "b"], ["--bail", "--bail"], ["--format", "xml"], ["--format", "JSON"], ["-c", "-x"],
        ["--nope", "x"], ["-x"], ["positional"], ["--", "-c"], ["-c"], ["-cfoo"], ["-c=foo"], ["--bail=true"],
        ["--as", "-r"], ["-"], ["--DB", "x"], ["--generate-completion-script", "bash"], ["-f", "a", "-f", "b"],
    ]

    @Test(arguments: usual)
    func theUsualFormsAreReadQuicklyAndAsArgumentParserReadsThem(arguments: [String]) throws {
        let quick = try #require(LaunchOptions.plain(arguments))
        #expect(quick == LaunchOptions(try ProgramOptions.parse(arguments)))
    }

    @Test(arguments: others)
    func everythingElseIsLeftToArgumentParser(arguments: [String]) {
        #expect(LaunchOptions.plain(arguments) == nil)
    }

    @Test func theDefaultsAreArgumentParsersDefaults() throws {
        #expect(LaunchOptions.plain([]) == LaunchOptions(try ProgramOptions.parse([])))
        #expect(LaunchOptions.plain([]) == LaunchOptions.defaults)
    }

    /// Every way of combining the options, each with a value of every awkward shape: the quick
    /// reading, when it reads one at all, agrees with ArgumentParser.
    @Test func everyCombinationAgreesWithArgumentParser() throws {
        let names = ["--db", "--bank", "--rubrics", "--format", "--as", "-c", "-f", "--bail"]
        let values = ["x", "json", "a=b", "", "-", "-c", "--db", "two words", "help"]
        var read = 0
        for first in names {
            for second in names {
                for value in values {
                    var arguments: [String] = []
                    for (index, name) in [first, second].enumerated() {
                        arguments.append(name)
                        if name != "--bail" { arguments.append(index == 0 ? value : "csv") }
                    }
                    for form in [arguments, arguments.count > 1 && first.hasPrefix("--") && first != "--bail"
                        ? ["\(first)=\(arguments[1])"] + arguments.dropFirst(2) : arguments]
                    {
                        guard let quick = LaunchOptions.plain(form) else { continue }
                        read += 1
                        let parsed = try? ProgramOptions.parse(form)
                        #expect(parsed.map(LaunchOptions.init) == quick, "\(form)")
                    }
                }
            }
        }
        #expect(read > 200)
    }
}
