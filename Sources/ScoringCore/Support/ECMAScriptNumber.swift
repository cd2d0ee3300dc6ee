/// Numbers written the way ECMAScript's `Number.prototype.toString()` writes them, which is the
/// number format of the JSON Canonicalization Scheme (RFC 8785 section 3.2.2.3).
public enum ECMAScriptNumber {
    /// The ECMAScript text of a finite double: the shortest digits that read back to the same
    /// bits, as an integer up to 21 digits (`1e+21` beyond), as a decimal down to `0.000001`
    /// (`1e-7` below), else in exponent form; `-0` is written `0`.
    ///
    /// - Parameter value: a finite double.
    /// - Returns: nil for NaN and the infinities, which JSON cannot carry.
    /// - Complexity: O(1); one shortest-digits conversion.
    public static func string(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == 0 { return "0" }
        let (digits, point) = shortestDigits(value.magnitude)
        var text = value < 0 ? "-" : ""
        let count = digits.count
        // ECMA-262 Number::toString, steps for k digits d1…dk with value 0.d1…dk × 10^point.
        if count <= point && point <= 21 {
            text += digits
            text += String(repeating: "0", count: point - count)
        } else if 0 < point && point <= 21 {
            text += digits.prefix(point)
            text += "."
            text += digits.dropFirst(point)
        } else if -6 < point && point <= 0 {
            text += "0."
            text += String(repeating: "0", count: -point)
            text += digits
        } else {
            let exponent = point - 1
            text += digits.prefix(1)
            if count > 1 {
                text += "."
                text += digits.dropFirst()
            }
            text += exponent < 0 ? "e-" : "e+"
            text += String(exponent.magnitude)
        }
        return text
    }

    /// The shortest decimal digits of a positive finite double that read back to it, without
    /// leading or trailing zeros, and where the decimal point goes: value = 0.digits × 10^point.
    ///
    /// Swift's own `description` already finds the shortest round-tripping digits, choosing the
    /// closest to the exact binary value — the digits ECMAScript asks for. Only its layout
    /// (`1e-07`, `123.0`, `1.5e+20`) differs, so the digits are read back out of it.
    private static func shortestDigits(_ magnitude: Double) -> (digits: String, point: Int) {
        var digits: [UInt8] = []
        var integerDigits: Int?
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                }
            case UInt8(ascii: "."): integerDigits = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): exponentSign = -1
            default: break
            }
        }
        var point = (integerDigits ?? digits.count) + exponentSign * exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        point -= leadingZeros
        let significant = digits.dropFirst(leadingZeros)
        let trailingZeros = significant.reversed().prefix { $0 == UInt8(ascii: "0") }.count
        return (String(decoding: significant.dropLast(trailingZeros), as: UTF8.self), point)
    }
}
