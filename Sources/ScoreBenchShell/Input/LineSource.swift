import Foundation

/// One line of input: its number in its script, and its text (nil when the bytes could not be
/// a command: invalid UTF-8 or a NUL byte).
public struct InputLine: Sendable, Equatable {
    public var number: Int
    public var text: String?
    public var problem: String?

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }

    public init(number: Int, problem: String) {
        self.number = number
        self.problem = problem
    }

    /// The longest line a command may be, in bytes; a longer one is refused unread.
    public static let maximumBytes = 1 << 20
    static let tooLong = "the line is longer than \(maximumBytes) bytes; a command may be at most that"
}

/// Where commands come from: the terminal, a file, a pipe, or `-c` arguments.
public protocol LineSource: AnyObject {
    /// The next line; nil at the end of input.
    func nextLine() -> InputLine?
}

/// Lines given as strings (`-c` arguments), numbered from 1.
public final class ArrayLineSource: LineSource {
    private var lines: [String]
    private var index = 0

    public init(_ lines: [String]) {
        self.lines = lines
    }

    public func nextLine() -> InputLine? {
        guard index < lines.count else { return nil }
        index += 1
        return InputLine(number: index, text: lines[index - 1])
    }
}

/// Lines read from a file descriptor as raw bytes, so a non-UTF-8 or NUL-bearing line is
/// reported as such instead of being mangled, and a huge line costs only its own memory.
public final class DescriptorLineSource: LineSource {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where to resume looking for a newline: bytes before it were already searched.
    private var searched = 0
    private var atEnd = false
    private var number = 0
    /// The current line has grown past `InputLine.maximumBytes`; what remains of it is skipped.
    private var overlong = false

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func nextLine() -> InputLine? {
        while true {
            if let newline = buffer[max(start, searched)...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                searched = start
                return overlong ? skipped() : make(line)
            }
            searched = buffer.count
            // A line past the limit is not kept whole: its bytes are dropped up to its newline.
            if buffer.count - start > InputLine.maximumBytes {
                overlong = true
                buffer.removeAll(keepingCapacity: true)
                start = 0
                searched = 0
            }
            if atEnd {
                if overlong {
                    start = buffer.count
                    return skipped()
                }
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return make(line)
            }
            if start > 0 {
                buffer.removeFirst(start)
                searched -= start
                start = 0
            }
            fill()
        }
    }

    private func fill() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 {
                atEnd = true
            } else {
                buffer.append(contentsOf: chunk[0..<count])
            }
            return
        }
    }

    /// The line whose bytes were dropped for being too long.
    private func skipped() -> InputLine {
        overlong = false
        number += 1
        return InputLine(number: number, problem: InputLine.tooLong)
    }

    private func make(_ bytes: [UInt8]) -> InputLine {
        number += 1
        var bytes = bytes
        if bytes.last == 0x0D { bytes.removeLast() }
        if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.contains(0) {
            return InputLine(number: number, problem: "the line holds a NUL byte")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return InputLine(number: number, problem: "the line is not valid UTF-8")
        }
        return InputLine(number: number, text: text)
    }
}

/// Several sources one after another, numbered as one script: each `-c` command is a line,
/// and the `-f` script's lines continue the count.
public final class ChainedLineSource: LineSource {
    private var sources: [any LineSource]
    private var number = 0

    public init(_ sources: [any LineSource]) {
        self.sources = sources
    }

    public func nextLine() -> InputLine? {
        while let first = sources.first {
            if var line = first.nextLine() {
                number += 1
                line.number = number
                return line
            }
            sources.removeFirst()
        }
        return nil
    }
}
