/// The code a rater scores a piece of work by in a scoring event (SPEC 11): `@` and eight
/// characters of Crockford's base32, random, so it says nothing about whose work it is.
public enum ResponseCode {
    /// Crockford's base32: digits and upper-case letters without I, L, O and U, which are easy
    /// to misread or spell words with.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A fresh code drawn from `generator`.
    public static func make(using generator: inout some RandomNumberGenerator) -> String {
        var code = "@"
        var bits = generator.next()
        // Eight 5-bit groups from one 64-bit draw.
        for _ in 0..<8 {
            code.append(alphabet[Int(bits & 31)])
            bits >>= 5
        }
        return code
    }

    /// `text` as a code, read as people type it: case does not matter, and the letters Crockford
    /// reads as digits (O as 0, I and L as 1) are read so; the leading `@` may be left out.
    ///
    /// - Returns: nil when `text` cannot be a code.
    public static func normalized(_ text: String) -> String? {
        var characters = Substring(text.uppercased())
        if characters.first == "@" { characters = characters.dropFirst() }
        guard characters.count == 8 else { return nil }
        var code = "@"
        for character in characters {
            switch character {
            case "O": code.append("0")
            case "I", "L": code.append("1")
            case _ where alphabet.contains(character): code.append(character)
            default: return nil
            }
        }
        return code
    }
}
