import Foundation
import ScoringCore
import Testing

@testable import ScoringService

/// Reading the rubrics and task bank folders.
struct ContentLocationTests {
    @Test func aFileWithANulByteOrBadUTF8IsAProblemAndTheRestLoad() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-content-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["Rubrics", "TaskBank"] {
            try FileManager.default.copyItem(
                at: CASEServiceTests.repository.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let rubrics = folder.appendingPathComponent("Rubrics")
        try Data("id: nul\nversion: 1\ntitle: a\u{0}b\n".utf8).write(to: rubrics.appendingPathComponent("nul.yaml"))
        try Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0x0A]).write(to: rubrics.appendingPathComponent("latin.yaml"))
        let bank = try ContentLocation(rubrics: rubrics.path, bank: folder.appendingPathComponent("TaskBank").path).load(snapshots: [:])
        #expect(bank.problems.map(\.description).sorted() == [
            rubrics.appendingPathComponent("latin.yaml").path + ": the file is not UTF-8 text",
            rubrics.appendingPathComponent("nul.yaml").path + ": the file is not UTF-8 text",
        ])
        #expect(bank.rubrics.count == 7)
        #expect(bank.tasks.count == 9)
    }
}
