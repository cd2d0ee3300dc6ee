/// The decision on one student's submission for one task (SPEC section 9): each component's
/// resolution and what they add up to.
public struct TaskDecision: Sendable, Equatable {
    public var student: String
    public var task: String
    /// The worst of the components' statuses.
    public var status: ResolutionStatus
    /// Whether at least `require` components are proficient; nil unless `status` is decided.
    public var proficient: Bool?
    /// The components in task order.
    public var components: [ComponentDecision]
    /// How many components must be proficient.
    public var require: Int

    /// Combines component resolutions into a task decision.
    ///
    /// - Parameters:
    ///   - require: components that must be proficient; a decided task with `require` <= 0 is
    ///     proficient, one with `require` above the number of components never is.
    ///   - components: the task's components in task order.
    /// - Returns: an `incomplete` decision with `proficient` nil when `components` is empty.
    public init(student: String, task: String, require: Int, components: [ComponentDecision]) {
        self.student = student
        self.task = task
        self.require = require
        self.components = components
        status = ResolutionStatus.worst(components.lazy.map(\.resolution.status))
        proficient = nil
        if status == .decided { proficient = proficientComponents >= require }
    }

    /// Resolves every component of `task` from its reads and combines them. A single-part task
    /// is decided by its one component `main`, since its `require` is 1.
    ///
    /// - Parameters:
    ///   - rubrics: rubrics by id, holding every rubric the task's components use (the version
    ///     to decide under).
    ///   - reads: each component's current reads by component id; reads of components the task
    ///     does not have are ignored.
    /// - Returns: a decision whose component with no reads at all is `incomplete`; a component
    ///   whose rubric is missing from `rubrics` is `incomplete` with no criteria.
    public static func decide(
        student: String, task: AssessmentTask, rubrics: [String: Rubric], reads: [String: [ComponentRead]]
    ) -> TaskDecision {
        let components = task.components.map { component in
            ComponentDecision(
                component: component.id,
                resolution: rubrics[component.rubric].map { ComponentResolution.resolve(reads[component.id] ?? [], rubric: $0) }
                    ?? .withoutRubric)
        }
        return TaskDecision(student: student, task: task.id, require: task.require, components: components)
    }

    /// How many components are decided proficient.
    public var proficientComponents: Int {
        components.count { $0.resolution.proficient == true }
    }

    /// The decision on `component`; nil when the task has no such component.
    public func component(_ id: String) -> ComponentDecision? {
        components.first { $0.component == id }
    }
}

/// One component of a task decision.
public struct ComponentDecision: Sendable, Equatable {
    public var component: String
    public var resolution: ComponentResolution

    /// Pairs a component id with its resolution, unchecked.
    public init(component: String, resolution: ComponentResolution) {
        self.component = component
        self.resolution = resolution
    }
}
