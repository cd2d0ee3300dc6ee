/// Lines over a horizontal axis of steps (numbers of raters, windows of days), each series
/// with its own marker shape and its name written at its end, and horizontal reference lines.
struct LineChart {
    struct Series {
        var name: String
        /// One value per step; nil leaves a gap.
        var values: [Double?]
        var sources: [Source?] = []
        /// Where the name comes from: a rater id, a number of tasks.
        var nameSource: Source? = nil
        /// Written beside each point (a short value) when the chart has room.
        var showValues = false
    }

    struct Reference {
        var value: Double
        var label: String
        var source: Source?
    }

    /// The steps along the axis, as written under it.
    var steps: [String]
    var series: [Series]
    var axisTitle: String
    var valueTitle: String
    var domain: (low: Double, high: Double)?
    var percent = false
    var references: [Reference] = []
    /// A step to point out with a dotted line and a word, e.g. the number of raters observed.
    var marked: (step: Int, label: String)?
    var width: Double = 720
    var height: Double = 300
    /// Formats a value written beside a point.
    var format: (Double) -> String = { Show.coefficient($0) }

    func draw(id: String) -> SVG {
        let names = series.map(\.name)
        let endWidth = min(160, (names.map { RowChart.textWidth($0) }.max() ?? 0) + 24)
        let left: Double = 64, right = width - endWidth, top: Double = 16, bottom = height - 52
        var svg = SVG(width: width, height: height)
        let all = series.flatMap { $0.values.compactMap { $0 } } + references.map(\.value)
        let (low, high, step): (Double, Double, Double)
        if let domain {
            (low, high) = domain
            step = LinearScale.niceStep(span: high - low, count: 5)
        } else {
            (low, high, step) = LinearScale.niceDomain(all, ticks: 5)
        }
        let y = LinearScale(low: low, high: high, from: bottom, to: top)
        let count = max(1, steps.count)
        let xStep = count > 1 ? (right - left - 24) / Double(count - 1) : 0
        func x(_ index: Int) -> Double { count > 1 ? left + 12 + Double(index) * xStep : (left + right) / 2 }

        for tick in y.ticks(step: step) {
            svg.line(left, y(tick), right, y(tick), class: tick == 0 && low < 0 ? "zero" : "grid")
            let text = percent ? Show.tick(tick * 100, step: step * 100) + "%" : Show.tick(tick, step: step)
            svg.text(text, x: left - 8, y: y(tick) + 4, anchor: .end, class: "tick")
        }
        for reference in references {
            svg.line(left, y.clamped(reference.value), right, y.clamped(reference.value), class: "ref")
            // At the left end, where the lines are least likely to run.
            svg.text(reference.label, x: left + 6, y: y.clamped(reference.value) - 5, class: "ref-label", source: reference.source)
        }
        if let marked, steps.indices.contains(marked.step) {
            svg.line(x(marked.step), top, x(marked.step), bottom, class: "ref")
            svg.text(marked.label, x: x(marked.step) + 4, y: bottom - 6, class: "ref-label")
        }
        svg.line(left, bottom, right, bottom, class: "axis")
        svg.line(left, top, left, bottom, class: "axis")
        // Label every step when they fit, else every few.
        let widest = (steps.map { RowChart.textWidth($0, size: 11) }.max() ?? 0) + 8
        let every = xStep > 0 ? max(1, Int((widest / xStep).rounded(.up))) : 1
        for (index, step) in steps.enumerated() {
            svg.line(x(index), bottom, x(index), bottom + 4, class: "axis")
            if index % every == 0 { svg.text(step, x: x(index), y: bottom + 17, anchor: .middle, class: "tick") }
        }
        svg.text(axisTitle, x: (left + right) / 2, y: height - 12, anchor: .middle, class: "axis-title")
        svg.text(valueTitle, x: 16, y: (top + bottom) / 2, anchor: .middle, class: "axis-title", rotate: true)

        // End labels, nudged apart so they never overlap.
        var ends: [(index: Int, y: Double)] = []
        for (index, line) in series.enumerated() {
            let points = line.values.enumerated().compactMap { step, value in value.map { (x(step), y.clamped($0)) } }
            let style = "c\(index % 7)"
            var run: [(Double, Double)] = []
            for (step, value) in line.values.enumerated() {
                if let value {
                    run.append((x(step), y.clamped(value)))
                } else {
                    svg.polyline(run, class: "line \(style)")
                    run = []
                }
            }
            svg.polyline(run, class: "line \(style)")
            for (step, value) in line.values.enumerated() {
                guard let value else { continue }
                svg.marker(Shape.series(index), x: x(step), y: y.clamped(value), size: 9, class: style)
                if line.showValues {
                    let source = step < line.sources.count ? line.sources[step] : nil
                    svg.text(format(value), x: x(step), y: y.clamped(value) - 9, anchor: .middle, class: "value", source: source)
                }
            }
            if let last = points.last { ends.append((index, last.1)) }
        }
        ends.sort { $0.y < $1.y }
        var placed: [Double] = []
        for end in ends {
            var position = end.y
            if let previous = placed.last, position < previous + 13 { position = previous + 13 }
            placed.append(position)
            svg.marker(Shape.series(end.index), x: right + 10, y: position - 4, size: 8, class: "c\(end.index % 7)")
            svg.text(series[end.index].name, x: right + 18, y: position, class: "label", source: series[end.index].nameSource)
        }
        return svg
    }
}
