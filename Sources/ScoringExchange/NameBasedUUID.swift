import Crypto

/// Name-based UUIDs (RFC 9562 section 5.5, version 5): the same namespace and name always give
/// the same UUID, so an export that names its objects by UUID writes the same file every time.
public enum NameBasedUUID {
    /// ScoreBench's own namespace for the objects it exports (a random UUID, fixed once).
    public static let scoreBench: [UInt8] = [
        0x7b, 0xf1, 0xb1, 0x4c, 0x27, 0x75, 0x43, 0x5e, 0x9e, 0x20, 0xb3, 0x3e, 0xd8, 0xfb, 0x5c, 0x31,
    ]

    /// The version-5 UUID of `name` in `namespace`: SHA-1 of the namespace's 16 bytes and the
    /// name's UTF-8, cut to 128 bits, with the version and variant bits set.
    ///
    /// - Returns: the UUID in lower-case hex with hyphens (`2ed6657d-e927-568b-95e1-2665a8aea6a2`),
    ///   the form CASE's identifier pattern asks for.
    public static func version5(_ name: String, in namespace: [UInt8] = scoreBench) -> String {
        precondition(namespace.count == 16, "a UUID namespace is 16 bytes")
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        var text = ""
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text += "-" }
            let hex = String(byte, radix: 16)
            text += byte < 0x10 ? "0" + hex : hex
        }
        return text
    }
}
