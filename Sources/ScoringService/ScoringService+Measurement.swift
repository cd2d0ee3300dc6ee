import ScoringCore
import ScoringStore

/// One task component a measurement reads: `--task T [--component C]`, or one entry of `--tasks`
/// (`T` or `T/C`).
public struct TaskPart: Sendable, Hashable {
    public var task: String
    /// nil: the task's only component.
    public var component: String?

    public init(task: String, component: String? = nil) {
        self.task = task
        self.component = component
    }
}

/// A many-facet Rasch analysis of one task component (SPEC 13, `rasch`) and what went into it.
public struct RaschMeasurement: Sendable {
    public var task: String
    public var component: String
    /// How results and messages name the component: `task`, or `task/component` for a task with
    /// several components.
    public var scope: String
    public var rubric: Rubric
    /// Students by id, raters by id, criteria in the rubric's order.
    public var analysis: RaschAnalysis
    /// The observations estimated from: one per read and criterion, categories 0...m by rank in
    /// the rubric's scale.
    public var observations: [RaschObservation]
    /// The scored reads the observations come from.
    public var reads: Int
    /// Reads with a condition code: they have no scores and are left out.
    public var codedReads: Int

    /// Where a Wright map's scale column changes level: for k = 1...m, the rubric score of
    /// category k and the logit at which an element meeting an average rater on an average
    /// criterion is expected to score k - 0.5 (Linacre's half-point thresholds), ascending.
    public var scaleZones: [(level: Int, from: Double)] {
        let model = analysis.model
        return analysis.thresholds.compactMap { threshold in
            model.logit(atExpectedCategory: Double(threshold.category) - 0.5).map { (threshold.level, $0) }
        }
    }
}

/// Rater × group bias terms (SPEC 13, `bias`) over a Rasch analysis.
public struct RaterBiasReport: Sendable {
    public var measurement: RaschMeasurement
    public var attribute: GroupingAttribute
    /// In the analysis's rater order, then in the order the observations first name each group.
    public var terms: [RaterBiasTerm]
    /// Students of the analysis without the attribute: left out of every cell.
    public var studentsWithoutGroup: Int
}

/// A G study (SPEC 13, `gstudy`) and the reads it was drawn from.
public struct GeneralizabilityReport: Sendable {
    /// The task components read, components filled in; each one is a level of the task facet.
    public var parts: [TaskPart]
    /// The criterion analysed; nil for the combined score.
    public var criterion: String?
    /// The balanced design drawn from the reads: persons kept and left out, tasks, and the raters
    /// that are its columns.
    public var data: GeneralizabilityData
    public var study: GeneralizabilityStudy
    /// Reads with a condition code: they have no scores and are left out.
    public var codedReads: Int
    /// The cut `dstudy` uses without `--cut`: the rubrics' `proficient_at`, when every part's
    /// rubric sets the same; nil when they differ.
    public var defaultCut: Double?
    /// Each distinct rubric's `proficient_at`, in the order of the parts, for saying why there
    /// is no default cut.
    public var rubricCuts: [(rubric: String, cut: Double)]
}

/// D-study projections (SPEC 13, `dstudy`) from a G study.
public struct DecisionStudyReport: Sendable {
    public var gstudy: GeneralizabilityReport
    /// Raters varying slowest, in the orders asked for.
    public var points: [DecisionPoint]
    /// λ of Phi(λ): `--cut`, else the G study's default; nil when the rubrics' cuts differ and
    /// none was given (every `phi_lambda` is then nil).
    public var cut: Double?
}

extension ScoringService {
    // MARK: - rasch

    /// The many-facet Rasch analysis of one task component (SPEC 13) from its current reads of
    /// kind `read` that this service may see: each scored read gives one observation per
    /// criterion, its score recoded to its rank 0...m in the rubric's scale; coded reads have no
    /// scores and are left out (counted).
    ///
    /// - Throws: `ServiceError` for an unknown task or component, a component without scored
    ///   reads, a score outside the rubric's current scale, or an analysis the core refuses (a
    ///   level unused or subsets disconnected once extreme elements are out, named).
    public func rasch(task: String, component: String? = nil) throws -> RaschMeasurement {
        let task = try self.task(task)
        let (part, rubric) = try self.component(component, of: task)
        let table = try taskReads(task: task.id, component: part.id, kinds: [.read])
        let scope = Self.partName(task: task, component: part.id)
        let rank = Dictionary(rubric.scores.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let criteria = rubric.criteria.compactMap { criterion in table.criterionIndex(criterion.id).map { (criterion.id, $0) } }
        var observations: [RaschObservation] = []
        var reads = 0, coded = 0
        for read in 0..<table.count {
            guard table.code[read] == nil else {
                coded += 1
                continue
            }
            reads += 1
            let student = table.students[Int(table.student[read])], rater = table.raters[Int(table.rater[read])]
            for (criterion, index) in criteria {
                guard let score = table.score(read: read, criterion: index) else { continue }
                guard let category = rank[score] else {
                    throw ServiceError(
                        "\(rater)'s read of \(student) gives \(criterion) \(score), which is not on \(rubric.id)'s scale \(rubric.scaleDescription); "
                            + "was it scored under an earlier version of the rubric?")
                }
                observations.append(RaschObservation(student: student, rater: rater, criterion: criterion, category: category))
            }
        }
        guard !observations.isEmpty else {
            throw ServiceError("\(scope) has no scored reads of kind 'read' to measure"
                + (coded > 0 ? " (\(Format.count(coded, "coded read")) left out)" : ""))
        }
        var analysis: RaschAnalysis
        do {
            analysis = try JointMaximumLikelihood.estimate(observations, scale: rubric.scores)
        } catch {
            throw ServiceError("cannot measure \(scope): \(error.description)")
        }
        analysis.students.elements.sort { $0.id < $1.id }
        analysis.raters.elements.sort { $0.id < $1.id }
        let criterionOrder = Dictionary(rubric.criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        analysis.criteria.elements.sort { (criterionOrder[$0.id] ?? 0) < (criterionOrder[$1.id] ?? 0) }
        return RaschMeasurement(
            task: task.id, component: part.id, scope: scope, rubric: rubric, analysis: analysis, observations: observations, reads: reads,
            codedReads: coded)
    }

    // MARK: - bias

    /// Rater × group bias (SPEC 13) over `rasch(task:component:)`, groups from the student
    /// roster: a school, a grade, or (`.group`) each of a student's groups.
    ///
    /// A student in several groups counts in each: the core takes one group per student, so
    /// each group's terms are estimated over its own members' observations, and one observation
    /// can enter several cells of its rater. A student without the attribute is left out.
    ///
    /// - Throws: as `rasch(task:component:)`.
    public func bias(task: String, component: String? = nil, by attribute: GroupingAttribute) throws -> RaterBiasReport {
        let measurement = try rasch(task: task, component: component)
        var roster: [String: Student] = [:]
        for student in try store.students() { roster[student.id] = student }
        func groups(of id: String) -> [String] {
            guard let student = roster[id] else { return [] }
            switch attribute {
            case .school: return student.school.map { [$0] } ?? []
            case .grade: return student.grade.map { [$0] } ?? []
            case .group: return student.groups
            }
        }
        var groupOrder: [String] = []
        var members: [String: [String: String]] = [:]
        var observationsOf: [String: [RaschObservation]] = [:]
        var groupsOf: [String: [String]] = [:]
        for observation in measurement.observations {
            let named = groupsOf[observation.student] ?? groups(of: observation.student)
            groupsOf[observation.student] = named
            for group in named {
                if members[group] == nil { groupOrder.append(group) }
                members[group, default: [:]][observation.student] = group
                observationsOf[group, default: []].append(observation)
            }
        }
        var terms: [RaterBiasTerm] = []
        for group in groupOrder {
            terms += RaterBias.estimate(observationsOf[group] ?? [], groups: members[group] ?? [:], analysis: measurement.analysis)
        }
        let raterIndex = Dictionary(measurement.analysis.raters.elements.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let groupIndex = Dictionary(groupOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        terms.sort { (raterIndex[$0.rater] ?? 0, groupIndex[$0.group] ?? 0) < (raterIndex[$1.rater] ?? 0, groupIndex[$1.group] ?? 0) }
        let without = measurement.analysis.students.elements.filter { (groupsOf[$0.id] ?? []).isEmpty }.count
        return RaterBiasReport(measurement: measurement, attribute: attribute, terms: terms, studentsWithoutGroup: without)
    }

    // MARK: - gstudy and dstudy

    /// The G study of one task component: `gstudy(parts:criterion:)` with one part.
    public func gstudy(task: String, component: String? = nil, criterion: String? = nil) throws -> GeneralizabilityReport {
        try gstudy(parts: [TaskPart(task: task, component: component)], criterion: criterion)
    }

    /// A G study (SPEC 13) of one criterion, or of the combined score (each read's weighted mean
    /// of its criterion scores, by the rubric's weights), from the current reads of kind `read`
    /// this service may see; each part is one level of the task facet, and the design follows
    /// from who read what (`GeneralizabilityData`), reads in time order.
    ///
    /// - Parameters:
    ///   - parts: one part for a single-task design, or two or more distinct parts.
    ///   - criterion: a criterion every part's rubric has; nil for the combined score.
    /// - Throws: `ServiceError` for an unknown task, component or criterion, a repeated part, a
    ///   part without scored reads, or a design the core cannot estimate (no response read
    ///   twice, fewer than two persons with every read the design needs).
    public func gstudy(parts: [TaskPart], criterion: String? = nil) throws -> GeneralizabilityReport {
        guard !parts.isEmpty else { throw ServiceError("a G study needs a task") }
        var resolved: [TaskPart] = [], labels: [String] = [], rubrics: [Rubric] = []
        for part in parts {
            let task = try self.task(part.task)
            let (component, rubric) = try self.component(part.component, of: task)
            let filled = TaskPart(task: task.id, component: component.id)
            guard !resolved.contains(filled) else {
                throw ServiceError("\(Self.partName(task: task, component: component.id)) is named twice; a G study over tasks needs distinct tasks")
            }
            if let criterion, rubric.criterion(criterion) == nil {
                var message = "rubric \(rubric.id) of \(Self.partName(task: task, component: component.id)) has no criterion '\(Quoting.visible(criterion))'"
                if let near = Suggestion.nearest(to: criterion, among: rubric.criteria.map(\.id)) { message += "; did you mean '\(near)'?" }
                throw ServiceError(message)
            }
            resolved.append(filled)
            labels.append(Self.partName(task: task, component: component.id))
            rubrics.append(rubric)
        }

        var reads: [GeneralizabilityRead] = []
        var coded = 0
        for (index, part) in resolved.enumerated() {
            let rubric = rubrics[index]
            let table = try taskReads(task: part.task, component: part.component, kinds: [.read])
            let criteria = rubric.criteria.map { table.criterionIndex($0.id) }
            let chosen = criterion.flatMap { id in rubric.criteria.firstIndex { $0.id == id } }
            var scored = 0
            for read in 0..<table.count {
                guard table.code[read] == nil else {
                    coded += 1
                    continue
                }
                let scores = criteria.map { index in index.flatMap { table.score(read: read, criterion: $0) }.map(Double.init) }
                let score: Double?
                if let chosen {
                    score = scores[chosen]
                } else {
                    let finals = scores.compactMap { $0 }
                    score = finals.count == scores.count ? rubric.combinedScore(finals: finals) : nil
                }
                guard let score else { continue }
                scored += 1
                // Ties in time keep the store's order, which within a response is the order recorded.
                reads.append(GeneralizabilityRead(
                    person: table.students[Int(table.student[read])], task: labels[index], rater: table.raters[Int(table.rater[read])],
                    order: Int(table.scoredAt[read].seconds), score: score))
            }
            guard scored > 0 else {
                throw ServiceError("\(labels[index]) has no scored reads of kind 'read' to analyse")
            }
        }

        let scope = labels.joined(separator: ", ")
        let data: GeneralizabilityData
        let study: GeneralizabilityStudy
        do {
            data = try GeneralizabilityData(reads: reads)
            study = try GeneralizabilityStudy(data.scores, design: data.design)
        } catch {
            throw ServiceError("cannot estimate a G study of \(scope): \(Self.explain(error))")
        }

        var cuts: [(rubric: String, cut: Double)] = []
        for rubric in rubrics where !cuts.contains(where: { $0.rubric == rubric.id }) {
            cuts.append((rubric.id, rubric.decision.proficientAt))
        }
        let distinct = Set(cuts.map(\.cut))
        return GeneralizabilityReport(
            parts: resolved, criterion: criterion, data: data, study: study, codedReads: coded,
            defaultCut: distinct.count == 1 ? distinct.first : nil, rubricCuts: cuts)
    }

    /// D-study projections (SPEC 13) from `gstudy(parts:criterion:)` for every combination of
    /// `raters` and `tasks`, with Phi(λ) at `cut` on the score's scale.
    ///
    /// - Parameters:
    ///   - raters: numbers of raters (per task, person or response where raters are nested).
    ///   - tasks: numbers of tasks; nil for the observed number (1 for a single-task design).
    ///   - cut: λ; nil for the rubric's `proficient_at` (on a criterion's scale the same cut),
    ///     and, when the parts' rubrics set different ones, no Phi(λ) at all.
    /// - Throws: as `gstudy(parts:criterion:)`, and for a number below 1 or numbers of tasks
    ///   other than 1 with a single-task design.
    public func dstudy(parts: [TaskPart], criterion: String? = nil, raters: [Int], tasks: [Int]? = nil, cut: Double? = nil)
        throws -> DecisionStudyReport {
        let report = try gstudy(parts: parts, criterion: criterion)
        let lambda = cut ?? report.defaultCut
        do {
            let points = try DecisionStudy.project(report.study, raters: raters, tasks: tasks ?? [report.study.tasks], cut: lambda)
            return DecisionStudyReport(gstudy: report, points: points, cut: lambda)
        } catch {
            throw ServiceError(error.description)
        }
    }

    /// The D study of one task component: `dstudy(parts:...)` with one part.
    public func dstudy(task: String, component: String? = nil, criterion: String? = nil, raters: [Int], tasks: [Int]? = nil,
                       cut: Double? = nil) throws -> DecisionStudyReport {
        try dstudy(parts: [TaskPart(task: task, component: component)], criterion: criterion, raters: raters, tasks: tasks, cut: cut)
    }

    /// The core's reason, said for a coordinator who asked for a G study.
    static func explain(_ error: GeneralizabilityError) -> String {
        switch error {
        case .noResponseWithTwoReads:
            return "every response has a single read, so nothing shows how raters differ; a G study needs responses read by at least 2 raters"
        default:
            return error.description
        }
    }

    /// How a task component is named in results and messages: the task id for a single-part
    /// task, else `task/component`.
    public static func partName(task: AssessmentTask, component: String) -> String {
        task.isSinglePart ? task.id : "\(task.id)/\(component)"
    }
}
