import Foundation
import Testing

/// `export store` and `import store` in the real binary, on a SQLite file and on a server: a
/// store copied into a new file and moved into an empty store lists the same reads and
/// histories; an existing file is never written over; only a ScoreBench store is imported,
/// only by the coordinator, and a conflict changes nothing.
@Suite struct StoreTransferShellTests {
    typealias Target = ShellTarget

    /// Reads with a history, a note, a condition code, another component, a lead's master read
    /// and a closed calibration session.
    static let scoring = [
        "import scores data/good.csv --add-missing",
        "student update s-1 --grade 10 --school north --group ell",
        "rater add lead-1 --name 'Jo Kim' --role lead",
        "score s-1 essay-task --rater r-chen --at 2026-10-08T09:00:00Z claim=4 evidence=3 style=3",
        "score s-2 essay-task --rater lead-1 --code off-topic --note 'about skateboards'",
        "student add s-3",
        "anchor add s-3 essay-task --rater lead-1 claim=3 evidence=3 style=3 --note 'the model answer'",
        "session open cal-1 --task essay-task",
        "session anchors cal-1 s-3",
        "score s-3 essay-task --rater r-patel --session cal-1 claim=3 evidence=2 style=3",
        "session close cal-1",
        "rater update r-chen --school north",
        "submission add s-1 essay-task data/work/e1.txt",
        "submission add s-2 capstone --component defense data/work/poster.png",
    ]

    /// What a store holds, as the shell lists it.
    static let listing = [
        "rater list", "student list", "scores", "score history s-1 essay-task", "score history s-2 essay-task",
        "score history s-3 essay-task", "session list", "rubric show essay --version 1", "submission list",
        "submission show s-1 essay-task",
    ]

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test(arguments: ShellEngine.available)
    func aStoreExportedAndImportedIntoAnEmptyStoreListsTheSame(on engine: ShellEngine) throws {
        let folder = try Harness.workspace()
        let original = try Target(engine, in: folder)
        let scored = try original.run(Self.scoring, in: folder)
        #expect(scored.status == 0, "\(scored.stderr)")
        let exported = try original.run(["export store copy.sqlite"], format: "json", in: folder)
        #expect(exported.stderr == "")
        #expect(exported.stdout == """
            {"file":"copy.sqlite","raters":3,"students":3,"rubric_versions":2,"submissions":2,"sessions":1,"anchors":1,"qualifications":1,"reinstatements":0,"reads":8}

            """)
        let copy = folder.appendingPathComponent("copy.sqlite").path
        #expect(try Self.mode(copy) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") || $0.contains("copy.sqlite-") } == [])

        // The copy is a store of its own, and lists what the original lists.
        let before = try original.run(Self.listing, format: "json", in: folder)
        let opened = try Harness.run(["--db", "copy.sqlite", "--format", "json"] + Self.listing.flatMap { ["-c", $0] }, in: folder)
        #expect(opened.stdout == before.stdout)

        // Moved into an empty store (on the other engine too, when there is a server), every
        // read keeps its id and its history.
        for destination in ShellEngine.available {
            let fresh = try Target(destination, in: folder)
            let freshArguments = destination == .sqlite ? ["--db", "fresh-\(engine.rawValue).sqlite"] : fresh.arguments
            let imported = try Harness.run(
                freshArguments + ["--format", "json", "-c", "import store copy.sqlite"], in: folder, environment: fresh.environment)
            #expect(imported.stderr == "")
            #expect(imported.stdout.hasPrefix(#"{"file":"copy.sqlite","ids_kept":true,"raters":{"in_file":3,"added":3,"corrected":0,"unchanged":0}"#))
            #expect(imported.stdout.hasSuffix(#""reads":{"in_file":8,"added":7,"corrected":1,"unchanged":0}}"# + "\n"))
            let after = try Harness.run(
                freshArguments + ["--format", "json"] + Self.listing.flatMap { ["-c", $0] }, in: folder, environment: fresh.environment)
            #expect(after.stdout == before.stdout, "moved from \(engine.rawValue) to \(destination.rawValue)")
            #expect(after.stderr == "")
        }
    }

    @Test(arguments: ShellEngine.available)
    func readsAlreadyThereAreSkippedAndDifferingOnesCorrected(on engine: ShellEngine) throws {
        let folder = try Harness.workspace()
        let site = try Harness.run(["--db", "site.sqlite"] + Self.scoring.flatMap { ["-c", $0] }, in: folder)
        #expect(site.status == 0, "\(site.stderr)")
        let target = try Target(engine, in: folder)
        // This store has r-chen's first read of s-1 exactly as the site has it, r-patel's read of
        // s-1 with the same scores given at another time, and r-patel's own read of s-2.
        let here = try target.run([
            "student add s-1 --grade 10 --school north --group ell", "student add s-2", "rater add r-chen --school north", "rater add r-patel",
            "score s-1 essay-task --rater r-chen --at 2026-10-05T13:00:00Z --note 'thin, but relevant' claim=3 evidence=2 style=3",
            "score s-1 essay-task --rater r-patel --at 2026-10-09T08:00:00Z claim=3 evidence=3 style=4",
            "score s-2 essay-task --rater r-patel --at 2026-10-09T08:00:00Z claim=3 evidence=3 style=3",
        ], in: folder)
        #expect(here.status == 0, "\(here.stderr)")
        let imported = try target.run(["import store site.sqlite"], format: "csv", in: folder)
        #expect(imported.stderr == "")
        #expect(imported.stdout == """
            what,in_file,added,corrected,unchanged
            raters,3,1,0,2
            students,3,1,0,2
            rubric versions,2,1,0,1
            submissions,2,2,0,0
            sessions,1,1,0,0
            anchors,1,1,0,0
            qualifications,1,1,0,0
            reinstatements,0,0,0,0
            reads,8,4,2,2

            """)
        // r-chen's correction follows the read both stores had; the site's read of s-2 by
        // r-patel corrects this store's, which stays in the history; r-patel's read of s-1 is
        // this store's, given at its own time. New reads take ids after this store's, in the
        // order the site recorded them.
        let history = try target.run(["score history s-1 essay-task", "score history s-2 essay-task"], format: "csv", in: folder)
        #expect(history.stdout == """
            id,component,rater,kind,scores,scored_at,recorded_at,status,note
            1,main,r-chen,read,claim=3 evidence=2 style=3,2026-10-05T13:00:00Z,2026-11-23T12:00:00Z,replaced,"thin, but relevant"
            2,main,r-patel,read,claim=3 evidence=3 style=4,2026-10-09T08:00:00Z,2026-11-23T12:00:00Z,current,
            6,main,r-chen,read,claim=4 evidence=3 style=3,2026-10-08T09:00:00Z,2026-11-23T12:00:00Z,current,
            id,component,rater,kind,scores,scored_at,recorded_at,status,note
            3,main,r-patel,read,claim=3 evidence=3 style=3,2026-10-09T08:00:00Z,2026-11-23T12:00:00Z,replaced,
            4,main,r-patel,read,claim=2 evidence=1 style=2,2026-10-05T13:20:00Z,2026-11-23T12:00:00Z,current,"says ""see chart"" but no chart"
            7,main,lead-1,read,code=off-topic,2026-11-23T12:00:00Z,2026-11-23T12:00:00Z,current,about skateboards

            """)
        let again = try target.run(["import store site.sqlite"], format: "json", in: folder)
        #expect(again.stdout.hasSuffix(#""reads":{"in_file":8,"added":0,"corrected":0,"unchanged":8}}"# + "\n"))
    }

    @Test(arguments: ShellEngine.available)
    func aRosterConflictChangesNothing(on engine: ShellEngine) throws {
        let folder = try Harness.workspace()
        _ = try Harness.run(["--db", "site.sqlite"] + Self.scoring.flatMap { ["-c", $0] }, in: folder)
        let target = try Target(engine, in: folder)
        _ = try target.run(["student add s-1 --grade 9", "rater add r-chen --role lead"], in: folder)
        let before = try target.run(Self.listing, format: "json", in: folder)
        let imported = try target.run(["import store site.sqlite"], in: folder)
        #expect(imported.stdout == "")
        #expect(imported.stderr == """
            error: line 1: site.sqlite: 2 conflicts with this store; nothing was imported
              rater 'r-chen': the file has role rater, school north; this store has role lead, no school (make them agree with 'rater update', then import again)
              student 's-1': the file has grade 10, school north, groups ell; this store has grade 9, no school, no groups (make them agree with 'student update', then import again)

            """)
        #expect(imported.status == 1)
        #expect(try target.run(Self.listing, format: "json", in: folder).stdout == before.stdout)
    }

    @Test(arguments: ShellEngine.available)
    func anExistingFileIsNeverWrittenOver(on engine: ShellEngine) throws {
        let folder = try Harness.workspace()
        let target = try Target(engine, in: folder)
        try Data("keep me".utf8).write(to: folder.appendingPathComponent("copy.sqlite"))
        let run = try target.run(["student add s-1", "export store copy.sqlite", "export store data", "export store /nonexistent/x.sqlite"], in: folder)
        #expect(run.stderr == """
            error: line 2: cannot write copy.sqlite: it already exists, and 'export store' never writes over a file; give a new name
            error: line 3: cannot write data: it is a folder; give a file name inside it
            error: line 4: cannot write /nonexistent/x.sqlite: there is no folder /nonexistent

            """)
        #expect(run.status == 1)
        #expect(try String(contentsOf: folder.appendingPathComponent("copy.sqlite"), encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") } == [])
    }

    @Test func theStoreItselfIsNeitherWrittenNorImported() throws {
        let folder = try Harness.workspace()
        let run = try Harness.run(["-c", "student add s-1", "-c", "export store scorebench.sqlite", "-c", "import store ./scorebench.sqlite"], in: folder)
        #expect(run.stderr == """
            error: line 2: cannot write scorebench.sqlite: it is the store ScoreBench has open; choose another name
            error: line 3: cannot import ./scorebench.sqlite: it is the store ScoreBench has open; there is nothing to move

            """)
    }

    @Test(arguments: ShellEngine.available)
    func aFileThatIsNoStoreIsOneErrorLine(on engine: ShellEngine) throws {
        let folder = try Harness.workspace()
        let target = try Target(engine, in: folder)
        let run = try target.run(["import store data/good.csv", "import store missing.sqlite", "import store data", "student list"], in: folder)
        #expect(run.stderr == """
            error: line 1: cannot import data/good.csv: it is not a SQLite database, so not a ScoreBench store
            error: line 2: cannot read missing.sqlite: no such file
            error: line 3: cannot read data: it is a folder, not a ScoreBench store

            """)
        #expect(run.stdout == "(none)\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("missing.sqlite").path))
    }

    @Test(arguments: ShellEngine.available)
    func onlyTheCoordinatorMovesAStore(on engine: ShellEngine) throws {
        let folder = try Harness.workspace()
        _ = try Harness.run(["--db", "site.sqlite", "-c", "student add s-9"], in: folder)
        let target = try Target(engine, in: folder)
        _ = try target.run(["rater add lead-1 --role lead", "rater add r-1"], in: folder)
        let run = try target.run(["as lead-1", "export store lead.sqlite", "import store site.sqlite", "as r-1", "export store r.sqlite"], in: folder)
        #expect(run.stderr == """
            error: line 2: only the coordinator may export the store; acting as lead-1 (lead)
            error: line 3: only the coordinator may import a store; acting as lead-1 (lead)
            error: line 5: only the coordinator may export the store; acting as r-1 (rater)

            """)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("lead.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.sqlite").path))
        #expect(try target.run(["student list"], in: folder).stdout == "(none)\n")

        // A rater's own login on a server is refused the same way.
        guard let server = target.server else { return }
        let rater = server.newLogin("r")
        let made = try Harness.run(
            server.arguments + ["--format", "json", "-c", "rater add \(rater) --login"], in: folder, environment: server.environment)
        let object = try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any]
        let secret = try #require(object?["password"] as? String, "\(made.stderr)")
        let login = try Harness.run(["--db", server.uri(login: rater, password: secret), "-c", "export store mine.sqlite"], in: folder)
        #expect(login.stderr == "error: line 1: only the coordinator may export the store; acting as \(rater) (rater)\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("mine.sqlite").path))
    }
}
