/// A chart of one row per thing (a coefficient, a rater, a group) against one horizontal
/// scale: points, intervals and bars, reference lines, and words at the end of a row. It draws
/// forest plots, dot plots with error bars, and bar charts.
struct RowChart {
    struct Mark {
        enum Kind {
            /// A marker; hollow ones read as "observed", filled as "estimated" where both appear.
            case point(Shape, series: Int, hollow: Bool)
            /// A line from `low` to `high` with end caps.
            case interval(low: Double, high: Double)
            /// A bar from `from` to `to` (negative bars go left of `from`).
            case bar(from: Double, to: Double, series: Int)
        }

        var kind: Kind
        /// Where the point is (unused by intervals and bars).
        var value: Double
        /// Said on hover, e.g. `r-chen: 0.74`.
        var label: String?

        var isPoint: Bool {
            if case .point = kind { return true }
            return false
        }

        static func point(_ value: Double, _ shape: Shape = .circle, series: Int = 0, hollow: Bool = false, label: String? = nil) -> Mark {
            Mark(kind: .point(shape, series: series, hollow: hollow), value: value, label: label)
        }

        static func interval(_ low: Double, _ high: Double) -> Mark {
            Mark(kind: .interval(low: low, high: high), value: (low + high) / 2)
        }

        static func bar(to value: Double, from base: Double = 0, series: Int = 0, label: String? = nil) -> Mark {
            Mark(kind: .bar(from: base, to: value, series: series), value: value, label: label)
        }
    }

    struct Row {
        var label: String
        /// Where the label comes from: an id in the command's JSON.
        var labelSource: Source?
        var marks: [Mark] = []
        /// Words after the plot: `qualified`, `LOCKED`, `flagged`.
        var annotation: String?
        /// Where a number in `annotation` comes from.
        var annotationSource: Source?
        /// Words in the plot where there is nothing to draw: `undefined`, `* withheld`.
        var missing: String?
        /// A heading row that groups the rows below it (no marks).
        var isHeading = false
        /// Drawn bold: a row the reader should look at.
        var isFlagged = false

        init(
            _ label: String, source: Source? = nil, marks: [Mark] = [], annotation: String? = nil, missing: String? = nil,
            isFlagged: Bool = false
        ) {
            self.label = label
            self.labelSource = source
            self.marks = marks
            self.annotation = annotation
            self.missing = missing
            self.isFlagged = isFlagged
        }

        static func heading(_ label: String) -> Row {
            var row = Row(label)
            row.isHeading = true
            return row
        }
    }

    struct Reference {
        var value: Double
        var label: String
        var source: Source?
        /// Dashed (a threshold) or solid (zero, a mean).
        var isDashed = true
    }

    struct LegendEntry {
        var shape: Shape?
        var series: Int
        var hollow = false
        /// A short bar or line instead of a marker.
        var isInterval = false
        var label: String
        /// The class of a plain swatch (no marker, no interval), e.g. `band`.
        var swatch: String? = nil
    }

    var rows: [Row]
    var axisTitle: String
    /// The scale's ends; nil: round values around everything drawn.
    var domain: (low: Double, high: Double)?
    /// Values the scale must include besides the marks (0 for bars, 1 for fit).
    var include: [Double] = []
    var references: [Reference] = []
    /// A shaded range, e.g. the fit mean-squares read as acceptable.
    var band: (low: Double, high: Double, label: String)?
    var legend: [LegendEntry] = []
    /// Tick labels: `percent` shows 0.8 as 80%.
    var percent = false
    var width: Double = 720
    var rowHeight: Double = 20

    init(rows: [Row], axisTitle: String) {
        self.rows = rows
        self.axisTitle = axisTitle
    }

    /// About how wide `text` is drawn: generous, so that nothing runs off a chart.
    static func textWidth(_ text: String, size: Double = 11.5) -> Double {
        Double(text.count) * size * 0.6
    }

    /// Where items of the given widths go, left to right from `left`, a new line whenever the
    /// next would pass `right`.
    static func flow(_ widths: [Double], from left: Double, to right: Double) -> [(x: Double, line: Int)] {
        var places: [(x: Double, line: Int)] = []
        var cursor = left, line = 0
        for width in widths {
            if cursor > left, cursor + width > right {
                cursor = left
                line += 1
            }
            places.append((cursor, line))
            cursor += width
        }
        return places
    }

    func draw(id: String) -> SVG {
        let labelWidth = min(260, max(70, (rows.map { Self.textWidth($0.label, size: $0.isHeading ? 12 : 11.5) }.max() ?? 0) + 14))
        let annotations = rows.compactMap(\.annotation)
        let annotationWidth = annotations.isEmpty ? 24 : min(160, (annotations.map { Self.textWidth($0, size: 12.5) }.max() ?? 0) + 20)
        let legendWidths = legend.map { ($0.isInterval ? 24 : ($0.shape != nil ? 14 : 19)) + Self.textWidth($0.label) + 18 }
        let legendPlaces = Self.flow(legendWidths, from: labelWidth, to: width)
        let legendHeight: Double = legend.isEmpty ? 0 : 8 + 18 * Double((legendPlaces.map(\.line).max() ?? 0) + 1)
        let top = legendHeight + 8 + 14 * Double(references.count)
        let plotHeight = Double(rows.count) * rowHeight
        let height = top + plotHeight + 46
        var svg = SVG(width: width, height: height)

        // The scale.
        var values: [Double] = include + references.map(\.value)
        for row in rows {
            for mark in row.marks {
                switch mark.kind {
                case .point: values.append(mark.value)
                case .interval(let low, let high): values += [low, high]
                case .bar(let from, let to, _): values += [from, to]
                }
            }
        }
        if let band { values += [band.low, band.high] }
        var step: Double
        var low: Double, high: Double
        if let domain {
            (low, high) = domain
            step = LinearScale.niceStep(span: high - low, count: 6)
        } else {
            (low, high, step) = LinearScale.niceDomain(values)
        }
        let left = labelWidth, right = width - annotationWidth
        let x = LinearScale(low: low, high: high, from: left, to: right)
        let ticks = x.ticks(step: step)

        // Legend, reading left to right, on as many lines as it needs.
        for (entry, place) in zip(legend, legendPlaces) {
            var cursor = place.x
            let y = 13 + 18 * Double(place.line)
            if entry.isInterval {
                svg.line(cursor, y, cursor + 18, y, class: "interval")
                cursor += 24
            } else if let shape = entry.shape {
                svg.marker(shape, x: cursor + 5, y: y, size: 10, class: "c\(entry.series)" + (entry.hollow ? " hollow" : ""))
                cursor += 14
            } else {
                svg.rect(x: cursor, y: y - 6, width: 14, height: 12, class: entry.swatch ?? "c\(entry.series)")
                cursor += 19
            }
            svg.text(entry.label, x: cursor, y: y + 4, class: "label legend")
        }

        // Row bands, grid, band, references.
        for (index, row) in rows.enumerated() where index % 2 == 1 && !row.isHeading {
            svg.rect(x: 0, y: top + Double(index) * rowHeight, width: width, height: rowHeight, class: "row-band")
        }
        if let band {
            svg.rect(x: x.clamped(band.low), y: top, width: x.clamped(band.high) - x.clamped(band.low), height: plotHeight, class: "band", label: band.label)
        }
        for tick in ticks {
            svg.line(x(tick), top, x(tick), top + plotHeight, class: tick == 0 && low < 0 ? "zero" : "grid")
        }
        for (index, reference) in references.enumerated() {
            let position = x.clamped(reference.value)
            let y = legendHeight + 16 + 14 * Double(index)
            svg.line(position, y - 10, position, top + plotHeight, class: reference.isDashed ? "ref" : "zero")
            let anchor: SVG.Anchor = position > (left + right) / 2 ? .end : .start
            svg.text(reference.label, x: position + (anchor == .end ? -4 : 4), y: y, anchor: anchor, class: "ref-label", source: reference.source)
        }

        // Rows.
        for (index, row) in rows.enumerated() {
            let middle = top + (Double(index) + 0.5) * rowHeight
            if row.isHeading {
                svg.text(row.label, x: 4, y: middle + 4, class: "axis-title")
                continue
            }
            svg.text(row.label, x: labelWidth - 8, y: middle + 4, anchor: .end, class: row.isFlagged ? "label flag-text" : "label",
                     source: row.labelSource)
            let points = row.marks.filter(\.isPoint).count
            var pointRank = 0
            for mark in row.marks {
                switch mark.kind {
                case .interval(let from, let to):
                    let a = x.clamped(from), b = x.clamped(to)
                    svg.line(a, middle, b, middle, class: "interval")
                    if from >= low { svg.line(a, middle - 4, a, middle + 4, class: "interval") }
                    if to <= high { svg.line(b, middle - 4, b, middle + 4, class: "interval") }
                case .bar(let from, let to, let series):
                    let a = x.clamped(min(from, to)), b = x.clamped(max(from, to))
                    svg.rect(x: a, y: middle - rowHeight * 0.32, width: b - a, height: rowHeight * 0.64, class: "c\(series)", label: mark.label)
                case .point(let shape, let series, let hollow):
                    // Several points on a row sit a little apart, so equal values stay visible.
                    let offset = points > 1 ? (Double(pointRank) - Double(points - 1) / 2) * 5 : 0
                    pointRank += 1
                    svg.marker(shape, x: x.clamped(mark.value), y: middle + offset, size: 9, class: "c\(series)" + (hollow ? " hollow" : ""))
                }
            }
            if let missing = row.missing {
                svg.text(missing, x: left + 6, y: middle + 4, class: "label small explain")
            }
            if let annotation = row.annotation {
                svg.text(annotation, x: right + 10, y: middle + 4, class: row.isFlagged ? "label flag-text" : "label", source: row.annotationSource)
            }
        }

        svg.bottomAxis(at: top + plotHeight, scale: x, ticks: ticks, step: step, percent: percent, title: axisTitle)
        return svg
    }
}
