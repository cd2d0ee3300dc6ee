import Foundation

/// One `scorebench` process kept running in batch mode with `--format json`, driven a command at
/// a time the way a script or a second site would: each command answers with one line on
/// standard output, or one error line (and its indented details) on standard error.
final class ShellSession {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var outputBuffer = Data()
    private var errorBuffer = Data()
    /// Everything the session printed, for checks such as "no student id ever shows".
    private(set) var transcript = ""

    init(arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws {
        process.executableURL = Harness.binary
        process.arguments = ["--format", "json"] + arguments
        process.currentDirectoryURL = folder
        var environment = ["SCOREBENCH_NOW": Harness.now, "HOME": folder.path, "PATH": "/usr/bin:/bin"]
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// What one command answered: its JSON line, or its error.
    enum Answer: Equatable {
        case output(String)
        case error(String)

        var json: [String: Any]? {
            guard case .output(let line) = self else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Runs `command` and waits for its answer.
    func run(_ command: String, seconds: Double = 30) throws -> Answer {
        transcript += "> \(command)\n"
        try input.fileHandleForWriting.write(contentsOf: Data((command + "\n").utf8))
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let line = takeLine(from: &outputBuffer) {
                transcript += line + "\n"
                return .output(line)
            }
            if let line = takeLine(from: &errorBuffer) {
                // An error's details follow on indented lines already written with it.
                var message = line
                while let next = peekLine(errorBuffer), next.hasPrefix("  ") {
                    message += "\n" + (takeLine(from: &errorBuffer) ?? "")
                }
                transcript += message + "\n"
                return .error(message)
            }
            var pollers = [
                pollfd(fd: output.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errors.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&pollers, 2, 100) > 0 else { continue }
            if pollers[0].revents != 0 { outputBuffer += output.fileHandleForReading.availableData }
            if pollers[1].revents != 0 {
                errorBuffer += errors.fileHandleForReading.availableData
                // Let the rest of a multi-line error arrive.
                usleep(2000)
                errorBuffer += readAvailable(errors)
            }
        }
        throw SessionTimeout(command: command)
    }

    private func readAvailable(_ pipe: Pipe) -> Data {
        var poller = pollfd(fd: pipe.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return Data() }
        return pipe.fileHandleForReading.availableData
    }

    private func takeLine(from buffer: inout Data) -> String? {
        guard let newline = buffer.firstIndex(of: 0x0A) else { return nil }
        let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
        buffer.removeSubrange(buffer.startIndex...newline)
        return line
    }

    private func peekLine(_ buffer: Data) -> String? {
        guard let newline = buffer.firstIndex(of: 0x0A) else { return nil }
        return String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
    }

    /// Ends the session (end of input) and waits for the process.
    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    struct SessionTimeout: Error {
        var command: String
    }
}
