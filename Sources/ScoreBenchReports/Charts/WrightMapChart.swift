/// The rater ruler of a Rasch analysis (a Wright map): students, raters and criteria on one
/// vertical logit scale, with the rubric's thresholds beside them. Students are drawn as a
/// histogram (a statewide analysis has a hundred thousand), raters one by one with their ids
/// when there are few and as a histogram when there are many, criteria one by one.
struct WrightMapChart {
    struct Bin {
        var low: Double
        var high: Double
        var count: Int
    }

    struct Marker {
        var id: String
        var measure: Double
        var source: Source?
    }

    /// A facet drawn as bars per bin, or as labelled markers.
    enum Column {
        case histogram([Bin], above: Int, below: Int, source: Pointer)
        case markers([Marker], shape: Shape, series: Int)
    }

    var columns: [(title: String, column: Column)]
    var thresholds: [Marker]
    var binWidth: Double
    var low: Double
    var high: Double
    var width: Double = 720

    func draw(id: String) -> SVG {
        let rows = Int(((high - low) / binWidth).rounded())
        let rowHeight = max(11, min(22, 560 / Double(max(1, rows))))
        let top: Double = 50, plotHeight = Double(rows) * rowHeight
        let extremeRow: Double = 22
        let height = top + extremeRow + plotHeight + extremeRow + 44
        var svg = SVG(width: width, height: height)
        let axisX: Double = 58
        let y = LinearScale(low: low, high: high, from: top + extremeRow + plotHeight, to: top + extremeRow)
        let scaleWidth = max(70, (thresholds.map { RowChart.textWidth($0.id) }.max() ?? 0) + 26)
        let columnWidth = (width - axisX - 12 - scaleWidth) / Double(max(1, columns.count))

        // The logit axis, with a grid line per whole logit.
        let step = LinearScale.niceStep(span: high - low, count: 10)
        for tick in y.ticks(step: step) {
            svg.line(axisX, y(tick), width - 6, y(tick), class: tick == 0 ? "zero" : "grid")
            svg.text(Show.tick(tick, step: step), x: axisX - 6, y: y(tick) + 4, anchor: .end, class: "tick")
        }
        svg.line(axisX, y(high), axisX, y(low), class: "axis")
        svg.text("Logits", x: 16, y: top + extremeRow + plotHeight / 2, anchor: .middle, class: "axis-title", rotate: true)
        svg.text("higher: more able, harsher, harder", x: 30, y: top + extremeRow + plotHeight / 2, anchor: .middle, class: "small explain", rotate: true)

        for (index, entry) in columns.enumerated() {
            let left = axisX + 10 + Double(index) * columnWidth
            svg.text(entry.title, x: left, y: 18, class: "axis-title")
            switch entry.column {
            case .histogram(let bins, let above, let below, let pointer):
                let largest = max(1, bins.map(\.count).max() ?? 0, above, below)
                let barSpace = columnWidth - 58
                svg.text("bars: how many in each band", x: left, y: 32, class: "small explain")
                for bin in bins where bin.count > 0 {
                    let length = max(1.5, Double(bin.count) / Double(largest) * barSpace)
                    let y0 = y(bin.high), y1 = y(bin.low)
                    svg.rect(x: left, y: y0 + 1, width: length, height: y1 - y0 - 2, class: "hist")
                    svg.text(Show.count(bin.count), x: left + length + 4, y: (y0 + y1) / 2 + 4, class: "value",
                             source: .derived("histogram", from: pointer, detail: "\(bin.low) \(bin.high)"))
                }
                for (count, rowTop, kind) in [(above, top, "maximum"), (below, top + extremeRow + plotHeight, "minimum")] where count > 0 {
                    let length = max(1.5, Double(count) / Double(largest) * barSpace)
                    svg.rect(x: left, y: rowTop + 3, width: length, height: extremeRow - 6, class: "hist-extreme")
                    svg.text("\(Show.count(count)) at the \(kind) score", x: left + length + 4, y: rowTop + extremeRow / 2 + 4, class: "value",
                             source: .derived("extreme-\(kind)", from: pointer))
                }
            case .markers(let markers, let shape, let series):
                let sorted = markers.sorted { $0.measure > $1.measure }
                // Labels top to bottom, at least a line apart, each joined to its point.
                var placed: [Double] = []
                let lineHeight = 12.5
                for marker in sorted {
                    var position = y.clamped(marker.measure) + 4
                    if let previous = placed.last, position < previous + lineHeight { position = previous + lineHeight }
                    placed.append(position)
                }
                // Labels that ran off the bottom move back up, keeping their order and spacing.
                let bottom = top + extremeRow + plotHeight + extremeRow
                for index in placed.indices.reversed() {
                    let limit = index == placed.count - 1 ? bottom : placed[index + 1] - lineHeight
                    placed[index] = min(placed[index], limit)
                }
                for (marker, labelY) in zip(sorted, placed) {
                    let pointY = y.clamped(marker.measure)
                    svg.marker(shape, x: left + 6, y: pointY, size: 9, class: "c\(series)")
                    svg.path("M\(SVG.number(left + 12)) \(SVG.number(pointY))L\(SVG.number(left + 20)) \(SVG.number(labelY - 4))L\(SVG.number(left + 24)) \(SVG.number(labelY - 4))", class: "leader")
                    svg.text(marker.id, x: left + 26, y: labelY, class: "label", source: marker.source)
                }
            }
        }

        // The scale column: where each level becomes more likely than the one below.
        let scaleLeft = width - scaleWidth
        svg.text("Scale", x: scaleLeft, y: 18, class: "axis-title")
        svg.text("thresholds", x: scaleLeft, y: 32, class: "small explain")
        for threshold in thresholds {
            let position = y.clamped(threshold.measure)
            svg.line(scaleLeft, position, scaleLeft + 14, position, class: "interval")
            svg.text(threshold.id, x: scaleLeft + 18, y: position + 4, class: "label", source: threshold.source)
        }
        return svg
    }
}
