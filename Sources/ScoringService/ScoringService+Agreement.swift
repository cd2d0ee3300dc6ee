import Dispatch
import ScoringCore
import ScoringStore

/// What `irr --by` breaks agreement down by.
public enum AgreementBreakdown: String, CaseIterable, Sendable {
    case rater
    case pair
}

/// The components and criteria `irr` measures.
struct AgreementScope {
    struct Part {
        var component: String
        var rubric: Rubric
        var criteria: [String]
    }

    var parts: [Part]

    init(task: AssessmentTask, component: String?, criterion: String?, in service: ScoringService) throws {
        var parts: [Part] = []
        let components = try component.map { [try service.component($0, of: task).0] } ?? task.components
        for part in components {
            let rubric = try service.rubric(part.rubric)
            var criteria = rubric.criteria.map(\.id)
            if let criterion { criteria = criteria.filter { $0 == criterion } }
            if !criteria.isEmpty { parts.append(Part(component: part.id, rubric: rubric, criteria: criteria)) }
        }
        if let criterion, parts.isEmpty {
            var known: [String] = []
            for part in components { known += (try? service.rubric(part.rubric).criteria.map(\.id)) ?? [] }
            var message = "no rubric of \(task.id)\(component.map { "/\($0)" } ?? "") has criterion '\(Quoting.visible(criterion))'"
            if let near = Suggestion.nearest(to: criterion, among: known) { message += "; did you mean '\(near)'?" }
            throw ServiceError(message)
        }
        self.parts = parts
    }
}

/// The items of every measured (component, criterion): each submission's reads in time order.
public struct AgreementData: Sendable {
    public struct Criterion: Sendable {
        public var component: String
        public var criterion: String
        public var scale: [Int]
        public var items: [ItemReads]
    }

    /// The task measured.
    public var task: String
    public var criteria: [Criterion] = []
    /// Reads left out because they carry a condition code, by component.
    public var coded: [String: Int] = [:]
    public var raterNames: [String]
    /// The two raters `--raters` names, as indexes into `raterNames`.
    public var pair: RaterPair?
    /// The raters `--raters` names, as given.
    public var pairNames: (String, String) = ("", "")

    init(task: String, table: TaskReads, scope: AgreementScope, pair names: (String, String)?) {
        self.task = task
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
            // A single-part task's runs are all of its part's: no copy of a million ranges.
            let partRuns = table.components.count == 1 && componentIndex == 0
                ? runs : runs.filter { table.component[$0.lowerBound] == componentIndex }
            coded[part.component] = partRuns.reduce(0) { total, run in total + run.count { table.code[$0] != nil } }
            for criterion in part.criteria { jobs.append((part, criterion, partRuns)) }
        }
        // Criteria are independent: gather their items on every core.
        let built = ChunkResults<Criterion>(count: jobs.count)
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { job in
            let (part, criterion, partRuns) = work[job]
            let items = table.criterionIndex(criterion).map { Self.items(of: partRuns, criterion: $0, in: table) } ?? []
            built.store([Criterion(component: part.component, criterion: criterion, scale: part.rubric.scores, items: items)], at: job)
        }
        criteria = built.joined()
    }

    /// The items of criterion `criterion` (an index into the table's criteria) among `runs`: each
    /// run's reads that score it, a read's first score of it counting.
    private static func items(of runs: [Range<Int>], criterion: Int32, in table: TaskReads) -> [ItemReads] {
        var items: [ItemReads] = []
        items.reserveCapacity(runs.count)
        var raters = [Int32](repeating: 0, count: 4)
        var scores = [Int](repeating: 0, count: 4)
        let wanted = Int16(truncatingIfNeeded: criterion)
        for run in runs {
            if run.count > raters.count {
                raters = [Int32](repeating: 0, count: run.count)
                scores = [Int](repeating: 0, count: run.count)
            }
            var taken = 0
            for read in run where table.code[read] == nil {
                for index in Int(table.scoreStart[read])..<Int(table.scoreStart[read + 1]) where table.scoreCriterion[index] == wanted {
                    raters[taken] = table.rater[read]
                    scores[taken] = Int(table.scoreValue[index])
                    taken += 1
                    break
                }
            }
            guard taken > 0 else { continue }
            raters.withUnsafeBufferPointer { raters in
                scores.withUnsafeBufferPointer { scores in
                    items.append(ItemReads(
                        raters: UnsafeBufferPointer(rebasing: raters[..<taken]), scores: UnsafeBufferPointer(rebasing: scores[..<taken])))
                }
            }
        }
        return items
    }
}

/// The read-1 by read-2 (or rater A by rater B) counts of one criterion.
public struct AgreementMatrix: Sendable {
    public var task: String
    public var component: String
    public var criterion: String
    /// What the rows and columns are: `read 1` and `read 2`, or the two raters.
    public var rows: String
    public var columns: String
    public var levels: [Int]
    /// `counts[row][column]`, rows and columns in `levels` order.
    public var counts: [[Int]]
    public var items: Int
}

/// One rater (or pair) against their co-raters, over the measured criteria.
public struct AgreementBreakdownRow: Sendable {
    public var rater: String
    /// The other rater of a pair; nil by rater.
    public var coRater: String?
    /// Submissions read by the rater (or both of the pair) that someone else read too.
    public var items: Int
    public var comparison: RaterComparison
}

extension ScoringService {
    /// The items `irr` measures: each submission's operational reads of each criterion of the
    /// task (or one component or criterion), as this service may see them.
    ///
    /// - Parameter raters: two raters to compare (`--raters A,B`), who must be on the roster.
    public func agreement(task: String, component: String?, criterion: String?, raters: (String, String)?) throws -> AgreementData {
        let task = try self.task(task)
        let scope = try AgreementScope(task: task, component: component, criterion: criterion, in: self)
        if let (first, second) = raters {
            _ = try rater(first)
            _ = try rater(second)
        }
        let table = try taskReads(task: task.id, component: component, kinds: [.read])
        return AgreementData(task: task.id, table: table, scope: scope, pair: raters)
    }

    /// Every criterion analysed, criteria spread over the cores.
    public func analyze(_ data: AgreementData) -> [AgreementResult] {
        let results = ChunkResults<AgreementResult>(count: data.criteria.count)
        let criteria = data.criteria, pair = data.pair
        DispatchQueue.concurrentPerform(iterations: criteria.count) { index in
            let criterion = criteria[index]
            results.store([AgreementAnalysis.analyze(items: criterion.items, scale: criterion.scale, raters: pair)], at: index)
        }
        return results.joined()
    }

    /// The first-read by second-read counts of one criterion (rater A by rater B with --raters).
    public func agreementMatrix(_ data: AgreementData) throws -> AgreementMatrix {
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
        let pair = data.pair == nil ? nil : data.pairNames
        return AgreementMatrix(
            task: data.task, component: criterion.component, criterion: criterion.criterion, rows: pair?.0 ?? "read 1",
            columns: pair?.1 ?? "read 2", levels: levels, counts: counts, items: items)
    }

    /// Each rater (or pair of raters) against their co-raters, pooled over the measured criteria.
    public func agreementBreakdown(_ data: AgreementData, by: AgreementBreakdown, minimumItems: Int) -> [AgreementBreakdownRow] {
        var raters: [[Int32]] = []
        var scores: [[Int]] = []
        for criterion in data.criteria {
            for item in criterion.items where item.raters.count >= 2 {
                raters.append(Array(item.raters))
                scores.append(Array(item.scores))
            }
        }
        // Submissions (not submission x criterion) count as items: every read scores every criterion.
        var submissionRaters: [[Int32]] = []
        var seen: Set<String> = []
        for criterion in data.criteria where seen.insert(criterion.component).inserted {
            for item in criterion.items where item.raters.count >= 2 { submissionRaters.append(Array(item.raters)) }
        }
        let zeros = submissionRaters.map { Array(repeating: 0, count: $0.count) }
        func name(_ index: Int32?) -> String {
            guard let index, index >= 0, Int(index) < data.raterNames.count else { return "" }
            return data.raterNames[Int(index)]
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
        return comparisons.sorted { (name($0.rater), name($0.coRater)) < (name($1.rater), name($1.coRater)) }.map { comparison in
            let key = by == .rater ? name(comparison.rater) : "\(name(comparison.rater)),\(name(comparison.coRater))"
            return AgreementBreakdownRow(
                rater: name(comparison.rater), coRater: by == .pair ? name(comparison.coRater) : nil, items: itemCounts[key] ?? 0,
                comparison: comparison)
        }
    }
}
