/// Numbers as people write them in messages and tables.
public enum Format {
    /// `3` for 3.0, `2.5` for 2.5: whole numbers without a trailing `.0`.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// `value` rounded to `places` decimals, trailing zeros kept, for aligned table columns.
    public static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "" }
        guard abs(value) < 1e15 else { return String(value) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (abs(value) * scale).rounded() / scale
        let sign = value < 0 && rounded != 0 ? "-" : ""
        let whole = Int(rounded)
        guard places > 0 else { return sign + String(whole) }
        let fraction = Int(((rounded - Double(whole)) * scale).rounded())
        var digits = String(fraction)
        while digits.count < places { digits = "0" + digits }
        return "\(sign)\(whole).\(digits)"
    }
}

extension Format {
    /// `1 read`, `2 reads`: a count with its noun, plural when it is not 1.
    public static func count(_ number: Int, _ noun: String, plural: String? = nil) -> String {
        "\(number) \(number == 1 ? noun : plural ?? noun + "s")"
    }

    /// A share as a percentage to one decimal, without a trailing `.0`: `0.7` → `70%`, `0.0725` → `7.3%`.
    public static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded() / 10
        return fixed(tenths, places: tenths == tenths.rounded() ? 0 : 1) + "%"
    }
}
