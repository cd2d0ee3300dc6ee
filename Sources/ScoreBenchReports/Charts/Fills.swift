/// Fills that differ in pattern as well as colour, so a segment reads without colour too.
enum Fill {
    case solid(Int)
    /// Diagonal lines over the colour.
    case hatched(Int)
    /// Crossed lines over the colour.
    case crossHatched(Int)
    /// Dots over the colour.
    case dotted(Int)
    /// Horizontal lines over the colour.
    case striped(Int)

    /// The n-th fill of a set that must all look different.
    static func distinct(_ index: Int) -> Fill {
        switch index % 5 {
        case 0: .solid(0)
        case 1: .hatched(5)
        case 2: .crossHatched(1)
        case 3: .dotted(4)
        default: .striped(2)
        }
    }

    private var series: Int {
        switch self {
        case .solid(let series), .hatched(let series), .crossHatched(let series), .dotted(let series), .striped(let series): series
        }
    }

    private var patternName: String? {
        switch self {
        case .solid: nil
        case .hatched: "hatch"
        case .crossHatched: "crosshatch"
        case .dotted: "dots"
        case .striped: "stripes"
        }
    }

    /// Defines the pattern in `svg` (once per id) and returns the attributes that fill with it.
    func apply(in svg: inout SVG, prefix: String) -> (classes: String, fill: String?) {
        guard let name = patternName else { return ("c\(series)", nil) }
        let id = "\(prefix)-\(name)-\(series)"
        if !svg.definitions.contains("id=\"\(id)\"") {
            var markup = "<pattern id=\"\(id)\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
            markup += "<rect width=\"8\" height=\"8\" class=\"c\(series)\"/>"
            switch self {
            case .hatched: markup += "<path d=\"M-2 2L2 -2M0 8L8 0M6 10L10 6\" class=\"pattern-line\"/>"
            case .crossHatched: markup += "<path d=\"M-2 2L2 -2M0 8L8 0M6 10L10 6M-2 6L2 10M0 0L8 8M6 -2L10 2\" class=\"pattern-line\"/>"
            case .dotted: markup += "<circle cx=\"2\" cy=\"2\" r=\"1.3\" class=\"c6\"/><circle cx=\"6\" cy=\"6\" r=\"1.3\" class=\"c6\"/>"
            case .striped: markup += "<path d=\"M0 2H8M0 6H8\" class=\"pattern-line\"/>"
            case .solid: break
            }
            svg.define(markup + "</pattern>")
        }
        return ("patterned", "url(#\(id))")
    }
}
