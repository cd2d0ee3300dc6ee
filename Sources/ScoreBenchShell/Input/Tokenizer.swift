/// Splits a command line into words (SPEC section 5): blanks separate words, `"…"` and `'…'`
/// quote, and `#` at the start of a word begins a comment.
///
/// Inside double quotes, `\"` and `\\` stand for a quote and a backslash, so a note can hold
/// both kinds of quote; single quotes take everything literally, as in a POSIX shell.
public enum Tokenizer {
    public struct Problem: Error, Equatable, Sendable {
        public var message: String
    }

    /// The words of `line`; an empty array for a blank or comment-only line.
    public static func words(_ line: String) throws(Problem) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if let open = quote {
                if character == open {
                    quote = nil
                } else if open == "\"", character == "\\" {
                    guard let next = iterator.next() else { break }
                    if next != "\"" && next != "\\" { current.append("\\") }
                    current.append(next)
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case " ", "\t", "\r", "\n":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "\"", "'":
                quote = character
                inWord = true
            case "#" where !inWord:
                return words
            default:
                current.append(character)
                inWord = true
            }
        }
        if let quote {
            throw Problem(message: "unterminated \(quote == "\"" ? "double" : "single") quote: add the closing \(quote)")
        }
        if inWord { words.append(current) }
        return words
    }

    /// `word` quoted if it needs to be, so that `words` reads it back unchanged: for completion
    /// and for showing commands.
    public static func quoted(_ word: String) -> String {
        let special: Set<Character> = [" ", "\t", "\"", "'", "#", "\\"]
        guard word.isEmpty || word.contains(where: special.contains) else { return word }
        if !word.contains("'") { return "'\(word)'" }
        var escaped = "\""
        for character in word {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "\""
    }
}
