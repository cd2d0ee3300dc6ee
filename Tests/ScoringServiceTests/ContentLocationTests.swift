import Foundation
import ScoringCore
import Testing

@testable import ScoringService

/// Reading the rubrics and task bank folders.
struct ContentLocationTests {
    @Test func aFileWithANulByteOrBadUTF8IsAProblemAndTheRestLoad() throws {
        let content = try BankCacheTests.Content()
        defer { content.remove() }
        let rubrics = content.rubrics
        try Data("id: nul\nversion: 1\ntitle: a\u{0}b\n".utf8).write(to: rubrics.appendingPathComponent("nul.yaml"))
        try Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0x0A]).write(to: rubrics.appendingPathComponent("latin.yaml"))
        let bank = try content.location(cached: false).load(snapshots: [:])
        #expect(bank.problems.map(\.description).sorted() == [
            rubrics.appendingPathComponent("latin.yaml").path + ": the file is not UTF-8 text",
            rubrics.appendingPathComponent("nul.yaml").path + ": the file is not UTF-8 text",
        ])
        #expect(bank.rubrics.count == 7)
        #expect(bank.tasks.count == 9)
    }

    @Test func aByteOrderMarkIsNotTextAndAFolderOrMissingFolderIsSaidPlainly() throws {
        let content = try BankCacheTests.Content()
        defer { content.remove() }
        let rubrics = content.rubrics
        let location = content.location(cached: false)
        let plain = try location.load(snapshots: [:])
        // A byte-order mark before a rubric's text: the same rubric, and the same text kept.
        let file = rubrics.appendingPathComponent("reflection.yaml")
        let text = try Data(contentsOf: file)
        try (Data([0xEF, 0xBB, 0xBF]) + text).write(to: file)
        let marked = try location.load(snapshots: [:])
        #expect(marked == plain)
        // Only one mark is taken away, as Foundation's decoding did: a second stays in the text
        // kept (libyaml reads past it).
        try (Data([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]) + text).write(to: file)
        let source = try #require(try location.load(snapshots: [:]).rubrics["reflection"]?.source)
        #expect(Array(source.utf8) == [0xEF, 0xBB, 0xBF] + Array(text))
        try text.write(to: file)

        try FileManager.default.createDirectory(at: rubrics.appendingPathComponent("folder.yaml"), withIntermediateDirectories: false)
        let withFolder = try location.load(snapshots: [:])
        #expect(withFolder.problems.map(\.description) == [rubrics.appendingPathComponent("folder.yaml").path + ": the file cannot be read"])
        #expect(withFolder.rubrics == plain.rubrics)

        #expect(throws: ServiceError.self) {
            try ContentLocation(rubrics: content.folder.appendingPathComponent("nowhere").path, bank: "TaskBank").load(snapshots: [:])
        }
    }
}
