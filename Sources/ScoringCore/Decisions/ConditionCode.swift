/// Why a submission could not be scored on the rubric at all: a read may give one of these
/// instead of criterion scores.
public enum ConditionCode: String, Sendable, CaseIterable, Hashable {
    case blank
    case offTopic = "off-topic"
    case illegible
    case wrongLanguage = "wrong-language"

    /// Reads a code as it is spelled in commands and files (`blank`, `off-topic`, `illegible`,
    /// `wrong-language`), ignoring surrounding whitespace and letter case.
    ///
    /// - Returns: nil for any other text, including the empty string and Swift case names such
    ///   as `offTopic`.
    public init?(parsing text: some StringProtocol) {
        let spelled = String(text).trimmingWhitespace.lowercased()
        guard let code = ConditionCode(rawValue: spelled) else { return nil }
        self = code
    }

    /// The code as commands, files and JSON spell it.
    public var spelling: String { rawValue }
}
