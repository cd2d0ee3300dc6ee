import ArgumentParser
import Dispatch
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

extension AgreementBreakdown: ExpressibleByArgument {}

struct AgreementCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "irr",
        abstract: "Inter-rater agreement of a task's operational reads, per component and criterion.",
        discussion: """
            From the current reads of kind 'read' (adjudication, backread, master and calibration reads are left \
            out, and so are reads with a condition code, which are counted): pair shares, Cohen's kappas, Fleiss' \
            kappa, Krippendorff's alphas, the six Shrout & Fleiss ICCs and Gwet's AC1/AC2, each with a 95% \
            interval (F-based for ICCs, a seeded 2,000-resample item bootstrap for the rest). --matrix shows the \
            first-read by second-read table of one criterion; --by rater shows each rater against their \
            co-raters; --by pair each pair of raters with at least --min-items submissions in common.
            """)

    @Option(help: "The task.")
    var task: String

    @Option(help: "Only this component.")
    var component: String?

    @Option(help: "Only this criterion.")
    var criterion: String?

    @Option(help: ArgumentHelp("Two raters, A,B: Cohen's kappas and ICCs between them on the items both read.", valueName: "A,B"))
    var raters: String?

    @Flag(help: "Show the read-1 x read-2 agreement table of one criterion (rater A x rater B with --raters).")
    var matrix = false

    @Option(help: ArgumentHelp("Break agreement down by rater or by pair of raters.", valueName: "rater|pair"))
    var by: AgreementBreakdown?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --by pair: the fewest submissions two raters must share to be listed.", valueName: "n"))
    var minItems: Int = 10

    /// The two raters of `--raters`, if given as `A,B`.
    private var namedRaters: (String, String)? {
        guard let parts = raters?.split(separator: ",", omittingEmptySubsequences: false), parts.count == 2 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    func validate() throws {
        if raters != nil {
            guard let (first, second) = namedRaters, !first.isEmpty, !second.isEmpty else {
                throw ValidationError("--raters takes two rater ids separated by a comma, e.g. --raters r-chen,r-patel")
            }
            guard first != second else { throw ValidationError("--raters names the same rater twice") }
            try requireID(first, kind: "rater")
            try requireID(second, kind: "rater")
        }
        if matrix, by != nil { throw ValidationError("give --matrix or --by, not both") }
        if minItems < 1 { throw ValidationError("--min-items must be 1 or more") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let data = try shell.service.agreement(task: task, component: component, criterion: criterion, raters: namedRaters)
        if matrix { return .output(AgreementReport.matrix(try shell.service.agreementMatrix(data))) }
        if let by {
            let rows = shell.service.agreementBreakdown(data, by: by, minimumItems: minItems)
            return .output(AgreementReport.breakdown(rows, by: by, minimumItems: minItems, task: task))
        }
        return .output(AgreementReport.statistics(data, results: shell.service.analyze(data)))
    }
}

/// How `irr` shows its results.
enum AgreementReport {
    static let names: [AgreementCoefficient: String] = [
        .cohenKappa: "Cohen's kappa", .linearKappa: "linear weighted kappa", .quadraticKappa: "quadratic weighted kappa",
        .fleissKappa: "Fleiss' kappa", .alphaNominal: "Krippendorff's alpha, nominal", .alphaOrdinal: "Krippendorff's alpha, ordinal",
        .alphaInterval: "Krippendorff's alpha, interval", .alphaRatio: "Krippendorff's alpha, ratio",
        .icc1: "ICC(1,1)", .icc2: "ICC(2,1)", .icc3: "ICC(3,1)", .icc1k: "ICC(1,k)", .icc2k: "ICC(2,k)", .icc3k: "ICC(3,k)",
        .gwetAC1: "Gwet's AC1", .gwetAC2: "Gwet's AC2 (quadratic)",
    ]

    static func share(_ value: Double?) -> String { value.map(Format.share) ?? "" }
    static func number(_ value: Double?) -> String { value.map(Format.coefficient) ?? "" }

    static func statistics(_ data: AgreementData, results: [AgreementResult]) -> CommandOutput {
        let task = data.task
        var json: [JSONValue] = []
        var rows: [[String]] = []
        var text = ""
        for (criterion, result) in zip(data.criteria, results) {
            var object: [(String, JSONValue)] = [
                ("task", .string(task)), ("component", .string(criterion.component)), ("criterion", .string(criterion.criterion)),
                ("items", .int(result.items)), ("raters", .int(result.raters)), ("ratings", .int(result.ratings)),
                ("exact", .number(result.exact)), ("adjacent", .number(result.adjacent)),
                ("within_one", .number(result.withinOne)), ("discrepant", .number(result.discrepant)),
            ]
            for coefficient in AgreementCoefficient.allCases {
                object.append((coefficient.rawValue, .number(result.value(coefficient))))
            }
            object.append(("ci", .object(AgreementCoefficient.allCases.map { coefficient in
                (coefficient.rawValue, result.interval(coefficient).map { JSONValue.array([.number($0.low), .number($0.high)]) } ?? .null)
            })))
            let coded = data.coded[criterion.component] ?? 0
            if coded > 0 { object.append(("coded", .int(coded))) }
            // With --raters, the kappas and ICCs are over the items both raters read.
            let pairItems = data.pair.map { pair in
                criterion.items.filter { $0.score(of: pair.first) != nil && $0.score(of: pair.second) != nil }.count
            }
            if let pairItems { object.append(("pair_items", .int(pairItems))) }
            json.append(.object(object))

            var row = [
                criterion.component, criterion.criterion, String(result.items), String(result.raters), String(result.ratings),
                number(result.exact), number(result.adjacent), number(result.withinOne), number(result.discrepant),
            ]
            for coefficient in AgreementCoefficient.allCases {
                row += [number(result.value(coefficient)), number(result.interval(coefficient)?.low), number(result.interval(coefficient)?.high)]
            }
            rows.append(row)
            text += block(criterion, result, task: task, coded: coded, pair: pairItems.map { (data.pairNames, $0) })
        }
        var columns = ["component", "criterion", "items", "raters", "ratings", "exact", "adjacent", "within_one", "discrepant"]
        for coefficient in AgreementCoefficient.allCases {
            columns += [coefficient.rawValue, coefficient.rawValue + "_low", coefficient.rawValue + "_high"]
        }
        return CommandOutput(json: .array(json), table: TextTable(columns: columns, rows: rows), text: text.isEmpty ? "(none)\n" : text)
    }

    /// One criterion's statistics for people: the shares, then each coefficient with its interval.
    static func block(
        _ criterion: AgreementData.Criterion, _ result: AgreementResult, task: String, coded: Int,
        pair: (names: (String, String), items: Int)?
    ) -> String {
        var output = "\(task) / \(criterion.component) / \(criterion.criterion): "
        output += "\(Format.count(result.items, "item")), \(Format.count(result.raters, "rater")), \(Format.count(result.ratings, "read"))"
        if coded > 0 { output += " (\(Format.count(coded, "coded read")) left out)" }
        output += "\n"
        guard result.items > 0 else { return output + "  no item has two reads yet\n\n" }
        output += "  exact \(share(result.exact)) · adjacent \(share(result.adjacent)) · within one \(share(result.withinOne)) · discrepant \(share(result.discrepant))\n"
        var rows: [[String]] = []
        for coefficient in AgreementCoefficient.allCases {
            let estimate = result[coefficient]
            let interval = estimate.interval.map { "\(Format.coefficient($0.low)) to \(Format.coefficient($0.high))" } ?? ""
            rows.append([names[coefficient] ?? coefficient.rawValue, estimate.value.map(Format.coefficient) ?? "—", interval,
                         estimate.value == nil ? (estimate.reason?.rawValue ?? "") : ""])
        }
        let table = TextTable(columns: ["coefficient", "value", "95% interval", "note"], rows: rows, numericColumns: [1]).aligned
        for line in table.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            output += "  " + line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        if let pair {
            output += "  Cohen's kappas and ICCs: \(pair.names.0) and \(pair.names.1) on the \(Format.count(pair.items, "item")) both read;"
            output += " the shares and the other coefficients: every read above\n"
        } else if let design = result.intraclassDesign {
            let described: String
            switch design {
            case .namedRaters: described = "the two named raters"
            case .crossedRaters: described = "raters as columns (a crossed design)"
            case .readOrder: described = "reads in time order as columns (raters vary by item; read ICC(1,1))"
            }
            output += "  ICCs over \(Format.count(result.intraclassItems, "item")), \(described)\n"
        }
        return output + "\n"
    }

    /// The first-read by second-read counts of one criterion (rater A by rater B with --raters).
    static func matrix(_ matrix: AgreementMatrix) -> CommandOutput {
        let levels = matrix.levels, counts = matrix.counts, items = matrix.items
        var rows: [[String]] = []
        for (index, level) in levels.enumerated() {
            rows.append(["\(level)"] + counts[index].map(String.init) + [String(counts[index].reduce(0, +))])
        }
        let columnTotals = levels.indices.map { column in counts.reduce(0) { $0 + $1[column] } }
        rows.append(["total"] + columnTotals.map(String.init) + [String(items)])
        let table = TextTable(
            columns: ["\(matrix.rows) \\ \(matrix.columns)"] + levels.map(String.init) + ["total"], rows: rows,
            numericColumns: Set(1...(levels.count + 1)))
        let diagonal = levels.indices.reduce(0) { $0 + counts[$1][$1] }
        var text = "\(matrix.task) / \(matrix.component) / \(matrix.criterion): \(matrix.rows) (rows) by \(matrix.columns) (columns), \(Format.count(items, "item"))\n"
        text += table.aligned
        if items > 0 { text += "on the diagonal (exact agreement): \(diagonal) of \(items), \(Format.share(Double(diagonal) / Double(items)))\n" }
        let json = JSONValue.object([
            ("task", .string(matrix.task)), ("component", .string(matrix.component)), ("criterion", .string(matrix.criterion)),
            ("rows", .string(matrix.rows)), ("columns", .string(matrix.columns)), ("levels", .array(levels.map { .int($0) })),
            ("counts", .array(counts.map { .array($0.map { .int($0) }) })), ("items", .int(items)),
        ])
        return CommandOutput(json: json, table: table, text: text)
    }

    /// Each rater (or pair of raters) against their co-raters, pooled over the measured criteria.
    static func breakdown(_ breakdown: [AgreementBreakdownRow], by: AgreementBreakdown, minimumItems: Int, task: String) -> CommandOutput {
        func tendency(_ difference: Double?) -> String {
            guard let difference else { return "" }
            if difference >= 0.25 { return "lenient" }
            if difference <= -0.25 { return "severe" }
            return ""
        }
        var json: [JSONValue] = []
        var rows: [[String]] = []
        for entry in breakdown {
            let comparison = entry.comparison, items = entry.items
            var object: [(String, JSONValue)] = [("task", .string(task)), ("rater", .string(entry.rater))]
            if let coRater = entry.coRater { object.append(("co_rater", .string(coRater))) }
            object += [
                ("items", .int(items)), ("comparisons", .int(comparison.comparisons)), ("exact", .number(comparison.exact)),
                ("within_one", .number(comparison.withinOne)), ("mean_difference", .number(comparison.meanDifference)),
            ]
            json.append(.object(object))
            var row = [entry.rater]
            if let coRater = entry.coRater { row.append(coRater) }
            row += [
                String(items), String(comparison.comparisons), share(comparison.exact), share(comparison.withinOne),
                comparison.meanDifference.map(Format.difference) ?? "", tendency(comparison.meanDifference),
            ]
            rows.append(row)
        }
        let columns = (by == .pair ? ["rater", "co-rater"] : ["rater"]) + ["items", "scores compared", "exact", "within one", "mean difference", "tendency"]
        let first = by == .pair ? 2 : 1
        let table = TextTable(columns: columns, rows: rows, numericColumns: Set(first..<(first + 5)))
        var text: String?
        if rows.isEmpty {
            text = by == .pair
                ? "(none): no two raters share \(minimumItems) or more submissions (--min-items \(minimumItems)); give a smaller --min-items to see fewer\n"
                : "(none): no submission has two reads yet\n"
        }
        return CommandOutput(json: .array(json), table: table, text: text)
    }
}
