/// Horizontal bars split into segments (shares of pairs, counts of scores), each segment with
/// its own fill pattern and, where it fits, its value written inside.
struct StackedBars {
    struct Segment {
        var value: Double
        /// Which of `legend` it is.
        var kind: Int
        /// Written inside the segment when it is wide enough.
        var text: String?
        var source: Source?
        /// Outlined: the segment the reader compares with (a master score).
        var isMarked = false
    }

    struct Row {
        var label: String
        var labelSource: Source? = nil
        var segments: [Segment]
        /// Words after the bar.
        var annotation: String?
    }

    var rows: [Row]
    /// The fill and name of each kind of segment.
    var legend: [(fill: Fill, label: String)]
    var axisTitle: String
    /// The value a full bar stands for (1 for shares; the most raters for counts).
    var total: Double
    var percent = true
    var width: Double = 720
    var rowHeight: Double = 26
    /// Said in the legend for an outlined segment.
    var markedLabel: String?

    func draw(id: String) -> SVG {
        let labelWidth = min(240, max(70, (rows.map { RowChart.textWidth($0.label) }.max() ?? 0) + 14))
        let annotations = rows.compactMap(\.annotation)
        let annotationWidth = annotations.isEmpty ? 24 : min(150, (annotations.map { RowChart.textWidth($0) }.max() ?? 0) + 20)
        let items = legend.map(\.label) + (markedLabel.map { [$0] } ?? [])
        let places = RowChart.flow(items.map { 21 + RowChart.textWidth($0) + 16 }, from: labelWidth, to: width)
        let top = 16 + 18 * Double((places.map(\.line).max() ?? 0) + 1)
        let plotHeight = Double(rows.count) * rowHeight
        var svg = SVG(width: width, height: top + plotHeight + 46)
        let left = labelWidth, right = width - annotationWidth
        let x = LinearScale(low: 0, high: total, from: left, to: right)

        for (index, (fill, label)) in legend.enumerated() {
            let (classes, pattern) = fill.apply(in: &svg, prefix: id)
            let place = places[index], y = 8 + 18 * Double(place.line)
            svg.rect(x: place.x, y: y, width: 16, height: 13, class: classes + " cell", fill: pattern)
            svg.text(label, x: place.x + 21, y: y + 11, class: "label legend")
        }
        if let markedLabel, let place = places.last {
            let y = 8 + 18 * Double(place.line)
            svg.rect(x: place.x, y: y, width: 16, height: 13, class: "outline")
            svg.text(markedLabel, x: place.x + 21, y: y + 11, class: "label legend")
        }

        let step = percent ? 0.2 : LinearScale.niceStep(span: total, count: 6)
        let ticks = x.ticks(step: step)
        for tick in ticks { svg.line(x(tick), top, x(tick), top + plotHeight, class: "grid") }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            let middle = y + rowHeight / 2
            svg.text(row.label, x: labelWidth - 8, y: middle + 4, anchor: .end, class: "label", source: row.labelSource)
            var start = 0.0
            var marked: [(Double, Double)] = []
            for segment in row.segments where segment.value > 0 {
                let a = x(start), b = x(start + segment.value)
                let (classes, pattern) = legend[segment.kind].fill.apply(in: &svg, prefix: id)
                svg.rect(x: a, y: y + 4, width: b - a, height: rowHeight - 8, class: classes + " cell", fill: pattern,
                         label: "\(legend[segment.kind].label): \(segment.text ?? "")")
                if segment.isMarked { marked.append((a, b)) }
                start += segment.value
            }
            // Values go where they fit, on a white tab so any fill under them stays legible.
            start = 0
            for segment in row.segments where segment.value > 0 {
                let a = x(start), b = x(start + segment.value)
                start += segment.value
                guard let text = segment.text else { continue }
                let needed = RowChart.textWidth(text, size: 10.5) + 6
                if b - a >= needed {
                    svg.rect(x: (a + b) / 2 - needed / 2, y: middle - 7, width: needed, height: 13, class: "tab")
                    svg.text(text, x: (a + b) / 2, y: middle + 3.5, anchor: .middle, class: "value", source: segment.source)
                }
            }
            for (a, b) in marked { svg.rect(x: a, y: y + 3, width: b - a, height: rowHeight - 6, class: "outline") }
            if let annotation = row.annotation {
                svg.text(annotation, x: right + 8, y: middle + 4, class: "label")
            }
        }
        svg.bottomAxis(at: top + plotHeight, scale: x, ticks: ticks, step: step, percent: percent, title: axisTitle)
        return svg
    }
}
