/// Base58 with the Bitcoin alphabet ("base58btc"), and its multibase form: the same text after a
/// `z`. DIDs, Multikeys and Data Integrity proof values are written this way.
public enum Base58 {
    /// The 58 digits in order: no `0`, `O`, `I` or `l`, which readers confuse.
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// Each ASCII byte's digit value, or 0xFF for a byte that is not a digit.
    private static let digitValues: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { values[Int(byte)] = UInt8(value) }
        return values
    }()

    /// The base58btc text of some bytes: the bytes read as one big-endian number in base 58,
    /// with a `1` for each leading zero byte (which the number alone would lose).
    ///
    /// - Parameter bytes: any bytes.
    /// - Returns: the text; empty for no bytes.
    /// - Complexity: O(n²) in the number of bytes — fine for keys and signatures.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        // Base-58 digits of the rest, least significant first, by long multiplication.
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count * 138 / 100 + 1)
        for byte in bytes.dropFirst(zeros) {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var text = [UInt8](repeating: alphabet[0], count: zeros)
        text.append(contentsOf: digits.reversed().map { alphabet[Int($0)] })
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of base58btc text.
    ///
    /// - Parameter text: base58btc digits only; no whitespace, no multibase prefix.
    /// - Returns: nil when a character is not a base58btc digit; no bytes for empty text.
    /// - Complexity: O(n²) in the length of the text.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let characters = Array(text.utf8)
        let ones = characters.prefix { $0 == alphabet[0] }.count
        // Bytes of the number, least significant first.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count * 733 / 1000 + 1)
        for character in characters.dropFirst(ones) {
            let value = digitValues[Int(character)]
            guard value != 0xFF else { return nil }
            var carry = Int(value)
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: ones) + bytes.reversed()
    }

    /// The multibase base58btc text of some bytes: `z`, then their base58btc text.
    ///
    /// - Complexity: O(n²) in the number of bytes.
    public static func multibase(_ bytes: some Collection<UInt8>) -> String {
        "z" + encode(bytes)
    }

    /// The bytes of multibase base58btc text.
    ///
    /// - Returns: nil when the text does not start with `z` (another multibase encoding, which
    ///   Data Integrity's Ed25519 values never use) or is not base58btc after it.
    /// - Complexity: O(n²) in the length of the text.
    public static func decodeMultibase(_ text: some StringProtocol) -> [UInt8]? {
        guard text.utf8.first == UInt8(ascii: "z") else { return nil }
        return decode(text.dropFirst())
    }
}
