/// A square table of counts drawn as shaded cells (darker: more), each count written in its
/// cell and the diagonal outlined, so neither shade nor colour is needed to read it.
struct HeatMap {
    var rowTitle: String
    var columnTitle: String
    var levels: [Int]
    /// `counts[row][column]`.
    var counts: [[Int]]
    /// Where each count comes from: `sources[row][column]`.
    var sources: [[Source?]]
    var cellSize: Double = 52

    /// A blue from nearly white to dark for a share from 0 to 1 of the largest count.
    static func shade(_ share: Double) -> String {
        let light = (240.0, 245.0, 250.0), dark = (8.0, 48.0, 107.0)
        let t = max(0, min(1, share))
        func channel(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        let (r, g, b) = (channel(light.0, dark.0), channel(light.1, dark.1), channel(light.2, dark.2))
        func hex(_ value: Int) -> String {
            let digits = Array("0123456789abcdef")
            return String([digits[value / 16], digits[value % 16]])
        }
        return "#" + hex(r) + hex(g) + hex(b)
    }

    func draw(id: String) -> SVG {
        let n = Double(levels.count)
        let left: Double = 86, top: Double = 58
        let width = left + n * cellSize + 24, height = top + n * cellSize + 40
        let key = "outlined: the same score from both (exact agreement)"
        var svg = SVG(width: max(width, left + RowChart.textWidth(key, size: 10) + 12), height: height)
        let largest = counts.flatMap { $0 }.max() ?? 0
        svg.text(columnTitle, x: left + n * cellSize / 2, y: 16, anchor: .middle, class: "axis-title")
        svg.text(rowTitle, x: 16, y: top + n * cellSize / 2, anchor: .middle, class: "axis-title", rotate: true)
        for (index, level) in levels.enumerated() {
            svg.text(String(level), x: left + (Double(index) + 0.5) * cellSize, y: top - 10, anchor: .middle, class: "tick")
            svg.text(String(level), x: left - 10, y: top + (Double(index) + 0.5) * cellSize + 4, anchor: .end, class: "tick")
        }
        for (row, values) in counts.enumerated() {
            for (column, count) in values.enumerated() {
                let x = left + Double(column) * cellSize, y = top + Double(row) * cellSize
                let share = largest == 0 ? 0 : Double(count) / Double(largest)
                svg.rect(x: x, y: y, width: cellSize, height: cellSize, class: "cell", fill: Self.shade(share),
                         label: "\(rowTitle) \(levels[row]), \(columnTitle) \(levels[column]): \(count)")
                let source = row < sources.count && column < sources[row].count ? sources[row][column] : nil
                svg.text(Show.count(count), x: x + cellSize / 2, y: y + cellSize / 2 + 4.5, anchor: .middle,
                         class: share > 0.55 ? "value on-dark" : "value", source: source)
            }
        }
        for index in levels.indices {
            let x = left + Double(index) * cellSize, y = top + Double(index) * cellSize
            svg.rect(x: x + 1.5, y: y + 1.5, width: cellSize - 3, height: cellSize - 3, class: "outline")
            svg.rect(x: x + 3.5, y: y + 3.5, width: cellSize - 7, height: cellSize - 7, class: "outline-inner")
        }
        svg.text(key, x: left, y: top + n * cellSize + 24, class: "small explain")
        return svg
    }
}
