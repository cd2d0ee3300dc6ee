import ArgumentParser
import Dispatch
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

/// What `irr --by` breaks agreement down by.
enum AgreementBreakdown: String, ExpressibleByArgument, CaseIterable {
    case rater
    case pair
}

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
        let task = try shell.service.task(self.task)
        let scope = try AgreementScope(task: task, component: component, criterion: criterion, in: shell)
        let pair = namedRaters
        if let (first, second) = pair {
            _ = try shell.service.rater(first)
            _ = try shell.service.rater(second)
        }
        let table = try shell.service.taskReads(task: task.id, component: component, kinds: [.read])
        let data = AgreementData(table: table, scope: scope, pair: pair)
        if matrix { return .output(try AgreementReport.matrix(data, task: task.id, pair: pair)) }
        if let by { return .output(AgreementReport.breakdown(data, by: by, minimumItems: minItems, task: task.id)) }
        return .output(AgreementReport.statistics(data, task: task.id))
    }
}

/// The components and criteria `irr` measures.
struct AgreementScope {
    struct Part {
        var component: String
        var rubric: Rubric
        var criteria: [String]
    }

    var parts: [Part]

    init(task: AssessmentTask, component: String?, criterion: String?, in shell: ShellContext) throws {
        var parts: [Part] = []
        let components = try component.map { [try shell.service.component($0, of: task).0] } ?? task.components
        for part in components {
            let rubric = try shell.service.rubric(part.rubric)
            var criteria = rubric.criteria.map(\.id)
            if let criterion { criteria = criteria.filter { $0 == criterion } }
            if !criteria.isEmpty { parts.append(Part(component: part.id, rubric: rubric, criteria: criteria)) }
        }
        if let criterion, parts.isEmpty {
            var known: [String] = []
            for part in components { known += (try? shell.service.rubric(part.rubric).criteria.map(\.id)) ?? [] }
            var message = "no rubric of \(task.id)\(component.map { "/\($0)" } ?? "") has criterion '\(Quoting.visible(criterion))'"
            if let near = Suggestion.nearest(to: criterion, among: known) { message += "; did you mean '\(near)'?" }
            throw ServiceError(message)
        }
        self.parts = parts
    }
}

/// The items of every measured (component, criterion): each submission's reads in time order.
struct AgreementData {
    struct Criterion {
        var component: String
        var criterion: String
        var scale: [Int]
        var items: [ItemReads]
    }

    var criteria: [Criterion] = []
    /// Reads left out because they carry a condition code, by component.
    var coded: [String: Int] = [:]
    var raterNames: [String]
    var pair: RaterPair?
    /// The raters `--raters` names, as given.
    var pairNames: (String, String) = ("", "")

    init(table: TaskReads, scope: AgreementScope, pair names: (String, String)?) {
        raterNames = table.raters
        if let names {
            pairNames = names
            // A rater with no reads here still makes a pair: one that shares no item.
            let first = table.raters.firstIndex(of: names.0).map(Int32.init) ?? -1
            let second = table.raters.firstIndex(of: names.1).map(Int32.init) ?? -2
            pair = RaterPair(first, second)
        }
        let runs = table.submissions
        var jobs: [(part: AgreementScope.Part, criterion: String, runs: [Range<Int>])] = []
        for part in scope.parts {
            let componentIndex = table.components.firstIndex(of: part.component).map(Int32.init)
            let partRuns = runs.filter { table.component[$0.lowerBound] == componentIndex }
            coded[part.component] = partRuns.reduce(0) { total, run in total + run.filter { table.code[$0] != nil }.count }
            for criterion in part.criteria { jobs.append((part, criterion, partRuns)) }
        }
        // Criteria are independent: gather their items on every core.
        let built = ChunkResults<Criterion>(count: jobs.count)
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { job in
            let (part, criterion, partRuns) = work[job]
            let index = table.criterionIndex(criterion)
            var items: [ItemReads] = []
            items.reserveCapacity(partRuns.count)
            for run in partRuns {
                var raters: [Int32] = []
                var scores: [Int] = []
                raters.reserveCapacity(run.count)
                scores.reserveCapacity(run.count)
                for read in run where table.code[read] == nil {
                    guard let index, let score = table.score(read: read, criterion: index) else { continue }
                    raters.append(table.rater[read])
                    scores.append(score)
                }
                if !scores.isEmpty { items.append(ItemReads(raters: raters, scores: scores)) }
            }
            built.store([Criterion(component: part.component, criterion: criterion, scale: part.rubric.scores, items: items)], at: job)
        }
        criteria = built.joined()
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

    /// Every criterion analysed, criteria spread over the cores.
    static func analyze(_ data: AgreementData) -> [AgreementResult] {
        let results = ChunkResults<AgreementResult>(count: data.criteria.count)
        let criteria = data.criteria, pair = data.pair
        DispatchQueue.concurrentPerform(iterations: criteria.count) { index in
            let criterion = criteria[index]
            results.store([AgreementAnalysis.analyze(items: criterion.items, scale: criterion.scale, raters: pair)], at: index)
        }
        return results.joined()
    }

    static func share(_ value: Double?) -> String { value.map(Format.share) ?? "" }
    static func number(_ value: Double?) -> String { value.map(Format.coefficient) ?? "" }

    static func statistics(_ data: AgreementData, task: String) -> CommandOutput {
        let results = analyze(data)
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
    static func matrix(_ data: AgreementData, task: String, pair: (String, String)?) throws -> CommandOutput {
        guard data.criteria.count == 1, let criterion = data.criteria.first else {
            let named = data.criteria.map { "\($0.component)/\($0.criterion)" }.prefix(8).joined(separator: ", ")
            throw ServiceError("--matrix shows one criterion; name it with --criterion (and --component): \(named)")
        }
        let levels = criterion.scale
        var counts = Array(repeating: Array(repeating: 0, count: levels.count), count: levels.count)
        var items = 0
        for item in criterion.items {
            var first: Int?
            var second: Int?
            if let pair = data.pair {
                first = item.score(of: pair.first)
                second = item.score(of: pair.second)
            } else if item.scores.count == 2 {
                first = item.scores[0]
                second = item.scores[1]
            } else if item.scores.count > 2 {
                throw ServiceError("some item has more than two reads; name two raters with --raters A,B")
            }
            guard let first, let second, let row = levels.firstIndex(of: first), let column = levels.firstIndex(of: second) else { continue }
            counts[row][column] += 1
            items += 1
        }
        let rowsLabel = pair.map { $0.0 } ?? "read 1"
        let columnsLabel = pair.map { $0.1 } ?? "read 2"
        var rows: [[String]] = []
        for (index, level) in levels.enumerated() {
            rows.append(["\(level)"] + counts[index].map(String.init) + [String(counts[index].reduce(0, +))])
        }
        let columnTotals = levels.indices.map { column in counts.reduce(0) { $0 + $1[column] } }
        rows.append(["total"] + columnTotals.map(String.init) + [String(items)])
        let table = TextTable(
            columns: ["\(rowsLabel) \\ \(columnsLabel)"] + levels.map(String.init) + ["total"], rows: rows,
            numericColumns: Set(1...(levels.count + 1)))
        let diagonal = levels.indices.reduce(0) { $0 + counts[$1][$1] }
        var text = "\(task) / \(criterion.component) / \(criterion.criterion): \(rowsLabel) (rows) by \(columnsLabel) (columns), \(Format.count(items, "item"))\n"
        text += table.aligned
        if items > 0 { text += "on the diagonal (exact agreement): \(diagonal) of \(items), \(Format.share(Double(diagonal) / Double(items)))\n" }
        let json = JSONValue.object([
            ("task", .string(task)), ("component", .string(criterion.component)), ("criterion", .string(criterion.criterion)),
            ("rows", .string(rowsLabel)), ("columns", .string(columnsLabel)), ("levels", .array(levels.map { .int($0) })),
            ("counts", .array(counts.map { .array($0.map { .int($0) }) })), ("items", .int(items)),
        ])
        return CommandOutput(json: json, table: table, text: text)
    }

    /// Each rater (or pair of raters) against their co-raters, pooled over the measured criteria.
    static func breakdown(_ data: AgreementData, by: AgreementBreakdown, minimumItems: Int, task: String) -> CommandOutput {
        var raters: [[Int32]] = []
        var scores: [[Int]] = []
        for criterion in data.criteria {
            for item in criterion.items where item.raters.count >= 2 {
                raters.append(item.raters)
                scores.append(item.scores)
            }
        }
        // Submissions (not submission x criterion) count as items: every read scores every criterion.
        var submissionRaters: [[Int32]] = []
        var seen: Set<String> = []
        for criterion in data.criteria where seen.insert(criterion.component).inserted {
            for item in criterion.items where item.raters.count >= 2 { submissionRaters.append(item.raters) }
        }
        let zeros = submissionRaters.map { Array(repeating: 0, count: $0.count) }
        func name(_ index: Int32?) -> String {
            guard let index, index >= 0, Int(index) < data.raterNames.count else { return "" }
            return data.raterNames[Int(index)]
        }
        func tendency(_ difference: Double?) -> String {
            guard let difference else { return "" }
            if difference >= 0.25 { return "lenient" }
            if difference <= -0.25 { return "severe" }
            return ""
        }
        let comparisons: [RaterComparison]
        let itemCounts: [String: Int]
        switch by {
        case .rater:
            comparisons = RaterComparison.byRater(raters: raters, scores: scores)
            itemCounts = Dictionary(uniqueKeysWithValues: RaterComparison.byRater(raters: submissionRaters, scores: zeros).map { (name($0.rater), $0.items) })
        case .pair:
            let pairs = RaterComparison.byPair(raters: submissionRaters, scores: zeros, minimumItems: minimumItems)
            itemCounts = Dictionary(uniqueKeysWithValues: pairs.map { ("\(name($0.rater)),\(name($0.coRater))", $0.items) })
            comparisons = RaterComparison.byPair(raters: raters, scores: scores, minimumItems: 1)
                .filter { itemCounts["\(name($0.rater)),\(name($0.coRater))"] != nil }
        }
        var json: [JSONValue] = []
        var rows: [[String]] = []
        for comparison in comparisons.sorted(by: { (name($0.rater), name($0.coRater)) < (name($1.rater), name($1.coRater)) }) {
            let key = by == .rater ? name(comparison.rater) : "\(name(comparison.rater)),\(name(comparison.coRater))"
            let items = itemCounts[key] ?? 0
            var object: [(String, JSONValue)] = [("task", .string(task)), ("rater", .string(name(comparison.rater)))]
            if by == .pair { object.append(("co_rater", .string(name(comparison.coRater)))) }
            object += [
                ("items", .int(items)), ("comparisons", .int(comparison.comparisons)), ("exact", .number(comparison.exact)),
                ("within_one", .number(comparison.withinOne)), ("mean_difference", .number(comparison.meanDifference)),
            ]
            json.append(.object(object))
            var row = [name(comparison.rater)]
            if by == .pair { row.append(name(comparison.coRater)) }
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
