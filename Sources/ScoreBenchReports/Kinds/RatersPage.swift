import ScoringCore
import ScoringService

/// `report raters --task T`: `rasch` (the ruler, severity, fit, fair averages) and `monitor`
/// (agreement with co-raters per week).
enum RatersPage {
    /// Raters per chart: more would not fit one printed page.
    static let raterRowsPerChart = 40
    /// Up to this many raters, the ruler names each one; beyond, it counts them per band.
    static let namedRaters = 30
    /// Up to this many raters, agreement over time is a line per rater; beyond, a grid.
    static let ratersAsLines = 8

    /// The page, and how many students' reads it measures.
    static func make(task id: String, component: String?, context: Context) throws -> (page: Page, students: Int) {
        let service = context.service
        // Exactly what `rasch` and `monitor` (its default window of 7 days) compute.
        let measurement = try service.rasch(task: id, component: component)
        let monitor = try service.monitor(task: id, component: component, days: 7)
        let scope = Context.scope(task: measurement.task, component: component)
        let rasch = "rasch \(scope)", monitoring = "monitor \(scope)"
        let analysis = measurement.analysis
        let rubric = measurement.rubric

        var sections: [Page.Section] = []
        sections.append(Page.Section("The rater ruler", [.figure(ruler(measurement, command: rasch))]))

        // Raters ordered as FACETS lists them: harshest first.
        let order = analysis.raters.elements.indices.sorted { a, b in
            let x = analysis.raters.elements[a], y = analysis.raters.elements[b]
            return (rank(x), -(x.measure ?? 0), x.id) < (rank(y), -(y.measure ?? 0), y.id)
        }
        let chunks = stride(from: 0, to: order.count, by: raterRowsPerChart).map { Array(order[$0..<min($0 + raterRowsPerChart, order.count)]) }
        var severity: [Page.Block] = [], fit: [Page.Block] = [], fair: [Page.Block] = []
        for (number, chunk) in chunks.enumerated() {
            let part = chunks.count > 1 ? " (raters \(number * raterRowsPerChart + 1)–\(number * raterRowsPerChart + chunk.count) of \(order.count), harshest first)" : ""
            let suffix = chunks.count > 1 ? "-\(number + 1)" : ""
            severity.append(.figure(severityFigure(analysis, chunk, id: "severity" + suffix, part: part, command: rasch)))
            fit.append(.figure(fitFigure(analysis, chunk, id: "fit" + suffix, part: part, command: rasch)))
            fair.append(.figure(fairFigure(analysis, chunk, rubric: rubric, id: "fair" + suffix, part: part, command: rasch)))
        }
        sections.append(Page.Section("Rater severity", severity))
        sections.append(Page.Section("How well each rater fits the model", fit))
        sections.append(Page.Section("Fair averages", fair))
        sections.append(Page.Section("Agreement with co-raters over time", agreementOverTime(monitor, command: monitoring)))
        let page = Page(
            title: "Raters on one ruler", subtitle: "\(measurement.scope) — \(try service.task(id).title) · rubric \(rubric.id)",
            meta: context.meta,
            introduction: [
                "A many-facet Rasch analysis of the current operational reads puts students (ability), raters (severity) and "
                    + "criteria (difficulty) on one logit scale, so a harsh or lenient rater shows even when raters read "
                    + "different students. A fair average is the score a rater would give an average student on an average criterion.",
                "Agreement over time compares each rater's scores with their co-raters' scores of the same work, week by week, "
                    + "and flags a rater whose latest week falls below the rubric's calibration thresholds.",
            ],
            sections: sections)
        return (page, measurement.analysis.students.elements.count)
    }

    /// Measured raters first, then extreme ones.
    static func rank(_ element: RaschElement) -> Int {
        switch element.extreme {
        case .maximum: 0
        case nil: 1
        case .minimum: 2
        case .noObservationsLeft: 3
        }
    }

    static func said(_ extreme: ExtremeScore?) -> String {
        switch extreme {
        case .minimum: "extreme: every score the lowest"
        case .maximum: "extreme: every score the highest"
        case .noObservationsLeft: "no observations left"
        case nil: ""
        }
    }

    // MARK: - The ruler

    static func ruler(_ measurement: RaschMeasurement, command: String) -> Figure {
        let analysis = measurement.analysis
        let students = analysis.students.elements, raters = analysis.raters.elements, criteria = analysis.criteria.elements
        let measures = (students + raters + criteria).compactMap(\.measure) + analysis.thresholds.map(\.threshold)
        let lowest = measures.min() ?? -1, highest = measures.max() ?? 1
        let span = max(highest - lowest, 1)
        // Bands of a quarter, half, whole… logit: at most 36 of them.
        let width = [0.25, 0.5, 1, 2, 5].first { span / $0 <= 34 } ?? 10
        let low = (lowest / width).rounded(.down) * width - width, high = (highest / width).rounded(.down) * width + 2 * width

        func bins(_ elements: [RaschElement]) -> [WrightMapChart.Bin] {
            var counts = Array(repeating: 0, count: Int(((high - low) / width).rounded()))
            for element in elements {
                guard let measure = element.measure else { continue }
                let index = Int(((measure - low) / width).rounded(.down))
                if counts.indices.contains(index) { counts[index] += 1 }
            }
            return counts.enumerated().map { index, count in
                WrightMapChart.Bin(low: low + Double(index) * width, high: low + Double(index + 1) * width, count: count)
            }
        }
        let studentBins = bins(students)
        let above = students.filter { $0.extreme == .maximum }.count, below = students.filter { $0.extreme == .minimum }.count
        var columns: [(title: String, column: WrightMapChart.Column)] = [
            ("Students", .histogram(studentBins, above: above, below: below, source: Pointer.root / "students" / "elements")),
        ]
        let raterBins = bins(raters)
        if raters.count > namedRaters {
            let rAbove = raters.filter { $0.extreme == .maximum }.count, rBelow = raters.filter { $0.extreme == .minimum }.count
            columns.append(("Raters", .histogram(raterBins, above: rAbove, below: rBelow, source: Pointer.root / "raters" / "elements")))
        } else {
            let markers = raters.enumerated().compactMap { index, rater in
                rater.measure.map { WrightMapChart.Marker(id: rater.id, measure: $0, source: .json(Pointer.root / "raters" / "elements" / index / "id")) }
            }
            columns.append(("Raters", .markers(markers, shape: .diamond, series: 1)))
        }
        let criterionMarkers = criteria.enumerated().compactMap { index, criterion in
            criterion.measure.map { WrightMapChart.Marker(id: criterion.id, measure: $0, source: .json(Pointer.root / "criteria" / "elements" / index / "id")) }
        }
        columns.append(("Criteria", .markers(criterionMarkers, shape: .square, series: 0)))
        let thresholds = analysis.thresholds.enumerated().map { index, threshold in
            WrightMapChart.Marker(
                id: "\(threshold.level) \(measurement.rubric.label(for: threshold.level) ?? "")", measure: threshold.threshold,
                source: .json(Pointer.root / "thresholds" / index / "level"))
        }
        let chart = WrightMapChart(columns: columns, thresholds: thresholds, binWidth: width, low: low, high: high)

        let bandName = width == 1 ? "logit" : "\(Show.tick(width, step: width))-logit"
        var studentTable = NumbersTable(
            caption: "Students per \(bandName) band (from ≤ measure < to)",
            columns: [.init("from", numeric: true), .init("to", numeric: true), .init("students", numeric: true)])
        let pointer = Pointer.root / "students" / "elements"
        if above > 0 {
            studentTable.rows.append([Cell("maximum score"), Cell(""), Cell(Show.count(above), source: .derived("extreme-maximum", from: pointer), numeric: true)])
        }
        for bin in studentBins.reversed() where bin.count > 0 {
            studentTable.rows.append([
                Cell(Format.fixed(bin.low, places: 2), source: .derived("bin-edge", from: nil), numeric: true),
                Cell(Format.fixed(bin.high, places: 2), source: .derived("bin-edge", from: nil), numeric: true),
                Cell(Show.count(bin.count), source: .derived("histogram", from: pointer, detail: "\(bin.low) \(bin.high)"), numeric: true),
            ])
        }
        if below > 0 {
            studentTable.rows.append([Cell("minimum score"), Cell(""), Cell(Show.count(below), source: .derived("extreme-minimum", from: pointer), numeric: true)])
        }
        var placed = NumbersTable(caption: "Raters, criteria and thresholds (logits)", columns: [.init("facet"), .init("id"), .init("measure", numeric: true)])
        if raters.count > namedRaters {
            placed.rows.append([Cell("raters"), Cell("see Rater severity"), Cell("")])
        } else {
            for (index, rater) in raters.enumerated() {
                let at = Pointer.root / "raters" / "elements" / index
                placed.rows.append([Cell("rater"), Cell.name(rater.id, at: at / "id"), Cell.measure(rater.measure, at: at / "measure")])
            }
        }
        for (index, criterion) in criteria.enumerated() {
            let at = Pointer.root / "criteria" / "elements" / index
            placed.rows.append([Cell("criterion"), Cell.name(criterion.id, at: at / "id"), Cell.measure(criterion.measure, at: at / "measure")])
        }
        for (index, threshold) in analysis.thresholds.enumerated() {
            let at = Pointer.root / "thresholds" / index
            placed.rows.append([Cell("threshold"), Cell(String(threshold.level), source: .json(at / "level"), rowHeader: true),
                                Cell.measure(threshold.threshold, at: at / "threshold")])
        }
        return Figure(
            id: "ruler", title: "Students, raters and criteria on one logit ruler (Wright map)", command: command, chart: chart.draw(id: "ruler"),
            description: "A vertical logit scale. Left, a histogram of \(Show.count(students.count)) students by ability; then the raters by "
                + "severity and the criteria by difficulty; right, the rubric's thresholds. Higher means a more able student, a harsher "
                + "rater, a harder criterion. The counts and measures are in the tables.",
            tables: [studentTable, placed],
            notes: [
                "A rater high on the ruler is harsh: an average student gets lower scores from them. Students at the minimum or maximum "
                    + "possible score have no measure and are counted above or below the ruler.",
            ])
    }

    // MARK: - Severity, fit, fair averages

    static func severityFigure(_ analysis: RaschAnalysis, _ chunk: [Int], id: String, part: String, command: String) -> Figure {
        var rows: [RowChart.Row] = []
        var table = NumbersTable(columns: [.init("rater"), .init("severity", numeric: true), .init("SE", numeric: true), .init("reads × criteria", numeric: true)])
        for index in chunk {
            let rater = analysis.raters.elements[index]
            let at = Pointer.root / "raters" / "elements" / index
            var row = RowChart.Row(rater.id, source: .json(at / "id"))
            if let measure = rater.measure {
                if let se = rater.standardError { row.marks.append(.interval(measure - se, measure + se)) }
                row.marks.append(.point(measure, .diamond, series: 1))
            } else {
                row.missing = "— " + said(rater.extreme)
            }
            rows.append(row)
            table.rows.append([Cell.name(rater.id, at: at / "id"), Cell.measure(rater.measure, at: at / "measure"),
                               Cell.measure(rater.standardError, at: at / "se"), Cell.count(rater.count, at: at / "count")])
        }
        var chart = RowChart(rows: rows, axisTitle: "Severity in logits (higher: harsher)")
        chart.include = [0]
        chart.references = [RowChart.Reference(value: 0, label: "average rater", source: nil, isDashed: false)]
        chart.legend = [
            RowChart.LegendEntry(shape: .diamond, series: 1, label: "severity"),
            RowChart.LegendEntry(shape: nil, series: 6, isInterval: true, label: "± 1 standard error"),
        ]
        let separation = analysis.raters.separation, reliability = analysis.raters.reliability
        var facetTable = NumbersTable(columns: [.init("raters"), .init("separation", numeric: true), .init("reliability", numeric: true)])
        facetTable.rows = [[Cell("all measured"), Cell.measure(separation, at: Pointer.root / "raters" / "separation"),
                            Cell.coefficient(reliability, at: Pointer.root / "raters" / "reliability")]]
        return Figure(
            id: id, title: "Rater severity with standard errors" + part, command: command, chart: chart.draw(id: id),
            description: "Dot plot of each rater's severity in logits, harshest at the top, with a line of one standard error either side. "
                + "Raters are centred on 0, the average rater.",
            tables: [table, facetTable],
            notes: ["Separation and reliability: how well the raters' severities are told apart (a high reliability means raters really differ in severity, which is a problem, not a merit)."])
    }

    static func fitFigure(_ analysis: RaschAnalysis, _ chunk: [Int], id: String, part: String, command: String) -> Figure {
        var rows: [RowChart.Row] = []
        var table = NumbersTable(columns: [.init("rater"), .init("infit", numeric: true), .init("outfit", numeric: true)])
        for index in chunk {
            let rater = analysis.raters.elements[index]
            let at = Pointer.root / "raters" / "elements" / index
            var row = RowChart.Row(rater.id, source: .json(at / "id"))
            if let infit = rater.infit { row.marks.append(.point(infit, .circle, series: 0)) }
            if let outfit = rater.outfit { row.marks.append(.point(outfit, .triangle, series: 1)) }
            if rater.infit == nil, rater.outfit == nil { row.missing = "— " + said(rater.extreme) }
            let worst = [rater.infit, rater.outfit].compactMap { $0 }
            if worst.contains(where: { $0 > 1.5 }) {
                row.annotation = "erratic"
                row.isFlagged = true
            } else if worst.contains(where: { $0 < 0.5 }) {
                row.annotation = "too predictable"
                row.isFlagged = true
            }
            rows.append(row)
            table.rows.append([Cell.name(rater.id, at: at / "id"), Cell.measure(rater.infit, at: at / "infit"), Cell.measure(rater.outfit, at: at / "outfit")])
        }
        var chart = RowChart(rows: rows, axisTitle: "Mean-square fit (1 = as the model expects)")
        chart.include = [0, 2]
        chart.band = (0.5, 1.5, "0.5 to 1.5: productive for measurement")
        chart.references = [RowChart.Reference(value: 1, label: "expected", source: nil, isDashed: false)]
        chart.legend = [
            RowChart.LegendEntry(shape: .circle, series: 0, label: "infit"),
            RowChart.LegendEntry(shape: .triangle, series: 1, label: "outfit"),
            RowChart.LegendEntry(shape: nil, series: 6, label: "productive range", swatch: "band"),
        ]
        return Figure(
            id: id, title: "Rater fit: infit and outfit mean-squares" + part, command: command, chart: chart.draw(id: id),
            description: "For each rater, infit (circle) and outfit (triangle) mean-squares on one scale. The shaded band from 0.5 to 1.5 is "
                + "productive for measurement; above it a rater's scores are erratic, below it too predictable (e.g. always the middle level).",
            tables: [table])
    }

    static func fairFigure(_ analysis: RaschAnalysis, _ chunk: [Int], rubric: Rubric, id: String, part: String, command: String) -> Figure {
        var rows: [RowChart.Row] = []
        var table = NumbersTable(columns: [.init("rater"), .init("observed average", numeric: true), .init("fair average", numeric: true)])
        for index in chunk {
            let rater = analysis.raters.elements[index]
            let at = Pointer.root / "raters" / "elements" / index
            var row = RowChart.Row(rater.id, source: .json(at / "id"))
            row.marks.append(.point(rater.observedAverage, .circle, series: 6, hollow: true))
            if let fair = rater.fairAverage { row.marks.append(.point(fair, .diamond, series: 2)) }
            rows.append(row)
            table.rows.append([Cell.name(rater.id, at: at / "id"), Cell.score(rater.observedAverage, at: at / "observed_average"),
                               Cell.score(rater.fairAverage, at: at / "fair_average")])
        }
        var chart = RowChart(rows: rows, axisTitle: "Score on the rubric's scale")
        chart.domain = (Double(rubric.lowestScore), Double(rubric.highestScore))
        chart.legend = [
            RowChart.LegendEntry(shape: .circle, series: 6, hollow: true, label: "observed average"),
            RowChart.LegendEntry(shape: .diamond, series: 2, label: "fair average (average student, average criterion)"),
        ]
        return Figure(
            id: id, title: "Observed and fair average scores" + part, command: command, chart: chart.draw(id: id),
            description: "For each rater, the average score they gave (hollow circle) and their fair average (diamond): the score they would give an "
                + "average student on an average criterion. A gap between the two means the rater read stronger or weaker work than others.",
            tables: [table])
    }

    // MARK: - Agreement over time

    static func agreementOverTime(_ monitor: MonitorResult, command: String) -> [Page.Block] {
        guard !monitor.rows.isEmpty else {
            return [.notice("No rater has operational reads of this task yet.")]
        }
        // Oldest first: window 0 is the latest.
        let windows = Array(Set(monitor.rows.map(\.window))).sorted(by: >)
        let labels = windows.map { window -> String in
            let span = monitor.windows.window(window)
            return String(span.from.dropFirst(5)) + "–" + String(span.to.dropFirst(5))
        }
        let raters = Array(Set(monitor.rows.map(\.rater))).sorted { monitor.raters[Int($0)] < monitor.raters[Int($1)] }
        var rowIndex: [String: Int] = [:]
        var firstRow: [Int32: Int] = [:]
        for (index, row) in monitor.rows.enumerated() {
            rowIndex["\(row.rater)/\(row.window)"] = index
            if firstRow[row.rater] == nil { firstRow[row.rater] = index }
        }
        let thresholds = monitor.rubric.calibration
        var thresholdTable = NumbersTable(columns: [.init("threshold"), .init("share", numeric: true)])
        thresholdTable.rows = [
            [Cell("exact"), Cell.share(thresholds.exact, at: Pointer.root / "exact_threshold")],
            [Cell("within one"), Cell.share(thresholds.withinOne, at: Pointer.root / "within_one_threshold")],
        ]
        let drifting = monitor.rows.filter(\.drift).map { monitor.raters[Int($0.rater)] }
        var notes = ["Windows are 7 whole days counted back from the day of the latest read. DRIFT: the rater's latest window with "
            + "comparisons is below a threshold — send them back to calibration."]
        if drifting.isEmpty { notes.append("No rater's latest window is below the thresholds.") }
        let title = "Exact agreement with co-raters, week by week"

        guard raters.count > ratersAsLines else {
            // Few raters: a line each, and every figure of every week in the table.
            var table = NumbersTable(columns: [
                .init("rater"), .init("from"), .init("to"), .init("reads", numeric: true), .init("scores compared", numeric: true),
                .init("exact", numeric: true), .init("within one", numeric: true), .init("mean difference", numeric: true), .init("drift"),
            ])
            for (index, row) in monitor.rows.enumerated() {
                let at = Pointer.root / "rows" / index
                let span = monitor.windows.window(row.window)
                table.rows.append([
                    Cell.name(monitor.raters[Int(row.rater)], at: at / "rater"), Cell.text(span.from, at: at / "from"), Cell.text(span.to, at: at / "to"),
                    Cell.count(row.reads, at: at / "reads"), Cell.count(row.comparison.comparisons, at: at / "comparisons"),
                    Cell.share(row.comparison.exact, at: at / "exact"), Cell.share(row.comparison.withinOne, at: at / "within_one"),
                    Cell.difference(row.comparison.meanDifference, at: at / "mean_difference"),
                    Cell(row.drift ? "DRIFT" : "", source: .json(at / "drift"), classes: row.drift ? ["flag"] : []),
                ])
            }
            let series = raters.map { rater in
                LineChart.Series(
                    name: monitor.raters[Int(rater)] + (monitor.rows.contains { $0.rater == rater && $0.drift } ? " — DRIFT" : ""),
                    values: windows.map { window in rowIndex["\(rater)/\(window)"].flatMap { monitor.rows[$0].comparison.exact } },
                    sources: windows.map { window in rowIndex["\(rater)/\(window)"].map { Source.json(Pointer.root / "rows" / $0 / "exact") } },
                    nameSource: firstRow[rater].map { .json(Pointer.root / "rows" / $0 / "rater") })
            }
            var chart = LineChart(steps: labels, series: series, axisTitle: "Week (from–to)", valueTitle: "Exact agreement", domain: (0, 1))
            chart.percent = true
            chart.references = [LineChart.Reference(value: thresholds.exact, label: "exact threshold \(Format.share(thresholds.exact))",
                                                    source: .json(Pointer.root / "exact_threshold"))]
            return [.figure(Figure(
                id: "over-time", title: title, command: command, chart: chart.draw(id: "over-time"),
                description: "One line per rater of the share of their scores equal to a co-rater's score of the same work, week by week, "
                    + "each rater with their own marker; the dashed line is the rubric's exact threshold.",
                tables: [table, thresholdTable], notes: notes, tableBeside: false))]
        }

        // Many raters: grids of 40 raters by week, each with its table, a row per rater.
        var blocks: [Page.Block] = []
        let chunks = stride(from: 0, to: raters.count, by: raterRowsPerChart).map { Array(raters[$0..<min($0 + raterRowsPerChart, raters.count)]) }
        for (number, chunk) in chunks.enumerated() {
            var table = NumbersTable(
                caption: "Exact agreement per rater and week; every figure per rater and week is in \(command)",
                columns: [.init("rater")] + labels.map { .init($0, numeric: true) } + [.init("drift")])
            for rater in chunk {
                var row = [Cell.name(monitor.raters[Int(rater)], at: firstRow[rater].map { Pointer.root / "rows" / $0 / "rater" })]
                var drift: Int?
                for window in windows {
                    if let index = rowIndex["\(rater)/\(window)"] {
                        row.append(Cell.share(monitor.rows[index].comparison.exact, at: Pointer.root / "rows" / index / "exact"))
                        if monitor.rows[index].drift { drift = index }
                    } else {
                        row.append(Cell(""))
                    }
                }
                row.append(drift.map { Cell("DRIFT", source: .json(Pointer.root / "rows" / $0 / "drift"), classes: ["flag"]) } ?? Cell(""))
                table.rows.append(row)
            }
            let cells = chunk.map { rater in
                windows.map { window -> GridChart.Cell in
                    guard let index = rowIndex["\(rater)/\(window)"] else { return GridChart.Cell(text: "", shade: nil) }
                    let row = monitor.rows[index]
                    return GridChart.Cell(
                        text: row.comparison.exact.map(Format.share) ?? Show.undefined, shade: row.comparison.exact,
                        source: .json(Pointer.root / "rows" / index / "exact"), isFlagged: row.drift)
                }
            }
            let chart = GridChart(
                rowLabels: chunk.map { monitor.raters[Int($0)] },
                rowSources: chunk.map { rater in firstRow[rater].map { .json(Pointer.root / "rows" / $0 / "rater") } },
                columnLabels: labels, cells: cells, rowTitle: "rater",
                columnTitle: "Week (from–to)", key: "Darker: higher exact agreement. Outlined and bold: drifting (latest week below a threshold).")
            let id = chunks.count > 1 ? "over-time-\(number + 1)" : "over-time"
            let part = chunks.count > 1 ? " (raters \(number * raterRowsPerChart + 1)–\(number * raterRowsPerChart + chunk.count) of \(raters.count))" : ""
            blocks.append(.figure(Figure(
                id: id, title: title + part, command: command, chart: chart.draw(id: id),
                description: "A grid of raters by week; each cell gives the share of the rater's scores equal to a co-rater's score of the same work "
                    + "that week, darker for higher, with drifting raters' latest weeks outlined.",
                tables: number == 0 ? [table, thresholdTable] : [table], notes: number == 0 ? notes : [], tableBeside: false)))
        }
        return blocks
    }
}
