import Foundation
import ScoringService

/// Where the shell writes: standard output and standard error in the program, buffers in tests.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
    /// False once the reader has gone away (a closed pipe): there is no point going on.
    var isOpen: Bool { get }
}

/// Writes straight to a file descriptor, in full, retrying short writes; a closed pipe marks the
/// sink closed instead of killing the process (SIGPIPE is ignored by the program).
public final class FileDescriptorSink: OutputSink {
    private let descriptor: Int32
    public private(set) var isOpen = true

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func write(_ text: String) {
        guard isOpen, !text.isEmpty else { return }
        if OutputFile.writeAll(text, to: descriptor) != 0 { isOpen = false }
    }
}

/// Collects what is written, for tests and for capturing a command's output.
public final class BufferSink: OutputSink {
    public private(set) var text = ""
    public let isOpen = true

    public init() {}

    public func write(_ text: String) {
        self.text += text
    }
}
