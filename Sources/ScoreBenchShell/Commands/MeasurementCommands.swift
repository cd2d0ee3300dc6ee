import ArgumentParser
import Foundation
import ScoringCore
import ScoringService

struct RaschCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "rasch",
        abstract: "Many-facet Rasch measurement of a task's reads: student ability, rater severity, criterion difficulty.",
        discussion: """
            Linacre's rating-scale model, estimated by joint maximum likelihood from the current reads of kind 'read' \
            of one task component (coded reads have no scores and are left out). Scores become categories by their \
            rank in the rubric's scale. Students, raters and criteria are measured in logits on one scale: higher \
            means a more able student, a harsher rater, a harder criterion. Each element shows its standard error, \
            infit and outfit mean-squares (near 1 fits the model; above 1.5 is noisy, below 0.5 too predictable), \
            and its observed average; a rater's fair average is the score they would give an average student on an \
            average criterion. An element whose every score is the lowest or highest possible is extreme and has no \
            measure; in JSON its 'extreme' is "minimum" or "maximum", or "no_observations_left" when every one \
            of its observations left with extreme elements of the other facets (null for a measured element). \
            The ruler places every element on the logit scale, with the level an average rater is expected to \
            give there.
            """)

    @Option(help: "The task.")
    var task: String

    @Option(help: "The component of a portfolio or capstone.")
    var component: String?

    func execute(in shell: ShellContext) throws -> ShellResult {
        .output(MeasurementReport.rasch(try shell.service.rasch(task: task, component: component)))
    }
}

struct BiasCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "bias",
        abstract: "Rater x group bias: whether a rater scores a school, grade or group higher or lower than the model expects.",
        discussion: """
            With every measure of 'rasch' held fixed, one more term in logits is estimated for each rater and group, \
            over the rater's reads of the group's measured students: positive means the rater scores the group \
            higher than their severity and the students' abilities predict. A term is flagged when |t| >= 2 over \
            at least 10 observations; a cell with fewer, or with every score at one end of the scale, has no \
            estimate. Groups come from the student roster; with --by group a student in several groups counts in \
            each, and a student without the attribute is left out.
            """)

    @Option(help: "The task.")
    var task: String

    @Option(help: "The component of a portfolio or capstone.")
    var component: String?

    @Option(help: ArgumentHelp("Group students by school, grade or group.", valueName: "attribute"))
    var by: GroupingAttribute

    func execute(in shell: ShellContext) throws -> ShellResult {
        .output(MeasurementReport.bias(try shell.service.bias(task: task, component: component, by: by)))
    }
}

/// `--task T [--component C]` or `--tasks T1,T2,...`: the task components a G or D study reads.
struct MeasuredTasks: ParsableArguments {
    @Option(help: "One task: a design of students and raters.")
    var task: String?

    @Option(help: ArgumentHelp(
        "Two or more tasks, each TASK or TASK/COMPONENT: a design of students, tasks and raters.", valueName: "T1,T2,..."))
    var tasks: String?

    @Option(help: "With --task: the component of a portfolio or capstone.")
    var component: String?

    func validate() throws {
        switch (task, tasks) {
        case (nil, nil): throw ValidationError("give --task T or --tasks T1,T2,...")
        case (.some, .some): throw ValidationError("give --task or --tasks, not both")
        default: break
        }
        if tasks != nil, component != nil {
            throw ValidationError("--component goes with --task; with --tasks, name a component as TASK/COMPONENT")
        }
        _ = try parts()
    }

    /// The parts named, as the service takes them.
    func parts() throws -> [TaskPart] {
        if let task { return [TaskPart(task: task, component: component)] }
        return try Self.parts(tasks ?? "")
    }

    /// The parts a `--tasks` value names: two or more distinct `TASK` or `TASK/COMPONENT`.
    static func parts(_ tasks: String) throws -> [TaskPart] {
        var parts: [TaskPart] = []
        for entry in tasks.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let task = pieces.first, !task.isEmpty, pieces.count == 1 || !pieces[1].isEmpty else {
                throw ValidationError("--tasks takes task ids separated by commas, each TASK or TASK/COMPONENT, e.g. --tasks ela-skate-park,senior-capstone/paper")
            }
            let part = TaskPart(task: task, component: pieces.count == 2 ? pieces[1] : nil)
            guard !parts.contains(part) else { throw ValidationError("--tasks names \(entry) twice") }
            parts.append(part)
        }
        guard parts.count >= 2 else { throw ValidationError("--tasks needs at least two distinct tasks; for one, give --task") }
        return parts
    }
}

struct GStudyCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "gstudy",
        abstract: "Generalizability study: how much of the score variance is students, raters, tasks and error.",
        usage: "gstudy (--task <task> [--component <component>] | --tasks <T1,T2,...>) [--criterion <criterion>]",
        discussion: """
            Variance components by the ANOVA method (Brennan 2001) of one criterion, or of the combined score (each \
            read's weighted mean of its criteria), over the current reads of kind 'read'. The design follows from \
            who read what: the same raters on every response crosses raters with students (and tasks); raters who \
            vary are nested, and each response's first reads in time order are used. Students missing a read the \
            design needs are left out. A negative estimate is shown as it is and counts as 0. g (Erho2) is the \
            dependability of ranking students, phi of their absolute scores, with the raters and tasks observed; \
            'dstudy' projects them to other numbers.
            """)

    @OptionGroup var scope: MeasuredTasks

    @Option(help: "Analyse this criterion instead of the combined score.")
    var criterion: String?

    func execute(in shell: ShellContext) throws -> ShellResult {
        .output(MeasurementReport.gstudy(try shell.service.gstudy(parts: try scope.parts(), criterion: criterion)))
    }
}

struct DStudyCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "dstudy",
        abstract: "Decision study: the dependability of scores averaged over other numbers of raters and tasks.",
        usage: "dstudy (--task <task> [--component <component>] | --tasks <T1,T2,...>) [--criterion <criterion>] --n-raters <n,...> [--n-tasks <n,...>] [--cut <score>]",
        discussion: """
            From the G study of the same reads ('gstudy'), for every combination of the numbers of raters (per \
            response where raters are nested) and tasks: g (Erho2) for ranking students, phi for their absolute \
            scores, and phi(lambda) for deciding whether a student is above the cut (Brennan 2001, 2.5.2). The \
            cut defaults to the rubric's proficient_at, on the scale of the score analysed; when the tasks' \
            rubrics set different cuts, phi(lambda) needs --cut. --n-tasks defaults to the tasks observed.
            """)

    @OptionGroup var scope: MeasuredTasks

    @Option(help: "Analyse this criterion instead of the combined score.")
    var criterion: String?

    // Arrays only so that a second --n-raters is refused rather than silently replacing the first.
    @Option(help: ArgumentHelp("Numbers of raters to project, e.g. 1,2,3.", valueName: "n,..."))
    var nRaters: [String] = []

    @Option(help: ArgumentHelp("Numbers of tasks to project (with --tasks), e.g. 1,2,4,6.", valueName: "n,..."))
    var nTasks: [String] = []

    @Option(help: ArgumentHelp("The cut score for phi(lambda); default: the rubric's proficient_at.", valueName: "score"))
    var cut: Double?

    /// The distinct positive whole numbers of an option given once, as `--n-raters 1,2,3`; nil
    /// when it is not given.
    static func counts(_ given: [String], option: String) throws -> [Int]? {
        guard let text = given.first else { return nil }
        guard given.count == 1 else {
            throw ValidationError("\(option) may be given once; list the numbers with commas, e.g. \(option) \(given.joined(separator: ","))")
        }
        var numbers: [Int] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let number = Int(entry), number >= 1, number <= 1000 else {
                throw ValidationError("\(option) takes whole numbers from 1 to 1000 separated by commas, e.g. \(option) 1,2,3; '\(Quoting.visible(String(entry)))' is not one")
            }
            guard !numbers.contains(number) else { throw ValidationError("\(option) lists \(number) twice") }
            numbers.append(number)
        }
        return numbers
    }

    func validate() throws {
        guard try Self.counts(nRaters, option: "--n-raters") != nil else {
            throw ValidationError("give the numbers of raters to project, e.g. --n-raters 1,2,3")
        }
        _ = try Self.counts(nTasks, option: "--n-tasks")
        if let cut, !cut.isFinite { throw ValidationError("--cut must be a number on the score's scale") }
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let report = try shell.service.dstudy(
            parts: try scope.parts(), criterion: criterion, raters: try Self.counts(nRaters, option: "--n-raters") ?? [],
            tasks: try Self.counts(nTasks, option: "--n-tasks"), cut: cut)
        return .output(MeasurementReport.dstudy(report, cutGiven: cut != nil))
    }
}

/// How `rasch`, `bias`, `gstudy` and `dstudy` show their results.
enum MeasurementReport {
    static func measure(_ value: Double?) -> String { value.map(Format.measure) ?? "" }
    static func coefficient(_ value: Double?) -> String { value.map(Format.coefficient) ?? "—" }

    // MARK: - rasch

    static func json(_ element: RaschElement, isRater: Bool) -> JSONValue {
        var object: [(String, JSONValue)] = [
            ("id", .string(element.id)), ("measure", .number(element.measure)), ("se", .number(element.standardError)),
            ("infit", .number(element.infit)), ("outfit", .number(element.outfit)), ("count", .int(element.count)),
            ("observed_average", .number(element.observedAverage)), ("extreme", .string(element.extreme?.rawValue)),
        ]
        if isRater { object.append(("fair_average", .number(element.fairAverage))) }
        return .object(object)
    }

    static func json(_ facet: RaschFacet, isRater: Bool) -> JSONValue {
        .object([
            ("elements", .array(facet.elements.map { json($0, isRater: isRater) })), ("separation", .number(facet.separation)),
            ("reliability", .number(facet.reliability)),
        ])
    }

    /// Why an element has no measure, for people.
    static func said(_ extreme: ExtremeScore?) -> String {
        switch extreme {
        case .minimum: "minimum score"
        case .maximum: "maximum score"
        case .noObservationsLeft: "no observations left"
        case nil: ""
        }
    }

    /// Highest measure first, as FACETS lists them: extreme maximums above, extreme minimums
    /// and elements with no observations left below.
    static func byMeasure(_ elements: [RaschElement]) -> [RaschElement] {
        func rank(_ element: RaschElement) -> Int {
            switch element.extreme {
            case .maximum: 0
            case nil: 1
            case .minimum: 2
            case .noObservationsLeft: 3
            }
        }
        return elements.enumerated().sorted {
            (rank($0.element), -($0.element.measure ?? 0), $0.offset) < (rank($1.element), -($1.element.measure ?? 0), $1.offset)
        }.map(\.element)
    }

    static func rasch(_ measurement: RaschMeasurement) -> CommandOutput {
        let analysis = measurement.analysis, rubric = measurement.rubric
        let json = JSONValue.object([
            ("task", .string(measurement.task)), ("component", .string(measurement.component)), ("iterations", .int(analysis.iterations)),
            ("students", json(analysis.students, isRater: false)), ("raters", json(analysis.raters, isRater: true)),
            ("criteria", json(analysis.criteria, isRater: false)),
            ("thresholds", .array(analysis.thresholds.map { .object([("level", .int($0.level)), ("threshold", .number($0.threshold))]) })),
        ])

        var rows: [[String]] = []
        for (kind, facet) in [("student", analysis.students), ("rater", analysis.raters), ("criterion", analysis.criteria)] {
            for element in facet.elements {
                rows.append([
                    kind, element.id, measure(element.measure), measure(element.standardError), measure(element.infit),
                    measure(element.outfit), String(element.count), Format.score(element.observedAverage),
                    element.fairAverage.map(Format.score) ?? "", element.extreme?.rawValue ?? "",
                ])
            }
        }
        for threshold in analysis.thresholds {
            rows.append(["threshold", String(threshold.level), Format.measure(threshold.threshold), "", "", "", "", "", "", ""])
        }
        let table = TextTable(
            columns: ["facet", "id", "measure", "se", "infit", "outfit", "count", "observed average", "fair average", "extreme"],
            rows: rows, numericColumns: Set(2...8))

        var text = "\(measurement.scope): many-facet Rasch measurement, rubric \(rubric.id) (scale \(rubric.scaleDescription))\n"
        text += "  \(Format.count(measurement.observations.count, "observation")) from \(Format.count(measurement.reads, "read"))"
        if measurement.codedReads > 0 { text += " (\(Format.count(measurement.codedReads, "coded read")) left out)" }
        text += "; JMLE converged in \(Format.count(analysis.iterations, "iteration"))\n\n"
        let facets: [(String, String, String, RaschFacet, Bool)] = [
            ("Students", "student", "ability: higher is more able", analysis.students, false),
            ("Raters", "rater", "severity: higher is harsher", analysis.raters, true),
            ("Criteria", "criterion", "difficulty: higher is harder", analysis.criteria, false),
        ]
        for (title, noun, meaning, facet, isRater) in facets {
            text += "\(title) (\(meaning); logits)\n"
            var rows: [[String]] = []
            for element in byMeasure(facet.elements) {
                var row = [
                    element.id, measure(element.measure), measure(element.standardError), measure(element.infit), measure(element.outfit),
                    String(element.count), Format.score(element.observedAverage),
                ]
                if isRater { row.append(element.fairAverage.map(Format.score) ?? "") }
                row.append(said(element.extreme))
                rows.append(row)
            }
            let columns = [noun, "measure", "se", "infit", "outfit", "count", "observed"] + (isRater ? ["fair"] : []) + ["extreme"]
            text += indented(TextTable(columns: columns, rows: rows, numericColumns: Set(1...(isRater ? 7 : 6))).aligned)
            let measured = facet.elements.filter { $0.measure != nil }.count
            text += "  separation \(facet.separation.map(Format.measure) ?? "—") · reliability \(coefficient(facet.reliability))"
            text += " (over \(Format.count(measured, "measured \(noun)", plural: "measured \(title.lowercased())")))\n\n"
        }
        text += "Thresholds (Andrich, logits: where a level becomes as likely as the one below)\n"
        let thresholdRows = analysis.thresholds.map { threshold in
            ["\(threshold.level) \(rubric.label(for: threshold.level) ?? "")", Format.measure(threshold.threshold)]
        }
        text += indented(TextTable(columns: ["level", "threshold"], rows: thresholdRows, numericColumns: [1]).aligned) + "\n"
        text += WrightMap(measurement).text
        return CommandOutput(json: json, table: table, text: text)
    }

    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }

    // MARK: - bias

    static func bias(_ report: RaterBiasReport) -> CommandOutput {
        let terms = report.terms
        let json = JSONValue.array(terms.map { term in
            .object([
                ("rater", .string(term.rater)), ("group", .string(term.group)), ("count", .int(term.count)),
                ("bias", .number(term.bias)), ("se", .number(term.standardError)), ("t", .number(term.t)), ("flagged", .bool(term.flagged)),
            ])
        })
        let rows = terms.map { term in
            [
                term.rater, term.group, String(term.count), measure(term.bias), measure(term.standardError), measure(term.t),
                Decisions.yesNo(term.flagged), term.gap?.rawValue ?? "",
            ]
        }
        let attribute = report.attribute.rawValue
        let table = TextTable(
            columns: ["rater", attribute, "count", "bias", "se", "t", "flagged", "note"], rows: rows, numericColumns: [2, 3, 4, 5])
        var text = "\(report.measurement.scope): rater x \(attribute) bias in logits\n"
        text += table.aligned
        var notes = ["bias above 0: the rater scores the \(attribute) higher than the model expects; below 0, lower"]
        if terms.contains(where: \.flagged) {
            notes.append("flagged: |t| >= 2 over at least \(RaterBias.minimumCount) observations; look at this rater's scores of this \(attribute)")
        }
        if report.attribute == .group, !terms.isEmpty { notes.append("a student in several groups counts in each") }
        let without = report.studentsWithoutGroup
        if without > 0 {
            let verb = without == 1 ? "has" : "have"
            notes.append(report.attribute == .group
                ? "\(Format.count(without, "student")) \(verb) no group and \(without == 1 ? "is" : "are") left out"
                : "\(Format.count(without, "student")) \(verb) no \(attribute) and \(without == 1 ? "is" : "are") left out (set it with 'student update' or 'import students')")
        }
        text += notes.joined(separator: "\n") + "\n"
        return CommandOutput(json: json, table: table, text: text)
    }

    // MARK: - gstudy

    /// What each component is, for people.
    static let componentMeaning: [VarianceComponent: String] = [
        .p: "students: the universe-score variance", .r: "raters: severity", .t: "tasks: difficulty",
        .pr: "student x rater", .pt: "student x task", .tr: "task x rater", .ptr: "student x task x rater, and error",
        .rWithinT: "raters within tasks", .prWithinT: "student x rater within tasks, and error",
        .rWithinP: "raters within students, and error", .rWithinPT: "raters within responses, and error",
    ]

    static func scoreName(_ report: GeneralizabilityReport) -> String {
        report.criterion.map { "criterion \($0)" } ?? "combined score (each read's weighted mean of its criteria)"
    }

    static func designSaid(_ report: GeneralizabilityReport) -> String {
        let study = report.study
        switch study.design {
        case .personsByRaters:
            return "the same raters read every student (\(report.data.raters?.first?.joined(separator: ", ") ?? ""))"
        case .ratersWithinPersons:
            return "raters vary by student: each student's first \(study.raters) reads in time order"
        case .personsByTasksByRaters:
            return "the same raters read every response to every task (\(report.data.raters?.first?.joined(separator: ", ") ?? ""))"
        case .ratersWithinTasks:
            let sets = zip(report.data.tasks, report.data.raters ?? []).map { "\($0): \($1.joined(separator: ", "))" }
            return "each task has its own raters (\(sets.joined(separator: "; ")))"
        case .ratersWithinResponses:
            return "raters vary by response: each response's first \(study.raters) reads in time order"
        }
    }

    /// The raters of the design, per whatever they are nested in: `2 raters per student`.
    static func raters(_ study: GeneralizabilityStudy) -> String {
        let raters = Format.count(study.raters, "rater")
        switch study.design {
        case .personsByRaters, .personsByTasksByRaters: return raters
        case .ratersWithinPersons: return raters + " per student"
        case .ratersWithinTasks: return raters + " per task"
        case .ratersWithinResponses: return raters + " per response"
        }
    }

    /// What the rows of a D study count: raters, or raters per what they are nested in.
    static func raterUnit(_ design: GeneralizabilityDesign) -> String {
        switch design {
        case .personsByRaters, .personsByTasksByRaters: "raters"
        case .ratersWithinPersons: "raters per student"
        case .ratersWithinTasks: "raters per task"
        case .ratersWithinResponses: "raters per response"
        }
    }

    static func json(_ study: GeneralizabilityStudy) -> JSONValue {
        .object([
            ("design", .string(study.design.rawValue)), ("persons", .int(study.persons)), ("raters", .int(study.raters)),
            ("tasks", .int(study.tasks)),
            ("components", .object(study.design.components.map { ($0.rawValue, .number(study.components[$0])) })),
            ("g", .number(study.g)), ("phi", .number(study.phi)),
        ])
    }

    /// The G study's heading lines: what was analysed, the design and who is in it.
    static func heading(_ report: GeneralizabilityReport) -> String {
        let study = report.study, data = report.data
        var text = "\(data.tasks.joined(separator: ", ")): \(scoreName(report))\n"
        text += "  design \(study.design.rawValue): \(designSaid(report))\n"
        text += "  \(Format.count(study.persons, "student")), \(raters(study)), \(Format.count(study.tasks, "task"))"
        if data.personsLeftOut > 0 {
            text += "; \(Format.count(data.personsLeftOut, "student")) left out (missing a read the design needs)"
        }
        if report.codedReads > 0 { text += "; \(Format.count(report.codedReads, "coded read")) left out" }
        return text + "\n"
    }

    static func gstudy(_ report: GeneralizabilityReport) -> CommandOutput {
        let study = report.study
        let components = study.design.components
        let table = TextTable(
            columns: ["design", "persons", "raters", "tasks"] + components.map(\.rawValue) + ["g", "phi"],
            rows: [
                [study.design.rawValue, String(study.persons), String(study.raters), String(study.tasks)]
                    + components.map { study.components[$0].map(Format.variance) ?? "" }
                    + [study.g.map(Format.coefficient) ?? "", study.phi.map(Format.coefficient) ?? ""],
            ],
            numericColumns: Set(1..<(components.count + 6)))
        var text = "G study of " + heading(report)
        let negative = components.contains { (study.components[$0] ?? 0) < 0 }
        let rows = components.map { component -> [String] in
            let value = study.components[component]
            let mark = (value ?? 0) < 0 ? " *" : ""
            return [component.rawValue, (value.map(Format.variance) ?? "—") + mark, componentMeaning[component] ?? ""]
        }
        text += indented(TextTable(columns: ["component", "variance", "what"], rows: rows, numericColumns: [1]).aligned)
        if negative { text += "  * a negative estimate, shown as estimated; it counts as 0 in g and phi\n" }
        let tasks = study.design.hasTasks ? " and \(Format.count(study.tasks, "task"))" : ""
        text += "  g (Erho2) \(coefficient(study.g)) · phi \(coefficient(study.phi)) with \(raters(study))\(tasks)\n"
        return CommandOutput(json: json(study), table: table, text: text)
    }

    // MARK: - dstudy

    static func dstudy(_ report: DecisionStudyReport, cutGiven: Bool) -> CommandOutput {
        let points = report.points
        let json = JSONValue.array(points.map { point in
            .object([
                ("raters", .int(point.raters)), ("tasks", .int(point.tasks)), ("g", .number(point.g)), ("phi", .number(point.phi)),
                ("phi_lambda", .number(point.phiLambda)),
            ])
        })
        let table = TextTable(
            columns: ["raters", "tasks", "g", "phi", "phi_lambda"],
            rows: points.map { [String($0.raters), String($0.tasks), coefficient($0.g), coefficient($0.phi), coefficient($0.phiLambda)] },
            numericColumns: [0, 1, 2, 3, 4])

        let gstudy = report.gstudy
        var text = "D study of " + heading(gstudy)
        let lambda = "phi(λ=\(report.cut.map(Format.number) ?? ""))"
        if let cut = report.cut {
            text += "  cut λ = \(Format.number(cut)) (\(cutGiven ? "--cut" : "the rubric's proficient_at"))\n"
        } else {
            let cuts = gstudy.rubricCuts.map { "\($0.rubric) \(Format.number($0.cut))" }.joined(separator: ", ")
            text += "  no phi(λ): the rubrics set different cuts (\(cuts)); give --cut X\n"
        }
        let raterCounts = unique(points.map(\.raters)), taskCounts = unique(points.map(\.tasks))
        let perRater = raterUnit(gstudy.study.design)
        // Without a cut there is no phi(λ) to show.
        let hasCut = report.cut != nil
        if !gstudy.study.design.hasTasks {
            let rows = points.map { point in
                [String(point.raters), coefficient(point.g), coefficient(point.phi)] + (hasCut ? [coefficient(point.phiLambda)] : [])
            }
            let columns = [perRater, "g (Erho2)", "phi"] + (hasCut ? [lambda] : [])
            text += indented(TextTable(columns: columns, rows: rows, numericColumns: Set(0..<columns.count)).aligned)
        } else {
            var grids: [(String, (DecisionPoint) -> Double?)] = [("g (Erho2)", \.g), ("phi", \.phi)]
            if hasCut { grids.append((lambda, \.phiLambda)) }
            for (title, value) in grids {
                text += "  \(title)\n"
                let rows = raterCounts.map { raters in
                    [String(raters)] + taskCounts.map { tasks in
                        coefficient(points.first { $0.raters == raters && $0.tasks == tasks }.flatMap(value))
                    }
                }
                let grid = TextTable(
                    columns: ["\(perRater) \\ tasks"] + taskCounts.map(String.init), rows: rows, numericColumns: Set(0...taskCounts.count))
                text += indented(indented(grid.aligned))
            }
        }
        text += "  g: for ranking students · phi: for absolute scores" + (hasCut ? " · \(lambda): for decisions at the cut\n" : "\n")
        return CommandOutput(json: json, table: table, text: text)
    }

    static func unique(_ values: [Int]) -> [Int] {
        var seen = Set<Int>()
        return values.filter { seen.insert($0).inserted }
    }
}
