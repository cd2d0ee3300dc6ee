import ScoringCore

/// How values read on a page: the shell's conventions (`Format`), and `—` for a value that is
/// undefined, never 0.
enum Show {
    static let undefined = "—"

    /// A share as a percentage, `66.7%`.
    static func share(_ value: Double?) -> String { value.map(Format.share) ?? undefined }

    /// A coefficient to three decimals, `0.520`.
    static func coefficient(_ value: Double?) -> String { value.map(Format.coefficient) ?? undefined }

    /// A logit measure, its SE, a fit mean-square or a t, to two decimals.
    static func measure(_ value: Double?) -> String { value.map(Format.measure) ?? undefined }

    /// A score on the rubric's scale, to three decimals.
    static func score(_ value: Double?) -> String { value.map(Format.score) ?? undefined }

    /// A variance component, to four decimals.
    static func variance(_ value: Double?) -> String { value.map(Format.variance) ?? undefined }

    /// A signed difference of scores, `+0.320`.
    static func difference(_ value: Double?) -> String { value.map(Format.difference) ?? undefined }

    /// A count with thousands separated, `12,480`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A count with its noun: `1 rater`, `12,480 students`.
    static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count(value)) \(value == 1 ? noun : plural ?? noun + "s")"
    }

    /// A number for an axis tick: as few decimals as the step needs.
    static func tick(_ value: Double, step: Double) -> String {
        var places = 0
        var scaled = step
        while places < 6, abs(scaled - scaled.rounded()) > 1e-9 * max(1, abs(scaled)) {
            scaled *= 10
            places += 1
        }
        let text = Format.fixed(value, places: places)
        return text == "-0" ? "0" : text
    }
}
