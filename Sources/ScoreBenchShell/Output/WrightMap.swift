import Foundation
import ScoringCore
import ScoringService

/// The vertical ruler of a Rasch analysis (a Wright map) as text: logits down the side, and
/// students, raters and criteria placed on that one scale, with the rubric level an average
/// rater is expected to give on an average criterion at each height.
///
/// Each row is one step of the scale (a quarter logit up to ten logits, whatever keeps the map
/// within 30 rows); an element sits on the row nearest its measure, highest first. Extreme
/// elements, which have no measure, sit on a `max` row above and a `min` row below. Ids that do
/// not fit a column's width continue on the next line; a facet that would need more than
/// `mostLines` lines for one row shows a star per element (or per few elements), FACETS-style.
struct WrightMap {
    /// The widest line, indentation included.
    static let width = 100
    static let indent = "  "
    static let mostRows = 30
    /// The most lines one row may take before a facet turns to stars.
    static let mostLines = 3
    /// A facet shown as stars gets at most this many per row.
    static let mostStars = 25

    let measurement: RaschMeasurement

    init(_ measurement: RaschMeasurement) {
        self.measurement = measurement
    }

    private struct Column {
        var title: String
        var noun: (one: String, many: String)
        /// Per row, top first, the ids on it (highest measure first).
        var rows: [[String]]
        var maximum: [String]
        var minimum: [String]
        /// Elements per star, or nil to show ids.
        var perStar: Int?
        /// The width the column is laid out in.
        var width = 0

        var allRows: [[String]] { rows + [maximum, minimum] }
        var mostOnARow: Int { allRows.map(\.count).max() ?? 0 }
        /// The width that shows every row on one line.
        var natural: Int { allRows.map(oneLineWidth).reduce(title.count, max) }
        /// The narrowest width that shows every id whole.
        var narrowest: Int { perStar == nil ? allRows.joined().map(\.count).reduce(title.count, max) : natural }

        /// The width of one row's cell on one line, counted without building it (a row of
        /// 100,000 students is measured before it turns into stars).
        func oneLineWidth(_ ids: [String]) -> Int {
            if let perStar { return (ids.count + perStar - 1) / perStar }
            return ids.reduce(max(0, ids.count - 1)) { $0 + $1.count }
        }

        /// One row's cell as lines of at most `width` characters (one line of stars).
        func lines(_ ids: [String], width: Int) -> [String] {
            if let perStar { return [String(repeating: "*", count: (ids.count + perStar - 1) / perStar)] }
            var lines: [String] = []
            var length = 0
            for id in ids {
                let idLength = id.count
                if !lines.isEmpty, length + 1 + idLength <= width {
                    lines[lines.count - 1] += " " + id
                    length += 1 + idLength
                } else {
                    lines.append(id)
                    length = idLength
                }
            }
            return lines.isEmpty ? [""] : lines
        }

        mutating func useStars() {
            perStar = max(1, (mostOnARow + WrightMap.mostStars - 1) / WrightMap.mostStars)
            width = natural
        }
    }

    var text: String {
        let analysis = measurement.analysis
        let facets = [analysis.students, analysis.raters, analysis.criteria]
        let zones = measurement.scaleZones
        let measures = facets.flatMap { $0.elements.compactMap(\.measure) }
        let values = measures + zones.map(\.from)
        guard !measures.isEmpty, let low = values.min(), let high = values.max() else { return "" }
        let step = [0.25, 0.5, 1, 2, 5, 10].first { (high / $0).rounded() - (low / $0).rounded() + 3 <= Double(Self.mostRows) } ?? 10
        // A row beyond the outermost measure or zone boundary at each end shows the end levels.
        let top = Int((high / step).rounded()) + 1, bottom = Int((low / step).rounded()) - 1
        let rowCount = top - bottom + 1

        let nouns = [("student", "students"), ("rater", "raters"), ("criterion", "criteria")]
        var columns: [Column] = zip(facets, nouns).map { facet, noun in
            var rows = [[String]](repeating: [], count: rowCount)
            let placed = facet.elements.compactMap { element in element.measure.map { (element.id, $0) } }
                .sorted { ($1.1, $0.0) < ($0.1, $1.0) }
            for (id, measure) in placed { rows[top - Int((measure / step).rounded())].append(id) }
            return Column(
                title: noun.1, noun: noun, rows: rows, maximum: facet.elements.filter { $0.extreme == .maximum }.map(\.id),
                minimum: facet.elements.filter { $0.extreme == .minimum }.map(\.id))
        }

        let scores = measurement.rubric.scores
        let hasMaximum = columns.contains { !$0.maximum.isEmpty }, hasMinimum = columns.contains { !$0.minimum.isEmpty }
        let scale = scaleColumn(top: top, rows: rowCount, step: step, zones: zones, lowest: scores.first ?? 0)
        let labels = (0..<rowCount).map { Format.number(Double(top - $0) * step) }
        let logitWidth = (labels + ["logit", hasMaximum ? "max" : "", hasMinimum ? "min" : ""]).map(\.count).max() ?? 5
        let scaleWidth = (scale + ["scale", "(\(scores.last ?? 0))"]).map(\.count).max() ?? 5
        layOut(&columns, available: Self.width - Self.indent.count - logitWidth - scaleWidth - 3 * (columns.count + 1))

        func lines(_ label: String, _ cells: [[String]], _ scale: String) -> String {
            var text = ""
            for line in 0..<(cells.map(\.count).max() ?? 1) {
                let first = line == 0
                var parts = [String(repeating: " ", count: logitWidth - (first ? label.count : 0)) + (first ? label : "")]
                for (column, cell) in zip(columns, cells) {
                    let part = line < cell.count ? cell[line] : ""
                    parts.append(part + String(repeating: " ", count: max(0, column.width - part.count)))
                }
                parts.append(first ? scale : "")
                var joined = Self.indent + parts.joined(separator: " | ")
                while joined.hasSuffix(" ") { joined.removeLast() }
                text += joined + "\n"
            }
            return text
        }
        var text = "Ruler (a Wright map; logits)\n"
        text += lines("logit", columns.map { [$0.title] }, "scale")
        text += Self.indent + ([String(repeating: "-", count: logitWidth)] + columns.map { String(repeating: "-", count: $0.width) }
            + [String(repeating: "-", count: scaleWidth)]).joined(separator: "-+-") + "\n"
        if hasMaximum { text += lines("max", columns.map { $0.lines($0.maximum, width: $0.width) }, "(\(scores.last ?? 0))") }
        for row in 0..<rowCount { text += lines(labels[row], columns.map { $0.lines($0.rows[row], width: $0.width) }, scale[row]) }
        if hasMinimum { text += lines("min", columns.map { $0.lines($0.minimum, width: $0.width) }, "(\(scores.first ?? 0))") }
        text += Self.indent + "higher up: more able students, harsher raters, harder criteria; scale: the level expected from an\n"
        text += Self.indent + "average rater on an average criterion (--- where it changes)\n"
        if hasMaximum || hasMinimum { text += Self.indent + "max, min: extreme elements (every score the highest or lowest), which have no measure\n" }
        for column in columns {
            guard let perStar = column.perStar else { continue }
            text += Self.indent + "\(column.title): * = \(perStar == 1 ? "1 \(column.noun.one)" : "\(perStar) \(column.noun.many)")\n"
        }
        return text
    }

    /// Gives each column its width within `available`: every row on one line when that fits;
    /// else the widest columns narrow (never below their longest id) and their rows wrap; a
    /// facet that still does not fit, or would wrap a row onto more than `mostLines` lines, turns
    /// to stars, students first, then criteria, then raters.
    private func layOut(_ columns: inout [Column], available: Int) {
        for index in columns.indices { columns[index].width = columns[index].natural }
        for starred in [nil, 0, 2, 1] as [Int?] {
            if let starred { columns[starred].useStars() }
            var widths = columns.map(\.width)
            while widths.reduce(0, +) > available {
                let excess = widths.reduce(0, +) - available
                guard let widest = widths.indices.filter({ widths[$0] > columns[$0].narrowest }).max(by: { widths[$0] < widths[$1] })
                else { break }
                widths[widest] = max(columns[widest].narrowest, widths[widest] - excess)
            }
            let fits = widths.reduce(0, +) <= available && zip(columns, widths).allSatisfy { column, width in
                column.allRows.allSatisfy { column.lines($0, width: width).count <= Self.mostLines }
            }
            if fits || starred == 1 {
                for index in columns.indices { columns[index].width = widths[index] }
                return
            }
        }
    }

    /// The scale column, top row first: `---` on the row where the expected level changes, the
    /// level in the middle of the rows that expect it, blank elsewhere.
    private func scaleColumn(top: Int, rows rowCount: Int, step: Double, zones: [(level: Int, from: Double)], lowest: Int) -> [String] {
        let boundaries = Set(zones.map { Int(($0.from / step).rounded()) })
        var cells = [String](repeating: "", count: rowCount)
        var runs: [(level: Int, rows: [Int])] = []
        for row in 0..<rowCount {
            let index = top - row
            if boundaries.contains(index) {
                cells[row] = "---"
                runs.append((Int.min, []))
                continue
            }
            let value = Double(index) * step
            let level = zones.last { $0.from <= value }?.level ?? lowest
            if let last = runs.last, last.level == level {
                runs[runs.count - 1].rows.append(row)
            } else {
                runs.append((level, [row]))
            }
        }
        for run in runs where !run.rows.isEmpty {
            cells[run.rows[(run.rows.count - 1) / 2]] = String(run.level)
        }
        return cells
    }
}
