import ScoringCore
import ScoringService

/// `report dependability --task T | --tasks T1,...`: `gstudy` (variance components) and
/// `dstudy` (g and phi for 1..max(4, observed) raters and, with tasks, 1..max(6, observed) tasks).
enum DependabilityPage {
    static let meaning: [VarianceComponent: String] = [
        .p: "students (universe-score variance)", .r: "raters (severity)", .t: "tasks (difficulty)",
        .pr: "student × rater", .pt: "student × task", .tr: "task × rater", .ptr: "student × task × rater, and error",
        .rWithinT: "raters within tasks", .prWithinT: "student × rater within tasks, and error",
        .rWithinP: "raters within students, and error", .rWithinPT: "raters within responses, and error",
    ]

    static func make(parts: [TaskPart], context: Context) throws -> Page {
        let service = context.service
        let gstudy = try service.gstudy(parts: parts, criterion: nil)
        let study = gstudy.study
        let scope: String
        if parts.count == 1 {
            scope = Context.scope(task: parts[0].task, component: parts[0].component)
        } else {
            scope = "--tasks " + parts.map { $0.task + ($0.component.map { "/\($0)" } ?? "") }.joined(separator: ",")
        }
        let raters = Array(1...max(4, study.raters))
        let tasks = study.design.hasTasks ? Array(1...max(6, study.tasks)) : nil
        let dstudy = try service.dstudy(parts: parts, criterion: nil, raters: raters, tasks: tasks, cut: nil)
        let gCommand = "gstudy \(scope)"
        var dCommand = "dstudy \(scope) --n-raters \(raters.map(String.init).joined(separator: ","))"
        if let tasks { dCommand += " --n-tasks \(tasks.map(String.init).joined(separator: ","))" }

        let components = study.design.components
        var rows: [RowChart.Row] = []
        var table = NumbersTable(columns: [.init("component"), .init("variance", numeric: true), .init("what")])
        for component in components {
            let value = study.components[component]
            var row = RowChart.Row(component.rawValue)
            if let value {
                row.marks.append(.bar(to: value, series: value < 0 ? 1 : 0, label: "\(component.rawValue): \(Format.variance(value))"))
                if value < 0 { row.annotation = "negative: taken as zero" }
            } else {
                row.missing = "— not estimated"
            }
            rows.append(row)
            table.rows.append([Cell.name(component.rawValue), Cell.variance(value, at: Pointer.root / "components" / component.rawValue),
                               Cell(meaning[component] ?? "")])
        }
        var chart = RowChart(rows: rows, axisTitle: "Variance (squared score points)")
        chart.include = [0]
        chart.references = [RowChart.Reference(value: 0, label: "", source: nil, isDashed: false)]
        var summary = NumbersTable(columns: [.init("design"), .init("students", numeric: true), .init("raters", numeric: true), .init("tasks", numeric: true),
                                             .init("g (Eρ²)", numeric: true), .init("phi (Φ)", numeric: true)])
        summary.rows = [[
            Cell(study.design.rawValue, source: .json(Pointer.root / "design"), rowHeader: true), Cell.count(study.persons, at: Pointer.root / "persons"),
            Cell.count(study.raters, at: Pointer.root / "raters"), Cell.count(study.tasks, at: Pointer.root / "tasks"),
            Cell.coefficient(study.g, at: Pointer.root / "g"), Cell.coefficient(study.phi, at: Pointer.root / "phi"),
        ]]
        let perRater = raterUnit(study.design)
        let gFigure = Figure(
            id: "components", title: "Where score variance comes from (G study, design \(study.design.rawValue))", command: gCommand,
            chart: chart.draw(id: "components"),
            description: "A bar per variance component of the design: students' true differences (p) against raters, tasks, their "
                + "interactions and error. Negative estimates are drawn left of 0 and count as 0.",
            tables: [table, summary],
            notes: ["g (Eρ²) is how dependable scores are for ranking students, phi (Φ) for their absolute level, with the raters and "
                + "tasks observed. The score analysed is each read's weighted mean of its criteria."])

        var dBlocks: [Page.Block] = []
        let points = dstudy.points
        var dTable = NumbersTable(columns: [.init(perRater, numeric: true), .init("tasks", numeric: true), .init("g (Eρ²)", numeric: true),
                                            .init("phi (Φ)", numeric: true), .init("phi(λ)", numeric: true)])
        for (index, point) in points.enumerated() {
            let at = Pointer.root / index
            dTable.rows.append([Cell.count(point.raters, at: at / "raters"), Cell.count(point.tasks, at: at / "tasks"),
                                Cell.coefficient(point.g, at: at / "g"), Cell.coefficient(point.phi, at: at / "phi"),
                                Cell.coefficient(point.phiLambda, at: at / "phi_lambda")])
        }
        // The curves' scale: from a tenth below the lowest value (never below 0) to 1.
        let lowest = points.flatMap { [$0.g, $0.phi, $0.phiLambda] }.compactMap { $0 }.min() ?? 0
        let floor = max(0, min(0.9, ((lowest * 10).rounded(.down) - 1) / 10))
        let cut = dstudy.cut != nil ? "λ is the rubric's proficient_at" : "there is no λ: the rubrics set different cuts"
        if let tasks {
            var charts: [(String, String, (DecisionPoint) -> Double?)] = [("g", "g (Eρ²): ranking students", \.g), ("phi", "phi (Φ): absolute scores", \.phi)]
            if dstudy.cut != nil { charts.append(("phi-lambda", "phi(λ): decisions at the cut", \.phiLambda)) }
            let keys = ["g": "g", "phi": "phi", "phi-lambda": "phi_lambda"]
            for (key, title, value) in charts {
                let series = tasks.map { count in
                    LineChart.Series(
                        name: Format.count(count, "task"),
                        values: raters.map { r in points.first { $0.raters == r && $0.tasks == count }.flatMap(value) },
                        nameSource: points.firstIndex { $0.tasks == count }.map { .json(Pointer.root / $0 / "tasks") })
                }
                let name = String(title.prefix { $0 != ":" })
                var lineChart = LineChart(steps: raters.map(String.init), series: series, axisTitle: perRater.capitalizedFirst, valueTitle: name)
                lineChart.domain = (floor, 1)
                lineChart.height = 280
                lineChart.marked = raters.firstIndex(of: study.raters).map { ($0, "observed") }
                // The projections of this coefficient as a grid: raters down, tasks across.
                var grid = NumbersTable(caption: name, columns: [.init("\(perRater) \\ tasks")] + tasks.map { .init(String($0), numeric: true) })
                for r in raters {
                    let first = points.firstIndex { $0.raters == r }
                    var row = [Cell(String(r), source: first.map { .json(Pointer.root / $0 / "raters") }, rowHeader: true)]
                    for count in tasks {
                        if let index = points.firstIndex(where: { $0.raters == r && $0.tasks == count }) {
                            row.append(Cell.coefficient(value(points[index]), at: Pointer.root / index / (keys[key] ?? key)))
                        } else {
                            row.append(Cell(""))
                        }
                    }
                    grid.rows.append(row)
                }
                let id = "d-\(key)"
                dBlocks.append(.figure(Figure(
                    id: id, title: "D study: \(title), by \(perRater) and tasks", command: dCommand, chart: lineChart.draw(id: id),
                    description: "One line per number of tasks (1 to \(tasks.count)) of the projected \(name) as the number of "
                        + "\(perRater) grows; each line has its own marker and its name at its end.",
                    tables: [grid], notes: floor > 0 ? [Self.zoomed] : [], tableBeside: false)))
            }
        } else {
            var series = [
                LineChart.Series(name: "g (Eρ²)", values: points.map(\.g), sources: points.indices.map { .json(Pointer.root / $0 / "g") }),
                LineChart.Series(name: "phi (Φ)", values: points.map(\.phi), sources: points.indices.map { .json(Pointer.root / $0 / "phi") }),
            ]
            if dstudy.cut != nil {
                series.append(LineChart.Series(name: "phi(λ)", values: points.map(\.phiLambda), sources: points.indices.map { .json(Pointer.root / $0 / "phi_lambda") }))
            }
            var lineChart = LineChart(steps: points.map { String($0.raters) }, series: series, axisTitle: perRater.capitalizedFirst, valueTitle: "Dependability")
            lineChart.domain = (floor, 1)
            lineChart.marked = raters.firstIndex(of: study.raters).map { ($0, "observed") }
            dBlocks.append(.figure(Figure(
                id: "d-study", title: "D study: g and phi by number of \(perRater)", command: dCommand, chart: lineChart.draw(id: "d-study"),
                description: "Lines of the projected g (Eρ²), phi (Φ) and phi(λ) for 1 to \(raters.count) \(perRater), each with its own marker and its "
                    + "name at its end: how much another read per student would add.",
                tables: [dTable], notes: floor > 0 ? [Self.zoomed] : [])))
        }
        dBlocks.append(.paragraph("phi(λ) is the dependability of deciding whether a student is above the cut (\(cut)). "
            + "The G study's summary table gives the numbers of raters and tasks observed."))

        let names = parts.map { $0.task + ($0.component.map { "/\($0)" } ?? "") }.joined(separator: ", ")
        return Page(
            title: "Dependability of scores", subtitle: "\(names) · design \(study.design.rawValue)", meta: context.meta,
            introduction: [
                "A generalizability study splits the variance of scores into students' real differences and the noise that raters and "
                    + "tasks add; a decision study projects how dependable scores would be with other numbers of raters"
                    + (study.design.hasTasks ? " and tasks." : ".")
                    + " Coefficients near 1 mean a student's score barely depends on who scored it" + (study.design.hasTasks ? " or on which tasks." : "."),
            ],
            sections: [Page.Section("G study", [.figure(gFigure)]), Page.Section("D study", dBlocks)])
    }

    static let zoomed = "The vertical scale does not start at 0, so that the differences show; the values are in the table."

    static func raterUnit(_ design: GeneralizabilityDesign) -> String {
        switch design {
        case .personsByRaters, .personsByTasksByRaters: "raters"
        case .ratersWithinPersons: "raters per student"
        case .ratersWithinTasks: "raters per task"
        case .ratersWithinResponses: "raters per response"
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
