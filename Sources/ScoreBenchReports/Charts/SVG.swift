/// An inline SVG drawing, built element by element in user units.
///
/// A chart is drawn at a fixed size in user units and scales to the width of the page with its
/// `viewBox` (so it prints at any width up to its natural one). Every chart has a `<title>` and a
/// `<desc>` and is `role="img"`, labelled by both, for screen readers. Styling comes from the
/// page's style sheet by class, so print and screen can differ and colour is never set inline.
struct SVG {
    let width: Double
    let height: Double
    private(set) var body = ""
    private(set) var definitions = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A coordinate as it is written: one decimal is far finer than a printed dot.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = (value * 10).rounded()
        if tenths == tenths.rounded(.towardZero), Int(tenths) % 10 == 0 { return String(Int(tenths) / 10) }
        return String(tenths / 10)
    }

    private static func classes(_ names: String?) -> String {
        guard let names, !names.isEmpty else { return "" }
        return " class=\"\(HTML.attribute(names))\""
    }

    mutating func raw(_ markup: String) { body += markup }

    mutating func define(_ markup: String) { definitions += markup }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, class names: String? = nil) {
        body += "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\"\(Self.classes(names))/>"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, class names: String? = nil, fill: String? = nil, label: String? = nil) {
        var markup = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" height=\"\(Self.number(max(0, height)))\""
        markup += Self.classes(names)
        if let fill { markup += " fill=\"\(HTML.attribute(fill))\"" }
        if let label {
            markup += "><title>\(HTML.text(label))</title></rect>"
        } else {
            markup += "/>"
        }
        body += markup
    }

    mutating func path(_ d: String, class names: String? = nil) {
        body += "<path d=\"\(HTML.attribute(d))\"\(Self.classes(names))/>"
    }

    mutating func polyline(_ points: [(Double, Double)], class names: String? = nil) {
        guard points.count > 1 else { return }
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        body += "<polyline points=\"\(list)\"\(Self.classes(names))/>"
    }

    enum Anchor: String {
        case start, middle, end
    }

    /// Text at (x, y), y the baseline; `source` says where a number in it comes from.
    mutating func text(
        _ text: String, x: Double, y: Double, anchor: Anchor = .start, class names: String? = nil, source: Source? = nil,
        rotate: Bool = false
    ) {
        var markup = "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\""
        if anchor != .start { markup += " text-anchor=\"\(anchor.rawValue)\"" }
        if rotate { markup += " transform=\"rotate(-90 \(Self.number(x)) \(Self.number(y)))\"" }
        markup += Self.classes(names)
        if let source { markup += source.attributes }
        body += markup + ">\(HTML.text(text))</text>"
    }

    /// A marker of `shape` centred on (x, y), `size` its width.
    mutating func marker(_ shape: Shape, x: Double, y: Double, size: Double = 9, class names: String? = nil) {
        let r = size / 2
        switch shape {
        case .circle:
            body += "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(r))\"\(Self.classes(names))/>"
        case .square:
            rect(x: x - r * 0.9, y: y - r * 0.9, width: r * 1.8, height: r * 1.8, class: names)
        case .diamond:
            path("M\(Self.number(x)) \(Self.number(y - r * 1.15))L\(Self.number(x + r * 1.15)) \(Self.number(y))L\(Self.number(x)) \(Self.number(y + r * 1.15))L\(Self.number(x - r * 1.15)) \(Self.number(y))Z", class: names)
        case .triangle:
            path("M\(Self.number(x)) \(Self.number(y - r * 1.1))L\(Self.number(x + r * 1.05)) \(Self.number(y + r * 0.8))L\(Self.number(x - r * 1.05)) \(Self.number(y + r * 0.8))Z", class: names)
        case .triangleDown:
            path("M\(Self.number(x)) \(Self.number(y + r * 1.1))L\(Self.number(x + r * 1.05)) \(Self.number(y - r * 0.8))L\(Self.number(x - r * 1.05)) \(Self.number(y - r * 0.8))Z", class: names)
        case .cross:
            let a = r * 0.95
            path("M\(Self.number(x - a)) \(Self.number(y - a))L\(Self.number(x + a)) \(Self.number(y + a))M\(Self.number(x - a)) \(Self.number(y + a))L\(Self.number(x + a)) \(Self.number(y - a))", class: [names, "cross"].compactMap { $0 }.joined(separator: " "))
        case .plus:
            let a = r * 1.05
            path("M\(Self.number(x - a)) \(Self.number(y))L\(Self.number(x + a)) \(Self.number(y))M\(Self.number(x)) \(Self.number(y - a))L\(Self.number(x)) \(Self.number(y + a))", class: [names, "cross"].compactMap { $0 }.joined(separator: " "))
        }
    }

    /// A horizontal value axis along `y` under a plot spanning `scale`: its line, a tick and
    /// label at each of `ticks` (as percentages when `percent`), and its title centred below.
    mutating func bottomAxis(
        at y: Double, scale: LinearScale, ticks: [Double], step: Double, percent: Bool, title: String
    ) {
        line(scale.from, y, scale.to, y, class: "axis")
        for tick in ticks {
            line(scale(tick), y, scale(tick), y + 4, class: "axis")
            let label = percent ? Show.tick(tick * 100, step: step * 100) + "%" : Show.tick(tick, step: step)
            text(label, x: scale(tick), y: y + 16, anchor: .middle, class: "tick")
        }
        text(title, x: (scale.from + scale.to) / 2, y: y + 36, anchor: .middle, class: "axis-title")
    }

    /// The drawing as an element of the page: `role="img"`, labelled by its title and description.
    func rendered(id: String, title: String, description: String) -> String {
        var markup = "<svg viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
        markup += " width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" style=\"--natural: \(Self.number(width))px; max-width: \(Self.number(width))px\""
        markup += " class=\"chart\" role=\"img\""
        markup += " aria-labelledby=\"\(id)-title \(id)-desc\" preserveAspectRatio=\"xMinYMin meet\">"
        markup += "<title id=\"\(id)-title\">\(HTML.text(title))</title><desc id=\"\(id)-desc\">\(HTML.text(description))</desc>"
        if !definitions.isEmpty { markup += "<defs>\(definitions)</defs>" }
        return markup + body + "</svg>"
    }
}

/// Marker shapes, so that series differ by more than their colour.
enum Shape: CaseIterable {
    case circle, square, diamond, triangle, triangleDown, cross, plus

    /// The shape of the n-th series.
    static func series(_ index: Int) -> Shape { allCases[index % allCases.count] }

    /// How a legend or a table names it.
    var symbol: String {
        switch self {
        case .circle: "●"
        case .square: "■"
        case .diamond: "◆"
        case .triangle: "▲"
        case .triangleDown: "▼"
        case .cross: "✕"
        case .plus: "+"
        }
    }
}
