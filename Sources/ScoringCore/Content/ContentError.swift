/// A problem found in a rubric, task or framework file: the file, the line and what is wrong.
public struct ContentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it, e.g. `Rubrics/argumentative-writing.yaml`.
    public var file: String
    /// The 1-based line the problem is on, when it can be pinned to one.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the form editors and compilers use, so the location is clickable.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
