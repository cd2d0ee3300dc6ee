import Foundation
import Testing

/// What a command writes never costs a file it should not touch: exports, transcripts and the
/// store survive being written over, named oddly, or pointed at each other.
@Suite struct FileSafetyTests {
    func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func writingOverAnExportReplacesItAndKeepsItPrivate() throws {
        let folder = try Harness.workspace()
        let setup = ["import scores data/good.csv --add-missing", "student add s-9 --school north"]
        var commands: [String] = []
        for _ in 0..<2 {
            commands += [
                "export scores y.csv", "export scores y.json", "export decisions d.csv", "export decisions d.json",
                "export proficiency p.csv", "transcript s-1 --out t.html", "transcript s-1 --out t.txt",
            ]
        }
        let run = try Harness.run((setup + commands).flatMap { ["-c", $0] }, in: folder)
        #expect(run.stderr == "")
        #expect(run.status == 0)
        for name in ["y.csv", "y.json", "d.csv", "d.json", "p.csv", "t.html", "t.txt"] {
            let file = folder.appendingPathComponent(name)
            #expect(FileManager.default.fileExists(atPath: file.path), "\(name) is gone")
            #expect(try mode(file) == 0o600, "\(name) is not 0600")
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("y.csv"), encoding: .utf8).hasPrefix("student,task,"))
        // Nothing temporary is left beside them.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
        // The whole cycle again, reading back what was written: nothing lost, nothing changed.
        let again = try Harness.run(["-c", "import scores y.csv", "-c", "import scores y.json", "-c", "export scores y.csv"], in: folder)
        #expect(again.stdout == """
            imported y.csv: 11 rows, 4 reads — 0 recorded, 0 corrected, 4 unchanged
            imported y.json: 4 reads — 0 recorded, 0 corrected, 4 unchanged
            wrote y.csv: 4 reads in 11 rows

            """)
        #expect(again.status == 0)
    }

    @Test func theStoreAndItsCompanionsAreNeverWrittenOver() throws {
        let folder = try Harness.workspace()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let run = try Harness.run(
            [
                "-c", "student add s-1", "-c", "export scores scorebench.sqlite", "-c", "export scores ./scorebench.sqlite-wal",
                "-c", "export scores scorebench.sqlite-shm", "-c", "export scores sub/../scorebench.sqlite", "-c", "student list",
            ], in: folder)
        #expect(run.stderr == """
            error: line 2: cannot write scorebench.sqlite: it is the store ScoreBench has open; choose another name
            error: line 3: cannot write ./scorebench.sqlite-wal: it is the store ScoreBench has open; choose another name
            error: line 4: cannot write scorebench.sqlite-shm: it is the store ScoreBench has open; choose another name
            error: line 5: cannot write sub/../scorebench.sqlite: it is the store ScoreBench has open; choose another name

            """)
        #expect(run.stdout.contains("s-1"))
        // The store still holds the student.
        let later = try Harness.run(["-c", "student list"], in: folder)
        #expect(later.stdout.contains("s-1"))
    }

    @Test func aHardLinkToTheStoreIsTheStore() throws {
        let folder = try Harness.workspace()
        _ = try Harness.run(["-c", "student add s-1"], in: folder)
        try FileManager.default.linkItem(
            at: folder.appendingPathComponent("scorebench.sqlite"), to: folder.appendingPathComponent("other.csv"))
        let run = try Harness.run(["-c", "export scores other.csv"], in: folder)
        #expect(run.stderr.contains("it is the store ScoreBench has open"))
        #expect(try Harness.run(["-c", "student list"], in: folder).stdout.contains("s-1"))
    }

    @Test func aTildeIsANameNotTheHomeFolder() throws {
        let folder = try Harness.workspace()
        let home = folder.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: home.appendingPathComponent("precious.txt"))
        let run = try Harness.run(["-c", "export scores ~", "-c", "export scores '~/x.csv'"], in: folder, environment: ["HOME": home.path])
        #expect(run.stderr == "error: line 2: cannot write ~/x.csv: there is no folder ~\n")
        #expect(try String(contentsOf: home.appendingPathComponent("precious.txt"), encoding: .utf8) == "keep")
        var isFolder: ObjCBool = true
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("~").path, isDirectory: &isFolder))
        #expect(!isFolder.boolValue)
    }

    @Test func onlyRegularFilesAreReplaced() throws {
        let folder = try Harness.workspace()
        try Data("target".utf8).write(to: folder.appendingPathComponent("target.txt"))
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("link.csv"), withDestinationURL: folder.appendingPathComponent("target.txt"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let run = try Harness.run(
            ["-c", "export scores link.csv", "-c", "export scores sub", "-c", "export scores data", "-c", "export scores /dev/null"],
            in: folder)
        #expect(run.stderr == """
            error: line 1: cannot write link.csv: it is a symbolic link; ScoreBench replaces only regular files
            error: line 2: cannot write sub: it is a folder; give a file name inside it
            error: line 3: cannot write data: it is a folder; give a file name inside it
            error: line 4: cannot write /dev/null: it is not a regular file

            """)
        #expect(try String(contentsOf: folder.appendingPathComponent("target.txt"), encoding: .utf8) == "target")
    }

    @Test func aFailedWriteLeavesTheOldFileAsItWas() throws {
        let folder = try Harness.workspace()
        // The name is legal, but the temporary file beside it would be longer than a name may be.
        let name = String(repeating: "n", count: 250) + ".csv"
        try Data("old contents".utf8).write(to: folder.appendingPathComponent(name))
        let run = try Harness.run(["-c", "export scores \(name)"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nothing was changed"))
        #expect(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) == "old contents")
    }
}
