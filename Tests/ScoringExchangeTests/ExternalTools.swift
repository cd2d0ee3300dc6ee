import Foundation
import ScoringCore

/// Python 3 with `jsonschema` and `cryptography`, which the independent checks of learner
/// records run on: `SCOREBENCH_PYTHON`, else `python3` on the PATH. Tests that need it are
/// skipped without it, unless `SCOREBENCH_REQUIRE_PYTHON=1` (as CI sets), which makes them fail.
enum Python {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python")
    static let interpreter = ProcessInfo.processInfo.environment["SCOREBENCH_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    static let isRequired = ProcessInfo.processInfo.environment["SCOREBENCH_REQUIRE_PYTHON"] == "1"
    static let isAvailable: Bool = (try? run(["-c", "import jsonschema, cryptography"]).status) == 0
    /// Whether the tests that need Python run: when it is there, or when it must be.
    static let runs = isAvailable || isRequired

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "SCOREBENCH_REQUIRE_PYTHON=1 but \(interpreter) cannot import jsonschema and cryptography (set SCOREBENCH_PYTHON to one that can)"
        }
    }

    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs the interpreter with `arguments`; standard output and standard error together.
    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs one of the scripts beside this file on `document`, written to a scratch file first.
    static func script(_ name: String, _ arguments: [String] = [], on document: JSONValue) throws -> Result {
        guard isAvailable else { throw Missing() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-\(UUID().uuidString).json")
        try Data((document.encoded + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run([scripts.appendingPathComponent(name).path] + arguments + [file.path])
    }
}

/// 1EdTech's JSON Schemas for CLR 2.0 and Open Badges 3.0 (see Schemas/README.md): the folder
/// `SCOREBENCH_CLR_SCHEMAS` names, else Schemas/ beside this file, else the steering
/// repository's `shared/data/clr/` beside the checkout, whichever first holds both files.
enum OfficialSchemas {
    static let files = ["clr_v2p0_clrcredential_schema.json", "ob_v3p0_achievementcredential_schema.json"]

    static let folder: String? = {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let beside = here.appendingPathComponent("Schemas").path
        let shared = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/data/clr").path
        let given = ProcessInfo.processInfo.environment["SCOREBENCH_CLR_SCHEMAS"].flatMap { $0.isEmpty ? nil : $0 }
        return [given, beside, shared].compactMap { $0 }.first { folder in
            files.allSatisfy { FileManager.default.fileExists(atPath: folder + "/" + $0) }
        }
    }()
}

extension JSONValue {
    /// An object's member.
    subscript(_ name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }

    /// An array's element.
    subscript(_ index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    var arrayValue: [JSONValue] {
        guard case .array(let elements) = self else { return [] }
        return elements
    }

    /// A copy with the member at `path` (names and indexes) replaced.
    func replacing(_ path: [Any], with value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch (self, first) {
        case (.object(var members), let name as String):
            if let index = members.firstIndex(where: { $0.0 == name }) {
                members[index].1 = members[index].1.replacing(rest, with: value)
            }
            return .object(members)
        case (.array(var elements), let index as Int) where elements.indices.contains(index):
            elements[index] = elements[index].replacing(rest, with: value)
            return .array(elements)
        default:
            return self
        }
    }
}
