/// How a task is scored in a scoring event (SPEC 11): the `scoring` section of a task file.
public struct ScoringPlan: Sendable, Equatable {
    /// Share of submissions that get a second independent read; nil: 1.0 when the rubric asks
    /// for two reads, else 0.
    public var secondReads: Double?
    /// Chance that a rater's next assignment is a validity paper.
    public var validity: Double
    /// Share of each rater's reads offered to leads for backreading.
    public var backreads: Double
    /// Seconds an assignment stays a rater's before it returns to the queue.
    public var lease: Int
    public var lockout: Lockout
    /// Every random choice of the event derives from this.
    public var seed: Int

    /// When a rater is locked out of a rubric: over their last `after` validity reads, exact or
    /// within-one agreement with the masters below these.
    public struct Lockout: Sendable, Equatable {
        public var after: Int
        public var exact: Double
        public var withinOne: Double

        public init(after: Int = 10, exact: Double = 0.70, withinOne: Double = 0.95) {
            self.after = after
            self.exact = exact
            self.withinOne = withinOne
        }
    }

    /// The plan of a task without a `scoring` section: SPEC 11's defaults.
    public init(
        secondReads: Double? = nil, validity: Double = 0.05, backreads: Double = 0.05, lease: Int = 30 * 60,
        lockout: Lockout = Lockout(), seed: Int = 1
    ) {
        self.secondReads = secondReads
        self.validity = validity
        self.backreads = backreads
        self.lease = lease
        self.lockout = lockout
        self.seed = seed
    }

    /// How many independent reads a submission component is planned to get under `rubric`:
    /// all but the last of the rubric's reads always, the last at the `secondReads` rate (a
    /// fixed draw per component, so the plan is the same every time it is asked).
    public func plannedReads(rubric: Rubric, task: String, component: String, student: String) -> Int {
        let reads = max(1, rubric.resolution.reads)
        let rate = secondReads ?? (reads >= 2 ? 1.0 : 0.0)
        let base = reads >= 2 ? reads - 1 : 1
        return base + (EventDraw.chance(rate, seed: seed, key: "second-read \(task) \(component) \(student)") ? 1 : 0)
    }

    /// `30m`, `2h`, `45s` or a number of seconds, as a `lease` is written.
    public static func seconds(_ text: String) -> Int? {
        var digits = Substring(text.trimmingWhitespace)
        var unit = 1
        switch digits.last {
        case "s": digits = digits.dropLast()
        case "m": digits = digits.dropLast(); unit = 60
        case "h": digits = digits.dropLast(); unit = 3600
        default: break
        }
        guard let count = Int(digits), count > 0, count <= 7 * 24 * 3600 / unit else { return nil }
        return count * unit
    }
}
