/// A grid of rows (raters) by columns (windows of days), each cell shaded by its value and
/// showing it as text; for more rows than lines can tell apart.
struct GridChart {
    struct Cell {
        var text: String
        /// 0...1: how dark; nil leaves the cell blank.
        var shade: Double?
        var source: Source?
        /// Drawn with a heavy outline and its text bold: a value to look at.
        var isFlagged = false
    }

    var rowLabels: [String]
    /// Where each row's label comes from.
    var rowSources: [Source?] = []
    var columnLabels: [String]
    /// `cells[row][column]`.
    var cells: [[Cell]]
    var rowTitle: String
    var columnTitle: String
    /// What the darkness and an outline mean, under the grid.
    var key: String
    var width: Double = 720
    var rowHeight: Double = 20

    func draw(id: String) -> SVG {
        let labelWidth = min(200, max(70, (rowLabels.map { RowChart.textWidth($0) }.max() ?? 0) + 14))
        let top: Double = 52
        let columnWidth = max(44, min(110, (width - labelWidth - 10) / Double(max(1, columnLabels.count))))
        let gridWidth = columnWidth * Double(columnLabels.count)
        let height = top + Double(rowLabels.count) * rowHeight + 30
        var svg = SVG(width: max(labelWidth + gridWidth + 10, labelWidth + RowChart.textWidth(key, size: 10) + 12, 320), height: height)
        svg.text(columnTitle, x: labelWidth + gridWidth / 2, y: 14, anchor: .middle, class: "axis-title")
        svg.text(rowTitle, x: labelWidth - 8, y: top - 8, anchor: .end, class: "axis-title")
        for (index, label) in columnLabels.enumerated() {
            svg.text(label, x: labelWidth + (Double(index) + 0.5) * columnWidth, y: top - 8, anchor: .middle, class: "tick")
        }
        for (row, label) in rowLabels.enumerated() {
            let y = top + Double(row) * rowHeight
            svg.text(label, x: labelWidth - 8, y: y + rowHeight / 2 + 4, anchor: .end, class: "label",
                     source: row < rowSources.count ? rowSources[row] : nil)
            for (column, cell) in cells[row].enumerated() {
                let x = labelWidth + Double(column) * columnWidth
                if let shade = cell.shade {
                    svg.rect(x: x, y: y, width: columnWidth, height: rowHeight, class: "cell", fill: HeatMap.shade(shade * 0.85))
                }
                if cell.isFlagged {
                    svg.rect(x: x + 1.5, y: y + 1.5, width: columnWidth - 3, height: rowHeight - 3, class: "outline")
                }
                svg.text(cell.text, x: x + columnWidth / 2, y: y + rowHeight / 2 + 4, anchor: .middle,
                         class: ((cell.shade ?? 0) * 0.85 > 0.55 ? "value on-dark" : "value") + (cell.isFlagged ? " flag-text" : ""),
                         source: cell.source)
            }
        }
        svg.text(key, x: labelWidth, y: height - 10, class: "small explain")
        return svg
    }
}
