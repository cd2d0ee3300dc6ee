import ScoringCore

/// One student's competency roll-ups with the evidence behind them: what a Comprehensive Learner
/// Record says (SPEC section 15), as plain values that the service assembles and
/// `ClrCredential` writes out.
public struct LearnerRecord: Sendable, Equatable {
    /// One level of the scale a competency's evidence was scored on.
    public struct Level: Sendable, Equatable {
        public var score: Int
        public var label: String

        public init(score: Int, label: String) {
            self.score = score
            self.label = label
        }
    }

    /// One final score that counted as evidence.
    public struct Score: Sendable, Equatable {
        public var date: Timestamp
        public var component: String
        public var criterion: String
        public var score: Double

        public init(date: Timestamp, component: String, criterion: String, score: Double) {
            self.date = date
            self.component = component
            self.criterion = criterion
            self.score = score
        }
    }

    /// A task whose decisions fed a competency, with the scores it gave.
    public struct EvidenceTask: Sendable, Equatable {
        public var task: String
        public var title: String
        /// `performance-task`, `portfolio` or `capstone`.
        public var kind: String
        /// Oldest first.
        public var scores: [Score]

        public init(task: String, title: String, kind: String, scores: [Score]) {
            self.task = task
            self.title = title
            self.kind = kind
            self.scores = scores
        }
    }

    /// A competency the student has evidence for, and its roll-up.
    public struct Competency: Sendable, Equatable {
        public var id: String
        public var name: String
        /// How the evidence rolls up, in words: `decaying-average (weight 0.65 on each newer score)`.
        public var method: String
        /// What proficiency asks, in words: `a value of 3 or more`.
        public var requirement: String
        public var proficientAt: Double
        public var value: Double
        public var proficient: Bool
        /// How many evidence values were rolled up.
        public var evidenceCount: Int
        /// The scale of the rubrics the evidence was scored on, ascending by score.
        public var levels: [Level]
        /// In the order of their first evidence.
        public var tasks: [EvidenceTask]
        /// The competency's CASE item (`import framework` keeps it), which the alignment names.
        public var caseItem: CASEReference?

        public init(
            id: String, name: String, method: String, requirement: String, proficientAt: Double, value: Double,
            proficient: Bool, evidenceCount: Int, levels: [Level], tasks: [EvidenceTask], caseItem: CASEReference? = nil
        ) {
            self.caseItem = caseItem
            self.id = id
            self.name = name
            self.method = method
            self.requirement = requirement
            self.proficientAt = proficientAt
            self.value = value
            self.proficient = proficient
            self.evidenceCount = evidenceCount
            self.levels = levels
            self.tasks = tasks
        }

        /// The highest level whose score is not above the value (compared with the tolerance of
        /// SPEC section 9); nil when the value is below every level.
        public var achievedLevel: Level? {
            levels.last { Double($0.score) <= value + 1e-9 }
        }
    }

    /// The student's id on the district's roster.
    public var student: String
    /// The competency framework's name.
    public var framework: String
    /// Only competencies with evidence, in the framework's order.
    public var competencies: [Competency]

    public init(student: String, framework: String, competencies: [Competency]) {
        self.student = student
        self.framework = framework
        self.competencies = competencies
    }
}
