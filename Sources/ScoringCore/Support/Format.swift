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

/// One convention per kind of number, the same in every view that shows it.
extension Format {
    /// A score on a rubric's scale (a final score, a combined score, a roll-up value, a mean):
    /// three decimals, `3.675`, `3.000`.
    public static func score(_ value: Double) -> String { fixed(value, places: 3) }

    /// A share of pairs, reads or students (agreement, a proficiency rate, a threshold): a
    /// percentage, `70%`, `66.7%`.
    public static func share(_ value: Double) -> String { percent(value) }

    /// An agreement or reliability coefficient (kappa, alpha, ICC, AC): three decimals, `0.520`.
    public static func coefficient(_ value: Double) -> String { fixed(value, places: 3) }

    /// A signed difference between scores (a bias, a mean difference): three decimals with
    /// their sign, `+0.320`, `-0.250`, `0.000`.
    public static func difference(_ value: Double) -> String {
        let text = fixed(value, places: 3)
        return text.hasPrefix("-") || text == "0.000" ? text : "+" + text
    }

    /// A Rasch measure or a statistic on its scale (an ability, a severity, a difficulty, a
    /// threshold, a bias, their standard errors and t, a fit mean-square, a separation): two
    /// decimals, as FACETS prints them, `-0.47`, `1.20`.
    public static func measure(_ value: Double) -> String { fixed(value, places: 2) }

    /// A variance component of a G study (squared score units): four decimals, as Brennan (2001)
    /// prints them, `0.4731`, `-0.0123`.
    public static func variance(_ value: Double) -> String { fixed(value, places: 4) }
}
