/// A use case's failure: what is wrong, and for some (an import) every bad line.
public struct ServiceError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var details: [String]

    public init(_ message: String, details: [String] = []) {
        self.message = message
        self.details = details
    }

    public var description: String { message }
}
