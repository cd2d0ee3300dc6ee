import ScoringCore
import ScoringService

/// The kinds of report of SPEC 14.
public enum ReportKind: String, CaseIterable, Sendable {
    case agreement, raters, calibration, equity, event, dependability
}

/// What a report is asked for: the kind and the options of `report`.
public struct ReportRequest: Sendable {
    public var kind: ReportKind
    public var task: String?
    /// `--tasks`: two or more task components.
    public var tasks: [TaskPart]?
    public var component: String?
    public var session: String?
    public var by: GroupingAttribute

    public init(
        kind: ReportKind, task: String? = nil, tasks: [TaskPart]? = nil, component: String? = nil, session: String? = nil,
        by: GroupingAttribute = .school
    ) {
        self.kind = kind
        self.task = task
        self.tasks = tasks
        self.component = component
        self.session = session
        self.by = by
    }
}

/// A page made, and what it holds.
public struct Report: Sendable {
    public var kind: ReportKind
    /// The task, tasks, session or grouping the page is about.
    public var subject: String
    public var html: String
    public var figures: Int
    /// How many students' data the page describes (for the audit trail).
    public var students: Int
}

/// Renders the results of the service's use cases as self-contained HTML pages (SPEC 14): the
/// same calls the shell's commands make, so every number equals the command's JSON; nothing
/// here reads the store or works out a statistic.
public enum Reports {
    /// Makes the page `request` asks for, as the service's identity may see it.
    ///
    /// - Throws: `ServiceError` when the service refuses (a rater asking for a lead's view, an
    ///   unknown task) or a needed option is missing; nothing is made then.
    public static func make(_ request: ReportRequest, service: ScoringService) throws -> Report {
        let context = Context(service: service)
        let page: Page
        let subject: String
        let students: Int
        switch request.kind {
        case .agreement:
            let task = try request.task.orThrow("report agreement needs --task T")
            (page, subject) = (try AgreementPage.make(task: task, component: request.component, context: context), task)
            students = try service.studentsRead([TaskPart(task: task, component: request.component)])
        case .raters:
            let task = try request.task.orThrow("report raters needs --task T")
            (page, students) = try RatersPage.make(task: task, component: request.component, context: context)
            subject = task
        case .calibration:
            let session = try request.session.orThrow("report calibration needs --session NAME")
            (page, subject) = (try CalibrationPage.make(session: session, context: context), session)
            students = try service.session(session).anchors.count
        case .equity:
            (page, students) = try EquityPage.make(by: request.by, task: request.task, component: request.component, context: context)
            subject = request.by.rawValue
        case .event:
            let task = try request.task.orThrow("report event needs --task T")
            (page, subject) = (try EventPage.make(task: task, context: context), task)
            students = try service.studentsRead([TaskPart(task: task, component: nil)])
        case .dependability:
            let parts: [TaskPart]
            if let tasks = request.tasks {
                parts = tasks
            } else {
                parts = [TaskPart(task: try request.task.orThrow("report dependability needs --task T or --tasks T1,T2,..."), component: request.component)]
            }
            (page, subject) = (try DependabilityPage.make(parts: parts, context: context), parts.map(\.task).joined(separator: ","))
            students = try service.studentsRead(parts)
        }
        return Report(kind: request.kind, subject: subject, html: page.html, figures: page.figureCount, students: students)
    }
}

/// What every page needs from the session: the service, and how to say who is looking.
struct Context {
    let service: ScoringService

    /// `Made 2026-11-23 12:00 UTC for the coordinator (everything in the store)`.
    var meta: String {
        let time = service.now().description
        let when = time.count >= 16 ? String(time.prefix(10)) + " " + String(time.dropFirst(11).prefix(5)) + " UTC" : time
        guard let identity = service.identity else { return "Made \(when) by the coordinator: everything in the store." }
        let view: String
        switch identity.role {
        case .lead: view = "a lead: everything in the store"
        case .rater: view = "a rater: only what this rater may see"
        case .adjudicator: view = "an adjudicator: only what an adjudicator may see"
        }
        return "Made \(when) acting as \(identity.id), \(view)."
    }

    /// `task T` or `task T --component C` as options of a command.
    static func scope(task: String, component: String?) -> String {
        "--task \(task)" + (component.map { " --component \($0)" } ?? "")
    }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw ServiceError(message) }
        return self
    }
}
