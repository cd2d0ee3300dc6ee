import ScoringCore
import ScoringService

/// `report equity [--by school|grade|group] [--task T]`: proficiency rates per competency by
/// group with 95% Wilson intervals and the gap to all students, withheld cells as `*`; and
/// rater × group bias.
enum EquityPage {
    static let rowsPerChart = 40
    /// More bias terms than this and the page shows the flagged ones only.
    static let biasTermsShown = 60
    static let z = 1.959963984540054

    /// The Wilson score interval of `proficient` of `students` at 95%: derived as SPEC 14 says.
    static func wilson(_ proficient: Int, _ students: Int) -> (low: Double, high: Double) {
        let n = Double(students), p = Double(proficient) / n, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// A difference of two shares in percentage points, `+5.2 pts`.
    static func points(_ gap: Double) -> String {
        let tenths = (gap * 1000).rounded() / 10
        let text = Format.fixed(tenths, places: 1)
        return (text.hasPrefix("-") || text == "0.0" ? text : "+" + text) + " pts"
    }

    /// The page, and how many students with evidence it describes.
    static func make(by attribute: GroupingAttribute, task: String?, component: String?, context: Context) throws -> (page: Page, students: Int) {
        let service = context.service
        let summary = try service.equity(by: attribute)
        let rollup = try service.competencyRollup()
        let byCommand = "proficiency --by \(attribute.rawValue)"
        let noun = attribute == .group ? "group" : attribute.rawValue

        var proficiencyBlocks: [Page.Block] = []
        if summary.rows.isEmpty { proficiencyBlocks.append(.notice("No student has evidence for any competency yet.")) }
        for competency in rollup.competencies {
            let indices = summary.rows.indices.filter { summary.rows[$0].competency == competency.id }
            guard let all = indices.first.map({ summary.rows[$0] }) else { continue }
            let groups = indices.dropFirst().map { summary.rows[$0] }
            // Where each group's row is in `proficiency --by`'s JSON.
            let indexOf = Dictionary(uniqueKeysWithValues: indices.dropFirst().map { (summary.rows[$0].group ?? "", $0) })
            let allCommand = "proficiency --competency \(competency.id)"
            let chunks = stride(from: 0, to: max(1, groups.count), by: rowsPerChart).map { Array(groups[$0..<min($0 + rowsPerChart, groups.count)]) }
            for (number, chunk) in chunks.enumerated() {
                let part = chunks.count > 1 ? " (\(noun)s \(number * rowsPerChart + 1)–\(number * rowsPerChart + chunk.count) of \(groups.count))" : ""
                let id = "rates-\(competency.id.lowercased().replacingOccurrences(of: ".", with: "-"))" + (chunks.count > 1 ? "-\(number + 1)" : "")
                proficiencyBlocks.append(.figure(rates(
                    competency: competency, all: all, groups: chunk, indexOf: indexOf, id: id, part: part, noun: noun, byCommand: byCommand, allCommand: allCommand)))
            }
        }
        var notes: [String] = []
        if summary.studentsWithoutGroup > 0 {
            notes.append(attribute == .group
                ? "Students in no group count in the all-students rows only."
                : "Students without a \(attribute.rawValue) count in the all-students rows only (set it with 'student update' or 'import students').")
        }
        if attribute == .group { notes.append("A student in several groups counts in each.") }
        proficiencyBlocks += notes.map { .paragraph($0) }

        // Rater × group bias, task by task.
        var biasBlocks: [Page.Block] = []
        var unmeasured: [String] = []
        let parts: [TaskPart]
        if let task {
            parts = [TaskPart(task: task, component: component)]
        } else {
            parts = service.bank.sortedTasks.flatMap { task in task.components.map { TaskPart(task: task.id, component: task.isSinglePart ? nil : $0.id) } }
        }
        for part in parts {
            let report: RaterBiasReport
            do {
                report = try service.bias(task: part.task, component: part.component, by: attribute)
            } catch let error as ServiceError where task == nil {
                // Without --task every task is tried; most have nothing to measure.
                if !error.message.contains("has no scored reads") { unmeasured.append("\(Self.name(part)): \(error.message)") }
                continue
            }
            biasBlocks.append(contentsOf: bias(report, part: part, attribute: attribute, noun: noun))
        }
        if biasBlocks.isEmpty {
            biasBlocks.append(.notice(unmeasured.isEmpty ? "No task has operational reads to measure raters by." : "No rater × \(noun) bias could be measured."))
        }
        if !unmeasured.isEmpty {
            biasBlocks.append(.paragraph("Not measured: " + unmeasured.joined(separator: "; ")))
        }
        let page = Page(
            title: "Proficiency by \(noun), and rater bias",
            subtitle: "\(service.bank.framework?.name ?? "Competencies") by \(noun)" + (task.map { " · rater bias on \($0)" } ?? ""),
            meta: context.meta,
            introduction: [
                "The share of students proficient in each competency, per \(noun), beside the rate of all students with evidence. "
                    + "Each rate has its 95% Wilson interval; the gap is the \(noun)'s rate minus the all-students rate, in percentage points. "
                    + "Counts under 10 students are withheld (*), and so are counts that would let a reader work a withheld one out "
                    + "by subtraction (**).",
                "Rater × \(noun) bias shows whether a rater scores one \(noun) higher or lower than their overall severity and the "
                    + "students' abilities predict (many-facet Rasch, in logits).",
            ],
            sections: [Page.Section("Proficiency rates by \(noun)", proficiencyBlocks), Page.Section("Rater × \(noun) bias", biasBlocks)])
        return (page, summary.rows.filter { $0.group == nil }.map(\.students).max() ?? 0)
    }

    static func name(_ part: TaskPart) -> String { part.task + (part.component.map { "/\($0)" } ?? "") }

    static func withheld(_ suppression: CellSuppression) -> String {
        switch suppression {
        case .shown: ""
        case .tooFewStudents: "*"
        case .complementary: "**"
        }
    }

    static func rates(
        competency: Competency, all: GroupSummary, groups: [GroupSummary], indexOf: [String: Int], id: String, part: String, noun: String,
        byCommand: String, allCommand: String
    ) -> Figure {
        var rows: [RowChart.Row] = []
        var table = NumbersTable(columns: [
            .init(noun), .init("students", numeric: true), .init("proficient", numeric: true), .init("rate", numeric: true),
            .init("95% low", numeric: true), .init("95% high", numeric: true), .init("gap", numeric: true),
        ])
        let root = Pointer.root
        func derived(_ kind: String, _ pointer: Pointer?, _ command: String?, _ detail: String? = nil) -> Source {
            .derived(kind, from: pointer, command: command, detail: detail)
        }
        // All students.
        var allRow = RowChart.Row("All students", isFlagged: true)
        var allCells: [Cell] = [
            Cell("All students", rowHeader: true),
            Cell(Show.count(all.students), source: derived("count", root, allCommand), numeric: true),
        ]
        if let proficient = all.proficient, let rate = all.rate {
            let interval = wilson(proficient, all.students)
            allRow.marks = [.interval(interval.low, interval.high), .point(rate, .diamond, series: 6)]
            allCells += [
                Cell(Show.count(proficient), source: derived("count-proficient", root, allCommand), numeric: true),
                Cell(Show.share(rate), source: derived("rate", root, allCommand), numeric: true),
                Cell(Show.share(interval.low), source: derived("wilson-low", root, allCommand), numeric: true),
                Cell(Show.share(interval.high), source: derived("wilson-high", root, allCommand), numeric: true),
                Cell(""),
            ]
        } else {
            allRow.missing = withheld(all.suppression) + " withheld"
            allCells += [Cell(withheld(all.suppression), numeric: true), Cell(withheld(all.suppression), numeric: true), Cell(""), Cell(""), Cell("")]
        }
        rows.append(allRow)
        table.rows.append(allCells)
        for group in groups {
            let at = root / (indexOf[group.group ?? ""] ?? 0)
            var row = RowChart.Row(group.group ?? "", source: .json(at / "group"))
            var cells: [Cell] = [Cell.name(group.group ?? "", at: at / "group"), Cell.count(group.students, at: at / "students")]
            if let proficient = group.proficient, let rate = group.rate {
                let interval = wilson(proficient, group.students)
                row.marks = [.interval(interval.low, interval.high), .point(rate, .circle, series: 0)]
                cells += [
                    Cell.count(proficient, at: at / "proficient"), Cell.share(rate, at: at / "rate"),
                    Cell(Show.share(interval.low), source: derived("wilson-low", at, nil), numeric: true),
                    Cell(Show.share(interval.high), source: derived("wilson-high", at, nil), numeric: true),
                ]
                if let allRate = all.rate {
                    let gap = points(rate - allRate)
                    row.annotation = gap
                    row.annotationSource = derived("gap", at, nil, competency.id)
                    cells.append(Cell(gap, source: derived("gap", at, nil, competency.id), numeric: true))
                } else {
                    cells.append(Cell(""))
                }
            } else {
                let mark = withheld(group.suppression)
                row.missing = mark + (group.suppression == .tooFewStudents ? " withheld: too few students" : " withheld: would give a small cell away")
                cells += [Cell(mark, numeric: true), Cell(mark, numeric: true), Cell(""), Cell(""), Cell("")]
            }
            rows.append(row)
            table.rows.append(cells)
        }
        var footnotes: [String] = []
        if ([all] + groups).contains(where: { $0.suppression == .tooFewStudents }) {
            footnotes.append("* fewer than 10 students with evidence: counts withheld to protect students' privacy.")
        }
        if ([all] + groups).contains(where: { $0.suppression == .complementary }) {
            footnotes.append("** withheld although 10 or more students: shown, it would let a reader work out a withheld count by subtraction.")
        }
        table.footnotes = footnotes
        var chart = RowChart(rows: rows, axisTitle: "Share of students proficient in \(competency.id)")
        chart.domain = (0, 1)
        chart.percent = true
        if let rate = all.rate {
            chart.references = [RowChart.Reference(value: rate, label: "all students \(Format.share(rate))", source: derived("rate", root, allCommand))]
        }
        chart.legend = [
            RowChart.LegendEntry(shape: .circle, series: 0, label: "rate of the \(noun)"),
            RowChart.LegendEntry(shape: .diamond, series: 6, label: "all students"),
            RowChart.LegendEntry(shape: nil, series: 6, isInterval: true, label: "95% Wilson interval"),
        ]
        return Figure(
            id: id, title: "\(competency.id) \(competency.name): proficiency rate by \(noun)" + part, command: byCommand,
            chart: chart.draw(id: id),
            description: "For each \(noun), the share of its students with evidence who are proficient in \(competency.name), with a line across "
                + "its 95% Wilson interval, and the all-students rate as a dashed line; withheld \(noun)s are marked * or ** with no point. "
                + "The gap to all students is written at the end of each row.",
            tables: [table],
            notes: ["The all-students row counts every student with evidence for \(competency.id) (as \(allCommand) lists them); "
                + "intervals are 95% Wilson score intervals from proficient and students; the gap is the \(noun)'s rate minus the all-students rate."],
            tableBeside: false)
    }

    static func bias(_ report: RaterBiasReport, part: TaskPart, attribute: GroupingAttribute, noun: String) -> [Page.Block] {
        let command = "bias --task \(part.task)" + (part.component.map { " --component \($0)" } ?? "") + " --by \(attribute.rawValue)"
        let terms = Array(report.terms.enumerated())
        guard !terms.isEmpty else {
            return [.notice("\(name(part)): no rater has read a student with a \(noun) yet.")]
        }
        let shown = terms.count > biasTermsShown ? terms.filter { $0.element.flagged } : terms
        var blocks: [Page.Block] = []
        if terms.count > biasTermsShown {
            blocks.append(.paragraph("\(name(part)): many rater × \(noun) cells; the flagged ones are shown (|t| ≥ 2 over 10 or more observations). "
                + "Every cell is in \(command)."))
        }
        if shown.isEmpty {
            blocks.append(.notice("\(name(part)): no rater × \(noun) cell is flagged."))
            return blocks
        }
        let chunks = stride(from: 0, to: shown.count, by: rowsPerChart).map { Array(shown[$0..<min($0 + rowsPerChart, shown.count)]) }
        for (number, chunk) in chunks.enumerated() {
            var rows: [RowChart.Row] = []
            var table = NumbersTable(columns: [
                .init("rater"), .init(noun), .init("observations", numeric: true), .init("bias", numeric: true), .init("SE", numeric: true),
                .init("t", numeric: true), .init("flagged"),
            ])
            for (index, term) in chunk {
                let at = Pointer.root / index
                var row = RowChart.Row(
                    "\(term.rater) · \(term.group)", source: .json(at / "rater"), annotation: term.flagged ? "flagged" : nil, isFlagged: term.flagged)
                if let bias = term.bias {
                    if let se = term.standardError { row.marks.append(.interval(bias - se, bias + se)) }
                    row.marks.append(.point(bias, term.flagged ? .diamond : .circle, series: term.flagged ? 1 : 0))
                } else {
                    row.missing = "— " + (term.gap?.rawValue ?? "no estimate")
                }
                rows.append(row)
                table.rows.append([
                    Cell.name(term.rater, at: at / "rater"), Cell.text(term.group, at: at / "group"), Cell.count(term.count, at: at / "count"),
                    Cell.measure(term.bias, at: at / "bias"), Cell.measure(term.standardError, at: at / "se"), Cell.measure(term.t, at: at / "t"),
                    Cell.yesNo(term.flagged, at: at / "flagged"),
                ])
            }
            var chart = RowChart(rows: rows, axisTitle: "Bias in logits (above 0: scores the \(noun) higher than expected)")
            chart.include = [-1, 1]
            chart.references = [RowChart.Reference(value: 0, label: "as expected", source: nil, isDashed: false)]
            chart.legend = [
                RowChart.LegendEntry(shape: .circle, series: 0, label: "bias"),
                RowChart.LegendEntry(shape: .diamond, series: 1, label: "flagged"),
                RowChart.LegendEntry(shape: nil, series: 6, isInterval: true, label: "± 1 standard error"),
            ]
            let suffix = chunks.count > 1 ? " (\(number + 1) of \(chunks.count))" : ""
            let id = "bias-\(name(part).replacingOccurrences(of: "/", with: "-"))" + (chunks.count > 1 ? "-\(number + 1)" : "")
            blocks.append(.figure(Figure(
                id: id, title: "\(name(part)): rater × \(noun) bias" + suffix, command: command, chart: chart.draw(id: id),
                description: "For each rater and \(noun), the bias term in logits with a line of one standard error either side; flagged "
                    + "cells (|t| ≥ 2 over at least 10 observations) are diamonds and say so. Cells without an estimate say why.",
                tables: [table], tableBeside: false)))
        }
        return blocks
    }
}
