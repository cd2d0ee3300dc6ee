import ScoringCore
import ScoringService

/// `report event --task T`: `event status` (progress, validity agreement, lock-outs, backreads)
/// and `monitor --window 1d` (each rater's reads per day). A lead's or the coordinator's view,
/// as `event status` is.
enum EventPage {
    static let raterRowsPerChart = 40

    static func make(task id: String, context: Context) throws -> Page {
        let service = context.service
        let status = try service.eventStatus(task: id)
        let task = try service.task(id)
        let command = "event status --task \(task.id)"
        let lockout = task.plan.lockout

        // Progress.
        let counts: [(String, Int, String)] = [
            ("submissions", status.submissions, "submissions"), ("read once", status.readOnce, "read_once"),
            ("read twice or more", status.readTwice, "read_twice"), ("need adjudication", status.needsAdjudication, "needs_adjudication"),
            ("decided", status.decided, "decided"),
        ]
        var progressRows: [RowChart.Row] = []
        var progressTable = NumbersTable(columns: [.init("submission components"), .init("count", numeric: true)])
        for (index, (label, count, key)) in counts.enumerated() {
            progressRows.append(RowChart.Row(label, marks: [.bar(to: Double(count), series: index == 0 ? 6 : (index == 3 ? 1 : (index == 4 ? 2 : 5)))],
                                             annotation: Show.count(count)))
            progressRows[index].annotationSource = .json(Pointer.root / key)
            progressTable.rows.append([Cell(label, rowHeader: true), Cell.count(count, at: Pointer.root / key)])
        }
        progressTable.rows.append([Cell("reads in the last hour", rowHeader: true), Cell.count(status.readsLastHour, at: Pointer.root / "reads_last_hour")])
        var progress = RowChart(rows: progressRows, axisTitle: "Submission components (anchors left out)")
        progress.include = [0, Double(max(1, status.submissions))]
        let progressFigure = Figure(
            id: "progress", title: "Progress of the event", command: command, chart: progress.draw(id: "progress"),
            description: "Bars for the task's submission components: all of them, read once, read twice or more, needing adjudication, "
                + "and decided, each with its count written at the end.",
            tables: [progressTable],
            notes: ["Read once and read twice or more are the queue's two stages; a component needing adjudication waits for a lead "
                + "or an adjudicator; decided ones are done."])

        // Reads per day, per component.
        var overTime: [Page.Block] = []
        for part in task.components {
            let component = task.isSinglePart ? nil : part.id
            let monitor = try service.monitor(task: task.id, component: component, days: 1)
            overTime.append(contentsOf: readsPerDay(
                monitor, command: "monitor " + Context.scope(task: task.id, component: component) + " --window 1d",
                id: "reads" + (component.map { "-\($0)" } ?? ""), what: component.map { " of \($0)" } ?? ""))
        }

        // Validity agreement and lock-outs.
        var validity: [Page.Block] = []
        let chunks = stride(from: 0, to: status.raters.count, by: raterRowsPerChart).map {
            Array(status.raters.indices[$0..<min($0 + raterRowsPerChart, status.raters.count)])
        }
        if chunks.isEmpty { validity.append(.notice("No rater has work on this task yet.")) }
        for (number, chunk) in chunks.enumerated() {
            let part = chunks.count > 1 ? " (raters \(number * raterRowsPerChart + 1)–\(number * raterRowsPerChart + chunk.count) of \(status.raters.count))" : ""
            validity.append(.figure(validityFigure(status, chunk, lockout: lockout, command: command, id: "validity" + (chunks.count > 1 ? "-\(number + 1)" : ""), part: part)))
        }
        let locked = status.raters.filter(\.locked).map(\.rater)
        validity.append(.paragraph(locked.isEmpty
            ? "No rater is locked out."
            : "Locked out: \(locked.joined(separator: ", ")). A lead reinstates a rater with 'rater reinstate R --rubric RUBRIC --reason TEXT', or the rater qualifies again in a calibration session."))

        return Page(
            title: "Scoring event", subtitle: "\(task.id) — \(task.title)", meta: context.meta,
            introduction: [
                "Where the scoring of \(task.id) stands: how far the queue has got, how many reads each rater gives per day, and how each "
                    + "rater agrees with the master scores of the validity papers they were sent blind. A rater whose agreement over their "
                    + "latest validity papers falls below the task's lock-out thresholds is locked out until a lead reinstates them.",
            ],
            sections: [
                Page.Section("Progress", [.figure(progressFigure)]),
                Page.Section("Reads over time", overTime),
                Page.Section("Validity agreement and lock-outs", validity),
            ])
    }

    static func readsPerDay(_ monitor: MonitorResult, command: String, id: String, what: String) -> [Page.Block] {
        guard !monitor.rows.isEmpty else { return [.notice("No operational reads\(what) yet.")] }
        // Oldest first: window 0 is the latest.
        let windows = Array(Set(monitor.rows.map(\.window))).sorted(by: >)
        let labels = windows.map { String(monitor.windows.window($0).from.dropFirst(5)) }
        let raters = Array(Set(monitor.rows.map(\.rater))).sorted { monitor.raters[Int($0)] < monitor.raters[Int($1)] }
        var rowIndex: [String: Int] = [:]
        var firstRow: [Int32: Int] = [:]
        for (index, row) in monitor.rows.enumerated() {
            rowIndex["\(row.rater)/\(row.window)"] = index
            if firstRow[row.rater] == nil { firstRow[row.rater] = index }
        }
        var table = NumbersTable(columns: [.init("rater"), .init("day"), .init("reads", numeric: true)])
        for (index, row) in monitor.rows.enumerated() {
            let at = Pointer.root / "rows" / index
            table.rows.append([Cell.name(monitor.raters[Int(row.rater)], at: at / "rater"),
                               Cell.text(monitor.windows.window(row.window).from, at: at / "from"), Cell.count(row.reads, at: at / "reads")])
        }
        let largest = max(1, monitor.rows.map(\.reads).max() ?? 1)
        let note = "Days are whole UTC days. A day a rater gave no reads has no row in the table (and is 0 in a chart of lines)."
        if raters.count <= 8, windows.count >= 2 {
            let series = raters.map { rater in
                LineChart.Series(
                    name: monitor.raters[Int(rater)],
                    values: windows.map { window in Double(rowIndex["\(rater)/\(window)"].map { monitor.rows[$0].reads } ?? 0) },
                    sources: [], nameSource: firstRow[rater].map { .json(Pointer.root / "rows" / $0 / "rater") })
            }
            var chart = LineChart(steps: labels, series: series, axisTitle: "Day (UTC)", valueTitle: "Reads")
            chart.domain = (0, Double(largest))
            let svg = chart.draw(id: id)
            let description = "One line per rater of the operational reads they gave each day, each rater with their own marker."
            return [.figure(Figure(id: id, title: "Reads per rater per day\(what)", command: command, chart: svg, description: description,
                                   tables: [table], notes: [note]))]
        }
        // A grid of raters by day, 40 raters to a figure, each with the rows of its raters.
        var blocks: [Page.Block] = []
        let chunks = stride(from: 0, to: raters.count, by: raterRowsPerChart).map { Array(raters[$0..<min($0 + raterRowsPerChart, raters.count)]) }
        for (number, chunk) in chunks.enumerated() {
            let cells = chunk.map { rater in
                windows.map { window -> GridChart.Cell in
                    guard let index = rowIndex["\(rater)/\(window)"] else { return GridChart.Cell(text: "", shade: nil) }
                    let reads = monitor.rows[index].reads
                    return GridChart.Cell(text: Show.count(reads), shade: Double(reads) / Double(largest),
                                          source: .json(Pointer.root / "rows" / index / "reads"))
                }
            }
            let chart = GridChart(rowLabels: chunk.map { monitor.raters[Int($0)] },
                                  rowSources: chunk.map { rater in firstRow[rater].map { .json(Pointer.root / "rows" / $0 / "rater") } },
                                  columnLabels: labels, cells: cells,
                                  rowTitle: "rater", columnTitle: "Day (UTC)", key: "Each cell: the rater's reads that day; darker for more.")
            var part = NumbersTable(columns: table.columns)
            let members = Set(chunk)
            part.rows = zip(monitor.rows, table.rows).filter { members.contains($0.0.rater) }.map(\.1)
            let figure = chunks.count > 1 ? "\(id)-\(number + 1)" : id
            let range = chunks.count > 1 ? " (raters \(number * raterRowsPerChart + 1)–\(number * raterRowsPerChart + chunk.count) of \(raters.count))" : ""
            blocks.append(.figure(Figure(
                id: figure, title: "Reads per rater per day\(what)" + range, command: command, chart: chart.draw(id: figure),
                description: "A grid of raters by day; each cell gives the operational reads the rater gave that day, darker for more.",
                tables: [part], notes: number == 0 ? [note] : [])))
        }
        return blocks
    }

    static func validityFigure(
        _ status: EventStatus, _ chunk: [Int], lockout: ScoringPlan.Lockout, command: String, id: String, part: String
    ) -> Figure {
        var rows: [RowChart.Row] = []
        var table = NumbersTable(columns: [
            .init("rater"), .init("reads", numeric: true), .init("validity reads", numeric: true), .init("validity exact", numeric: true),
            .init("validity within one", numeric: true), .init("backreads", numeric: true), .init("backread exact", numeric: true),
            .init("locked"),
        ])
        for index in chunk {
            let rater = status.raters[index]
            let at = Pointer.root / "raters" / index
            var row = RowChart.Row(rater.rater, source: .json(at / "rater"), annotation: rater.locked ? "LOCKED OUT" : nil, isFlagged: rater.locked)
            if let exact = rater.validity.exact { row.marks.append(.point(exact, .circle, series: 0)) }
            if let within = rater.validity.withinOne { row.marks.append(.point(within, .triangle, series: 1)) }
            if rater.validity.reads == 0 { row.missing = "— no validity papers yet" }
            rows.append(row)
            table.rows.append([
                Cell.name(rater.rater, at: at / "rater"), Cell.count(rater.reads, at: at / "reads"),
                Cell.count(rater.validity.reads, at: at / "validity" / "reads"), Cell.share(rater.validity.exact, at: at / "validity" / "exact"),
                Cell.share(rater.validity.withinOne, at: at / "validity" / "within_one"), Cell.count(rater.backreads, at: at / "backreads" / "reads"),
                Cell.share(rater.backreadExact, at: at / "backreads" / "exact"),
                Cell(rater.locked ? "LOCKED" : "no", source: .json(at / "locked"), classes: rater.locked ? ["flag"] : []),
            ])
        }
        var chart = RowChart(rows: rows, axisTitle: "Agreement with the master scores of validity papers")
        chart.domain = (0, 1)
        chart.percent = true
        chart.references = [
            RowChart.Reference(value: lockout.exact, label: "lock-out below \(Format.share(lockout.exact)) exact", source: .setting("scoring.lockout.exact")),
            RowChart.Reference(value: lockout.withinOne, label: "lock-out below \(Format.share(lockout.withinOne)) within one",
                               source: .setting("scoring.lockout.within_one")),
        ]
        chart.legend = [
            RowChart.LegendEntry(shape: .circle, series: 0, label: "exact"),
            RowChart.LegendEntry(shape: .triangle, series: 1, label: "within one point"),
        ]
        return Figure(
            id: id, title: "Validity agreement per rater, and lock-outs" + part, command: command, chart: chart.draw(id: id),
            description: "For each rater, the share of their scores on their latest validity papers equal to the master score (circle) and "
                + "within one point (triangle), with the task's lock-out thresholds as dashed lines; locked-out raters say so.",
            tables: [table],
            notes: ["Validity figures are over each rater's latest validity reads on the rubric, as many as the task's "
                + "scoring.lockout.after; backread exact is the share of a rater's backread reads that the lead confirmed or scored the same."],
            tableBeside: false)
    }
}
