import ScoringCore
import ScoringService

/// `report calibration --session NAME`: `calibration report NAME`, drawn; refused for a rater
/// while the session is open, exactly as the command is (the service refuses).
enum CalibrationPage {
    static func make(session name: String, context: Context) throws -> Page {
        let service = context.service
        let (session, report, rubric) = try service.calibrationReport(name)
        let command = "calibration report \(session.name)"
        let show = "session show \(session.name)"
        let exactReference = RowChart.Reference(
            value: session.exact, label: "exact ≥ \(Format.share(session.exact))", source: .json(Pointer.root / "exact", command: show))
        let withinReference = RowChart.Reference(
            value: session.withinOne, label: "within one ≥ \(Format.share(session.withinOne))", source: .json(Pointer.root / "within_one", command: show))

        // Each rater against the thresholds.
        var rows: [RowChart.Row] = []
        var table = NumbersTable(columns: [
            .init("rater"), .init("anchors scored", numeric: true), .init("exact", numeric: true), .init("within one", numeric: true),
            .init("bias", numeric: true), .init("qualified"),
        ])
        for (index, rater) in report.raters.enumerated() {
            let at = Pointer.root / "raters" / index
            var row = RowChart.Row(rater.rater, source: .json(at / "rater"), annotation: rater.qualified ? "qualified" : "not qualified", isFlagged: !rater.qualified)
            if let exact = rater.exact { row.marks.append(.point(exact, .circle, series: 0)) }
            if let within = rater.withinOne { row.marks.append(.point(within, .triangle, series: 1)) }
            if rater.exact == nil { row.missing = "— no scores compared" }
            rows.append(row)
            table.rows.append([
                Cell.name(rater.rater, at: at / "rater"), Cell.count(rater.anchors, at: at / "anchors"), Cell.share(rater.exact, at: at / "exact"),
                Cell.share(rater.withinOne, at: at / "within_one"), Cell.difference(rater.bias, at: at / "bias"),
                Cell.yesNo(rater.qualified, at: at / "qualified"),
            ])
        }
        var chart = RowChart(rows: rows, axisTitle: "Share of the rater's scores")
        chart.domain = (0, 1)
        chart.percent = true
        chart.references = [exactReference, withinReference]
        chart.legend = [
            RowChart.LegendEntry(shape: .circle, series: 0, label: "exact (equal to the master)"),
            RowChart.LegendEntry(shape: .triangle, series: 1, label: "within one point"),
        ]
        var thresholds = NumbersTable(caption: "The session's thresholds", columns: [.init("threshold"), .init("share", numeric: true)])
        thresholds.rows = [
            [Cell("exact"), Cell(Show.share(session.exact), source: .json(Pointer.root / "exact", command: show), numeric: true)],
            [Cell("within one"), Cell(Show.share(session.withinOne), source: .json(Pointer.root / "within_one", command: show), numeric: true)],
        ]
        let raters = Figure(
            id: "raters", title: "Each rater against the thresholds", command: command, chart: chart.draw(id: "raters"),
            description: "For each rater, the share of their scores equal to the master score (circle) and within one point of it (triangle), "
                + "with the session's two thresholds as dashed lines; each row says whether the rater qualified.",
            tables: [table, thresholds],
            notes: ["Qualified: scored every anchor of the session and reached both thresholds. Bias: the mean of (rater − master); "
                + "above 0 the rater scores higher than the masters."])

        // Bias.
        var biasRows: [RowChart.Row] = []
        for (index, rater) in report.raters.enumerated() {
            var row = RowChart.Row(rater.rater, source: .json(Pointer.root / "raters" / index / "rater"))
            if let bias = rater.bias {
                row.marks.append(.bar(to: bias, series: bias < 0 ? 1 : 0, label: "\(rater.rater): \(Format.difference(bias))"))
                row.annotation = bias > 0 ? "higher" : (bias < 0 ? "lower" : "even")
            } else {
                row.missing = "— no scores compared"
            }
            biasRows.append(row)
        }
        var biasChart = RowChart(rows: biasRows, axisTitle: "Mean of (rater score − master score), in score points")
        biasChart.include = [-1, 1, 0]
        biasChart.references = [RowChart.Reference(value: 0, label: "as the masters", source: nil, isDashed: false)]
        var biasTable = NumbersTable(columns: [.init("rater"), .init("bias", numeric: true)])
        biasTable.rows = report.raters.enumerated().map { index, rater in
            [Cell.name(rater.rater, at: Pointer.root / "raters" / index / "rater"), Cell.difference(rater.bias, at: Pointer.root / "raters" / index / "bias")]
        }
        let bias = Figure(
            id: "bias", title: "Scoring higher or lower than the masters", command: command, chart: biasChart.draw(id: "bias"),
            description: "A bar per rater from 0 to their mean difference from the master scores: right (and labelled higher) when they "
                + "score above the masters, left (lower) when below.",
            tables: [biasTable])

        // Anchors, most disagreed-upon first.
        let levels = rubric.scores
        let fills: [Fill] = levels.indices.map { Fill.distinct($0) }
        var anchorRows: [StackedBars.Row] = []
        var anchorTable = NumbersTable(columns: [.init("anchor"), .init("criterion"), .init("master", numeric: true)]
            + levels.map { .init("gave \($0)", numeric: true) } + [.init("exact", numeric: true), .init("rationale")])
        var most = 1
        for (index, anchor) in report.anchors.enumerated() {
            let at = Pointer.root / "anchors" / index
            let counts = Dictionary(anchor.scores.map { ($0.score, $0.count) }, uniquingKeysWith: +)
            most = max(most, counts.values.reduce(0, +))
            anchorRows.append(StackedBars.Row(
                label: "\(anchor.student) · \(anchor.criterion)", labelSource: .json(at / "student"),
                segments: levels.enumerated().map { kind, level in
                    StackedBars.Segment(
                        value: Double(counts[level] ?? 0), kind: kind, text: counts[level].map { Show.count($0) },
                        source: .json(at / "scores" / String(level)), isMarked: level == anchor.master)
                },
                annotation: anchor.exact.map { $0 >= 1 - 1e-9 ? "all matched" : ($0 == 0 ? "none matched" : nil) } ?? "no scores yet"))
            anchorTable.rows.append([
                Cell.name(anchor.student, at: at / "student"), Cell.text(anchor.criterion, at: at / "criterion"),
                Cell(String(anchor.master), source: .json(at / "master"), numeric: true),
            ] + levels.map { Cell.count(counts[$0] ?? 0, at: at / "scores" / String($0)) }
                + [Cell.share(anchor.exact, at: at / "exact"), Cell.text(anchor.rationale ?? "", at: anchor.rationale == nil ? nil : at / "rationale")])
        }
        var blocks: [Page.Block] = [.figure(raters), .figure(bias)]
        if report.anchors.isEmpty {
            blocks.append(.notice("The session has no anchors with master scores yet."))
        } else {
            var anchorChart = StackedBars(
                rows: anchorRows, legend: levels.enumerated().map { (fills[$0.offset], "gave \($0.element) \(rubric.label(for: $0.element) ?? "")") },
                axisTitle: "Raters giving each score", total: Double(most))
            anchorChart.percent = false
            anchorChart.markedLabel = "the master score"
            blocks.append(.figure(Figure(
                id: "anchors", title: "Anchors by disagreement, most disagreed-upon first", command: command,
                chart: anchorChart.draw(id: "anchors"),
                description: "For each anchor and criterion, a bar split by how many raters gave each score, the master score's segment outlined; "
                    + "the anchors raters agreed with least come first: discuss them first.",
                tables: [anchorTable], tableBeside: false)))
        }
        let state = session.isOpen ? "open" : "closed \(String(session.closedAt?.description.prefix(10) ?? ""))"
        return Page(
            title: "Calibration session \(session.name)",
            subtitle: "\(ScoringService.what(session)) · rubric \(rubric.id) · \(state)", meta: context.meta,
            introduction: [
                "Raters scored the session's anchors blind; each score is compared with the anchor's master (consensus) score. "
                    + "A rater qualifies by scoring every anchor and reaching both thresholds."
                    + (session.isOpen ? " The session is still open: this page is for leads until it closes." : ""),
            ],
            sections: [Page.Section("Raters", blocks.prefix(2).map { $0 }), Page.Section("Anchors", Array(blocks.dropFirst(2)))])
    }
}
