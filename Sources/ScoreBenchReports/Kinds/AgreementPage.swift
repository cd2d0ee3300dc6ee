import ScoringCore
import ScoringService

/// `report agreement --task T`: `irr --task T` per criterion, drawn.
enum AgreementPage {
    static let names: [AgreementCoefficient: String] = [
        .cohenKappa: "Cohen's kappa", .linearKappa: "Linear weighted kappa", .quadraticKappa: "Quadratic weighted kappa",
        .fleissKappa: "Fleiss' kappa", .alphaNominal: "Alpha, nominal", .alphaOrdinal: "Alpha, ordinal",
        .alphaInterval: "Alpha, interval", .alphaRatio: "Alpha, ratio",
        .icc1: "ICC(1,1)", .icc2: "ICC(2,1)", .icc3: "ICC(3,1)", .icc1k: "ICC(1,k)", .icc2k: "ICC(2,k)", .icc3k: "ICC(3,k)",
        .gwetAC1: "Gwet's AC1", .gwetAC2: "Gwet's AC2 (quadratic)",
    ]

    /// The coefficients under the heading of their family, in SPEC order.
    static let families: [(String, [AgreementCoefficient])] = [
        ("Kappas", [.cohenKappa, .linearKappa, .quadraticKappa, .fleissKappa]),
        ("Krippendorff's alphas", [.alphaNominal, .alphaOrdinal, .alphaInterval, .alphaRatio]),
        ("Intraclass correlations", [.icc1, .icc2, .icc3, .icc1k, .icc2k, .icc3k]),
        ("Gwet's agreement coefficients", [.gwetAC1, .gwetAC2]),
    ]

    static func make(task id: String, component: String?, context: Context) throws -> Page {
        let service = context.service
        let task = try service.task(id)
        // Exactly what `irr --task T [--component C]` computes.
        let data = try service.agreement(task: id, component: component, criterion: nil, raters: nil)
        let results = service.analyze(data)
        let command = "irr " + Context.scope(task: task.id, component: component)
        var rubrics: [String: Rubric] = [:]
        for part in task.components { rubrics[part.id] = try? service.component(part.id, of: task).1 }

        var sections: [Page.Section] = [Page.Section("Agreement by criterion", [.figure(shares(data, results, command: command))])]
        let coded = data.coded.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        if !coded.isEmpty {
            sections[0].blocks.append(.table(
                NumbersTable(
                    caption: "Reads with a condition code (blank, off-topic…) have no scores and are left out of every statistic",
                    columns: [.init("component"), .init("coded reads", numeric: true)],
                    rows: coded.map { component, count in
                        let index = data.criteria.firstIndex { $0.component == component } ?? 0
                        return [Cell.name(component, at: Pointer.root / index / "component"), Cell.count(count, at: Pointer.root / index / "coded")]
                    }),
                command: command))
        }
        for (index, (criterion, result)) in zip(data.criteria, results).enumerated() {
            let name = rubrics[criterion.component]?.criteria.first { $0.id == criterion.criterion }?.name
            let what = task.isSinglePart ? criterion.criterion : "\(criterion.component) / \(criterion.criterion)"
            var blocks: [Page.Block] = []
            if result.items == 0 {
                blocks.append(.notice("No submission has two reads of \(what) yet: there is nothing to compare."))
            } else {
                blocks.append(.figure(forest(criterion, result, index: index, command: command, what: what)))
                blocks.append(matrix(data, criterion: index, task: task, what: what, service: service))
            }
            sections.append(Page.Section(name.map { "\(what) — \($0)" } ?? what, blocks))
        }
        let rubricNames = Set(rubrics.values.map(\.id)).sorted().joined(separator: ", ")
        return Page(
            title: "Agreement between raters", subtitle: "\(task.id) — \(task.title) · rubric \(rubricNames)", meta: context.meta,
            introduction: [
                "How often two raters' scores of the same work agree, per criterion, from the current operational reads "
                    + "(kind read). Exact: the same score; adjacent: one point apart; discrepant: two or more apart.",
                "Each coefficient is drawn with its 95% interval (F-based for the ICCs, a seeded bootstrap over submissions "
                    + "for the rest): 1 is perfect agreement, 0 what chance alone would give. The read 1 × read 2 table counts "
                    + "each submission once, by its first and second read.",
            ],
            sections: sections)
    }

    /// The exact / adjacent / discrepant shares of every criterion.
    static func shares(_ data: AgreementData, _ results: [AgreementResult], command: String) -> Figure {
        let legend: [(fill: Fill, label: String)] = [(.solid(0), "exact"), (.hatched(5), "adjacent (1 apart)"), (.crossHatched(1), "discrepant (2+ apart)")]
        var rows: [StackedBars.Row] = []
        var table = NumbersTable(columns: [
            .init("component"), .init("criterion"), .init("items", numeric: true), .init("raters", numeric: true),
            .init("reads", numeric: true), .init("exact", numeric: true), .init("adjacent", numeric: true),
            .init("within one", numeric: true), .init("discrepant", numeric: true),
        ])
        let multiple = Set(data.criteria.map(\.component)).count > 1
        for (index, (criterion, result)) in zip(data.criteria, results).enumerated() {
            let at = Pointer.root / index
            let label = multiple ? "\(criterion.component) / \(criterion.criterion)" : criterion.criterion
            let values = [result.exact, result.adjacent, result.discrepant]
            let keys = ["exact", "adjacent", "discrepant"]
            rows.append(StackedBars.Row(
                label: label, labelSource: .json(at / "criterion"),
                segments: values.enumerated().map { kind, value in
                    StackedBars.Segment(value: value ?? 0, kind: kind, text: value.map(Format.share), source: .json(at / keys[kind]))
                },
                annotation: result.items == 0 ? "no pairs yet" : nil))
            table.rows.append([
                Cell.text(criterion.component, at: at / "component"), Cell.name(criterion.criterion, at: at / "criterion"),
                Cell.count(result.items, at: at / "items"), Cell.count(result.raters, at: at / "raters"),
                Cell.count(result.ratings, at: at / "ratings"), Cell.share(result.exact, at: at / "exact"),
                Cell.share(result.adjacent, at: at / "adjacent"), Cell.share(result.withinOne, at: at / "within_one"),
                Cell.share(result.discrepant, at: at / "discrepant"),
            ])
        }
        let chart = StackedBars(rows: rows, legend: legend, axisTitle: "Share of pairs of reads of the same work", total: 1)
        let lowest = zip(data.criteria, results).filter { $0.1.exact != nil }.min { $0.1.exact! < $1.1.exact! }
        var description = "Stacked bars, one per criterion, splitting the pairs of reads into exact, adjacent and discrepant shares."
        if let lowest { description += " The lowest exact agreement is on \(lowest.0.criterion)." }
        return Figure(
            id: "shares", title: "Exact, adjacent and discrepant agreement by criterion", command: command,
            chart: chart.draw(id: "shares"), description: description, tables: [table],
            notes: ["Items: submissions with two or more reads. Shares are over every pair of reads of the same submission."],
            tableBeside: false)
    }

    /// Every coefficient of one criterion with its interval.
    static func forest(_ criterion: AgreementData.Criterion, _ result: AgreementResult, index: Int, command: String, what: String) -> Figure {
        let at = Pointer.root / index
        var rows: [RowChart.Row] = []
        var table = NumbersTable(columns: [.init("coefficient"), .init("value", numeric: true), .init("95% low", numeric: true), .init("95% high", numeric: true)])
        for (family, coefficients) in families {
            rows.append(.heading(family))
            for coefficient in coefficients {
                let estimate = result[coefficient]
                let name = names[coefficient] ?? coefficient.rawValue
                var row = RowChart.Row(name, source: .key(at / coefficient.rawValue))
                if let value = estimate.value {
                    if let interval = estimate.interval { row.marks.append(.interval(interval.low, interval.high)) }
                    row.marks.append(.point(value, .square, series: 6, label: "\(name): \(Format.coefficient(value))"))
                } else {
                    row.missing = "— undefined: " + (estimate.reason?.rawValue ?? "no value")
                }
                rows.append(row)
                let interval = estimate.interval
                let ci = at / "ci" / coefficient.rawValue
                table.rows.append([
                    Cell(name, source: .key(at / coefficient.rawValue), rowHeader: true), Cell.coefficient(estimate.value, at: at / coefficient.rawValue),
                    Cell.coefficient(interval?.low, at: interval == nil ? ci : ci / 0),
                    Cell.coefficient(interval?.high, at: interval == nil ? ci : ci / 1),
                ])
            }
        }
        var chart = RowChart(rows: rows, axisTitle: "Coefficient (1 = perfect agreement, 0 = chance)")
        chart.include = [0, 1]
        chart.references = [RowChart.Reference(value: 0, label: "chance", source: nil, isDashed: false)]
        chart.legend = [
            RowChart.LegendEntry(shape: .square, series: 6, label: "estimate"),
            RowChart.LegendEntry(shape: nil, series: 6, isInterval: true, label: "95% interval"),
        ]
        chart.rowHeight = 19
        let lows = rows.flatMap { $0.marks }.compactMap { mark -> Double? in
            if case .interval(let low, _) = mark.kind { return low }
            return mark.value
        }
        if let lowest = lows.min(), lowest < -1 { chart.domain = (-1, 1) }
        let defined = AgreementCoefficient.allCases.filter { result.value($0) != nil }.count
        let id = "forest-\(index + 1)"
        var notes: [String] = []
        if let design = result.intraclassDesign {
            switch design {
            case .namedRaters: break
            case .crossedRaters: notes.append("ICCs: raters as columns (a crossed design); submissions missing one of them are left out.")
            case .readOrder: notes.append("ICCs: reads in time order as columns (raters vary by submission, so read ICC(1,1)).")
            }
        }
        return Figure(
            id: id, title: "Agreement coefficients for \(what), with 95% intervals", command: command, chart: chart.draw(id: id),
            description: "Forest plot of \(defined) of \(AgreementCoefficient.allCases.count) coefficients for \(what): each a square at its value "
                + "with a line across its 95% interval; undefined ones are named with the reason. The values are in the table.",
            tables: [table], notes: notes)
    }

    /// The read 1 × read 2 counts of one criterion, as `irr --matrix` gives them.
    static func matrix(_ data: AgreementData, criterion index: Int, task: AssessmentTask, what: String, service: ScoringService) -> Page.Block {
        let criterion = data.criteria[index]
        var single = data
        single.criteria = [criterion]
        let command = "irr --task \(task.id)" + (task.isSinglePart ? "" : " --component \(criterion.component)")
            + " --criterion \(criterion.criterion) --matrix"
        let matrix: AgreementMatrix
        do {
            matrix = try service.agreementMatrix(single)
        } catch {
            return .notice("No read 1 × read 2 table for \(what): \(error). (\(command))")
        }
        let levels = matrix.levels
        let sources = levels.indices.map { row in levels.indices.map { column in Source.json(Pointer.root / "counts" / row / column) as Source? } }
        let chart = HeatMap(rowTitle: "Read 1", columnTitle: "Read 2", levels: levels, counts: matrix.counts, sources: sources)
        var table = NumbersTable(
            caption: "Submissions by their first (rows) and second (columns) read",
            columns: [.init("read 1 \\ read 2")] + levels.map { .init(String($0), numeric: true) })
        for (row, level) in levels.enumerated() {
            table.rows.append([Cell(String(level), source: .json(Pointer.root / "levels" / row), rowHeader: true)]
                + levels.indices.map { Cell.count(matrix.counts[row][$0], at: Pointer.root / "counts" / row / $0) })
        }
        table.footnotes = []
        let id = "matrix-\(index + 1)"
        return .figure(Figure(
            id: id, title: "Read 1 × read 2 for \(what)", command: command, chart: chart.draw(id: id),
            description: "Heat map of the submissions by the score of their first read (rows) and second read (columns); "
                + "darker cells hold more submissions, each count is written in its cell, and the diagonal of equal scores is outlined.",
            tables: [table],
            notes: ["Only submissions with exactly two reads count here; right of the diagonal the second read scored higher, left of it lower."]))
    }
}
