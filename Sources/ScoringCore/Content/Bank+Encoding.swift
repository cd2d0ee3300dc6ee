/// A compact binary form of an assembled bank, so that a shell can start from the bank it
/// assembled last time instead of parsing every YAML file again (`ContentLocation` keys the copy
/// by everything `assemble` reads). It is not an exchange format: only the build that wrote it
/// reads it, and anything it cannot read is simply not used.
extension Bank {
    /// Changes whenever the layout below does.
    public static let encodingVersion = 1

    /// The bank as bytes that `init(encoded:)` reads back into an equal bank.
    public func encoded() -> [UInt8] {
        var writer = BankWriter()
        writer.int(Self.encodingVersion)
        writer.list(sortedRubrics) { $0.rubric($1) }
        writer.list(sortedTasks) { $0.task($1) }
        writer.bool(framework != nil)
        if let framework { writer.framework(framework) }
        writer.list(problems) { $0.problem($1) }
        for rejected in [rejectedRubrics, rejectedTasks] {
            writer.list(rejected.keys.sorted()) { writer, id in
                writer.string(id)
                writer.problem(rejected[id]!)
            }
        }
        return writer.bytes
    }

    /// The bank `encoded()` wrote, or nil when the bytes are not one (another layout, cut short,
    /// damaged): a reader that is never trusted to find what it expects.
    public init?(encoded bytes: [UInt8]) {
        var reader = BankReader(bytes: bytes)
        do {
            guard try reader.int() == Self.encodingVersion else { return nil }
            self.init()
            for rubric in try reader.list({ try $0.rubric() }) { rubrics[rubric.id] = rubric }
            for task in try reader.list({ try $0.task() }) { tasks[task.id] = task }
            framework = try reader.bool() ? try reader.framework() : nil
            problems = try reader.list { try $0.problem() }
            for index in 0..<2 {
                let pairs = try reader.list { reader in (try reader.string(), try reader.problem()) }
                for (id, problem) in pairs {
                    if index == 0 { rejectedRubrics[id] = problem } else { rejectedTasks[id] = problem }
                }
            }
            guard reader.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }
}

/// Appends values as little-endian 64-bit integers and length-prefixed UTF-8.
private struct BankWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { text in
            int(text.count)
            bytes.append(contentsOf: text)
        }
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout BankWriter, Value) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func list<Element>(_ elements: [Element], _ write: (inout BankWriter, Element) -> Void) {
        int(elements.count)
        for element in elements { write(&self, element) }
    }

    mutating func problem(_ problem: ContentError) {
        string(problem.file)
        optional(problem.line) { $0.int($1) }
        string(problem.message)
    }

    mutating func rubric(_ rubric: Rubric) {
        string(rubric.id)
        string(rubric.title)
        int(rubric.version)
        list(rubric.scale) { writer, level in
            writer.int(level.score)
            writer.string(level.label)
        }
        list(rubric.criteria) { writer, criterion in
            writer.string(criterion.id)
            writer.string(criterion.name)
            writer.double(criterion.weight)
            writer.optional(criterion.competency) { $0.string($1) }
            writer.list(criterion.descriptors.keys.sorted()) { writer, score in
                writer.int(score)
                writer.string(criterion.descriptors[score]!)
            }
        }
        double(rubric.decision.proficientAt)
        optional(rubric.decision.floor) { $0.int($1) }
        list(rubric.decision.levels) { writer, level in
            writer.double(level.at)
            writer.string(level.label)
        }
        int(rubric.resolution.reads)
        int(rubric.resolution.adjudicateAt)
        double(rubric.calibration.exact)
        double(rubric.calibration.withinOne)
        bool(rubric.calibration.required)
        string(rubric.file)
        string(rubric.source)
    }

    mutating func task(_ task: AssessmentTask) {
        string(task.id)
        string(task.title)
        string(task.kind.rawValue)
        optional(task.subject) { $0.string($1) }
        optional(task.grades) { $0.string($1) }
        optional(task.prompt) { $0.string($1) }
        list(task.components) { writer, component in
            writer.string(component.id)
            writer.string(component.rubric)
        }
        int(task.require)
        let plan = task.plan
        optional(plan.secondReads) { $0.double($1) }
        double(plan.validity)
        double(plan.backreads)
        int(plan.lease)
        int(plan.lockout.after)
        double(plan.lockout.exact)
        double(plan.lockout.withinOne)
        int(plan.seed)
        string(task.file)
    }

    mutating func framework(_ framework: CompetencyFramework) {
        string(framework.name)
        string(framework.method.rawValue)
        double(framework.weight)
        int(framework.times)
        list(framework.competencies) { writer, competency in
            writer.string(competency.id)
            writer.string(competency.name)
            writer.double(competency.proficientAt)
            writer.bool(competency.required)
            writer.optional(competency.method) { $0.string($1.rawValue) }
            writer.optional(competency.weight) { $0.double($1) }
            writer.optional(competency.times) { $0.int($1) }
            writer.optional(competency.parent) { $0.string($1) }
            writer.optional(competency.caseItem) { $0.reference($1) }
        }
        optional(framework.caseDocument) { $0.reference($1) }
        string(framework.file)
    }

    mutating func reference(_ reference: CASEReference) {
        string(reference.identifier)
        string(reference.uri)
        optional(reference.title) { $0.string($1) }
    }
}

/// Reads what `BankWriter` wrote, checking every length against the bytes that are left.
private struct BankReader {
    let bytes: [UInt8]
    var offset = 0

    struct Malformed: Error {}

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() throws -> Int {
        guard bytes.count - offset >= 8 else { throw Malformed() }
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        offset += 8
        return Int(Int64(bitPattern: value))
    }

    mutating func double() throws -> Double {
        Double(bitPattern: UInt64(bitPattern: Int64(try int())))
    }

    mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Malformed() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    /// A count of things each at least one byte long, so a damaged count cannot ask for more
    /// than the bytes could hold.
    mutating func count() throws -> Int {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Malformed() }
        return count
    }

    mutating func string() throws -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }

    mutating func optional<Value>(_ read: (inout BankReader) throws -> Value) throws -> Value? {
        try bool() ? try read(&self) : nil
    }

    mutating func list<Element>(_ read: (inout BankReader) throws -> Element) throws -> [Element] {
        let count = try count()
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try read(&self)) }
        return elements
    }

    mutating func value<Value: RawRepresentable<String>>(_: Value.Type) throws -> Value {
        guard let value = Value(rawValue: try string()) else { throw Malformed() }
        return value
    }

    mutating func problem() throws -> ContentError {
        ContentError(file: try string(), line: try optional { try $0.int() }, message: try string())
    }

    mutating func rubric() throws -> Rubric {
        let id = try string(), title = try string(), version = try int()
        let scale = try list { ScaleLevel(score: try $0.int(), label: try $0.string()) }
        let criteria = try list { reader in
            let id = try reader.string(), name = try reader.string(), weight = try reader.double()
            let competency = try reader.optional { try $0.string() }
            var descriptors: [Int: String] = [:]
            for (score, text) in try reader.list({ (try $0.int(), try $0.string()) }) { descriptors[score] = text }
            return Criterion(id: id, name: name, weight: weight, competency: competency, descriptors: descriptors)
        }
        var decision = DecisionRule(proficientAt: try double(), floor: try optional { try $0.int() })
        // Already in order: set as written, not sorted again.
        decision.levels = try list { PerformanceLevel(at: try $0.double(), label: try $0.string()) }
        let resolution = ResolutionRule(reads: try int(), adjudicateAt: try int())
        let calibration = CalibrationThresholds(exact: try double(), withinOne: try double(), required: try bool())
        return Rubric(
            id: id, title: title, version: version, scale: scale, criteria: criteria, decision: decision,
            resolution: resolution, calibration: calibration, file: try string(), source: try string())
    }

    mutating func task() throws -> AssessmentTask {
        let id = try string(), title = try string(), kind = try value(AssessmentTask.Kind.self)
        let subject = try optional { try $0.string() }
        let grades = try optional { try $0.string() }
        let prompt = try optional { try $0.string() }
        let components = try list { AssessmentTask.Component(id: try $0.string(), rubric: try $0.string()) }
        let require = try int()
        let plan = ScoringPlan(
            secondReads: try optional { try $0.double() }, validity: try double(), backreads: try double(), lease: try int(),
            lockout: ScoringPlan.Lockout(after: try int(), exact: try double(), withinOne: try double()), seed: try int())
        return AssessmentTask(
            id: id, title: title, kind: kind, subject: subject, grades: grades, prompt: prompt, components: components,
            require: require, plan: plan, file: try string())
    }

    mutating func framework() throws -> CompetencyFramework {
        let name = try string(), method = try value(RollupMethod.self), weight = try double(), times = try int()
        let competencies = try list { reader in
            Competency(
                id: try reader.string(), name: try reader.string(), proficientAt: try reader.double(), required: try reader.bool(),
                method: try reader.optional { try $0.value(RollupMethod.self) }, weight: try reader.optional { try $0.double() },
                times: try reader.optional { try $0.int() }, parent: try reader.optional { try $0.string() },
                caseItem: try reader.optional { try $0.reference() })
        }
        return CompetencyFramework(
            name: name, method: method, weight: weight, times: times, competencies: competencies,
            caseDocument: try optional { try $0.reference() }, file: try string())
    }

    mutating func reference() throws -> CASEReference {
        CASEReference(identifier: try string(), uri: try string(), title: try optional { try $0.string() })
    }
}
