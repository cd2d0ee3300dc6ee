import Foundation
import Testing

/// A whole scoring event, simulated: 300 submissions and 10 anchors, 12 raters at three
/// schools with known severities, one of whom drifts. Each rater is a shell of their own
/// (`--as`), asking for work and scoring it by code; the test knows every true score and works
/// out independently what the event must come to.
@Suite struct ScoringEventSimulationTests {
    static let students = 300
    static let anchors = 10
    static let schools = ["north", "south", "east"]
    /// Each rater's severity: what they add to the true score on one score in five (a fixed
    /// choice per piece of work and criterion), before the scale's ends clamp it.
    static let severity = [0, 0, 0, 1, -1, 0, 0, 0, 1, 0, -1, 0]
    /// r-12 scores truly for this many reads, then gives every criterion a 1.
    static let driftAfter = 20
    static let rule = (after: 5, exact: 0.6, withinOne: 0.9)

    static func truth(_ work: String) -> (a: Int, b: Int) {
        let number = Int(work.split(separator: " ")[1].trimmingCharacters(in: .punctuationCharacters))!
        return (1 + number % 4, 1 + (number / 4 + number) % 4)
    }

    /// Content, rosters, stored work and anchors, made by the coordinator.
    static func event() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-event-\(UUID().uuidString)")
        for name in ["Rubrics", "TaskBank", "work"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try Data("""
            id: sim
            title: Simulated
            version: 1
            scale:
              - { score: 1, label: One }
              - { score: 2, label: Two }
              - { score: 3, label: Three }
              - { score: 4, label: Four }
            criteria:
              - { id: a, name: A }
              - { id: b, name: B }
            decision:
              proficient_at: 3

            """.utf8).write(to: folder.appendingPathComponent("Rubrics/sim.yaml"))
        try Data("""
            id: sim-task
            title: Simulated task
            kind: performance-task
            rubric: sim
            scoring:
              validity: 0.2
              backreads: 0
              lockout: { after: \(rule.after), exact: \(rule.exact), within_one: \(rule.withinOne) }
              seed: 7

            """.utf8).write(to: folder.appendingPathComponent("TaskBank/sim-task.yaml"))
        var setup = ["rater add lead-1 --role lead"]
        for rater in 1...severity.count { setup.append("rater add r-\(rater) --school \(schools[rater % 3])") }
        var csv = "student,task,file\n"
        for index in 1...(students + anchors) {
            let id = index <= students ? String(format: "s-%03d", index) : String(format: "a-%02d", index - students)
            setup.append("student add \(id) --school \(schools[index % 3])")
            try Data("Work \(index). An essay about skate parks.\n".utf8).write(to: folder.appendingPathComponent("work/\(id).txt"))
            csv += "\(id),sim-task,work/\(id).txt\n"
        }
        try Data(csv.utf8).write(to: folder.appendingPathComponent("work.csv"))
        setup.append("import submissions work.csv")
        for index in (students + 1)...(students + anchors) {
            let truth = truth("Work \(index).")
            setup.append("anchor add \(String(format: "a-%02d", index - students)) sim-task --rater lead-1 a=\(truth.a) b=\(truth.b)")
        }
        let script = folder.appendingPathComponent("setup.sb")
        try Data((setup.joined(separator: "\n") + "\n").utf8).write(to: script)
        let run = try Harness.run(["-f", "setup.sb"], in: folder)
        #expect(run.stderr == "")
        #expect(run.status == 0)
        return folder
    }

    @Test func anEventScoresEverySubmissionAsPlannedAndLocksOutTheDriftingRater() throws {
        let folder = try Self.event()
        let raters = (1...Self.severity.count).map { "r-\($0)" }
        let sessions = try raters.map { try ShellSession(arguments: ["--as", $0], in: folder) }
        defer { sessions.forEach { $0.close() } }
        var done = Set<Int>()
        var liveReads = [Int](repeating: 0, count: raters.count)
        var validityOf = [[(score: (Int, Int), master: (Int, Int))]](repeating: [], count: raters.count)
        var expectLocked = Set<Int>()
        var servedPapers = 0
        var lockedOut = Set<Int>()
        while done.count < raters.count {
            for (index, session) in sessions.enumerated() where !done.contains(index) {
                let answer = try session.run("next --task sim-task")
                guard let work = answer.json else {
                    guard case .error(let message) = answer else { continue }
                    if expectLocked.contains(index) {
                        #expect(message.contains("\(raters[index]) is locked out of sim: over their last 5 validity reads"), "\(message)")
                        lockedOut.insert(index)
                    } else {
                        #expect(message.hasSuffix("no work for \(raters[index]) on sim-task"), "\(message)")
                    }
                    done.insert(index)
                    continue
                }
                #expect(!expectLocked.contains(index), "\(raters[index]) was given work after the read that should lock them out")
                let code = work["code"] as! String
                let text = work["work"] as! String
                let number = Int(text.split(separator: " ")[1].trimmingCharacters(in: .punctuationCharacters))!
                let truth = Self.truth(text)
                let drifting = index == raters.count - 1 && liveReads[index] + validityOf[index].count >= Self.driftAfter
                func clamp(_ value: Int) -> Int { min(4, max(1, value)) }
                func biased(_ score: Int, _ criterion: Int) -> Int {
                    (number * 7 + criterion * 3 + index) % 5 == 0 ? clamp(score + Self.severity[index]) : score
                }
                let given = drifting ? (1, 1) : (biased(truth.a, 0), biased(truth.b, 1))
                let scored = try session.run("score \(code) a=\(given.0) b=\(given.1)")
                #expect(scored.json?["status"] as? String == "recorded", "\(scored)")
                if number > Self.students {
                    servedPapers += 1
                    validityOf[index].append((given, (truth.a, truth.b)))
                    // The rule worked out here: over the last `after` papers, pooled over criteria.
                    let window = validityOf[index].suffix(Self.rule.after)
                    if validityOf[index].count >= Self.rule.after {
                        var exact = 0, within = 0
                        for read in window {
                            for (score, master) in [(read.score.0, read.master.0), (read.score.1, read.master.1)] {
                                if score == master { exact += 1 }
                                if abs(score - master) <= 1 { within += 1 }
                            }
                        }
                        let total = Double(2 * window.count)
                        if Double(exact) / total < Self.rule.exact - 1e-9 || Double(within) / total < Self.rule.withinOne - 1e-9 {
                            expectLocked.insert(index)
                        }
                    }
                } else {
                    liveReads[index] += 1
                }
            }
        }
        // r-12 drifted and was locked out at the read the rule names; the raters who only slip
        // now and then stay in.
        #expect(lockedOut == [raters.count - 1])
        #expect(expectLocked == lockedOut)
        #expect(servedPapers > 0)

        // Nothing a rater's shell printed names a student or a school.
        for session in sessions {
            #expect(session.transcript.range(of: #"\b[sa]-\d{2,3}\b"#, options: .regularExpression) == nil)
            for school in Self.schools { #expect(!session.transcript.contains(school)) }
        }

        // Every submission got exactly its two planned reads, never from its own school's rater.
        let reads = try Harness.run(["--format", "json", "-c", "scores --task sim-task --kind read"], in: folder)
        let listed = try JSONSerialization.jsonObject(with: Data(reads.stdout.utf8)) as! [[String: Any]]
        var readsOf: [String: [String]] = [:]
        for read in listed { readsOf[read["student"] as! String, default: []].append(read["rater"] as! String) }
        #expect(readsOf.count == Self.students)
        for (student, raters) in readsOf {
            #expect(raters.count == 2, "\(student) has \(raters.count) reads")
            #expect(Set(raters).count == raters.count)
            let number = Int(student.dropFirst(2))!
            for rater in raters {
                let raterNumber = Int(rater.dropFirst(2))!
                #expect(Self.schools[number % 3] != Self.schools[raterNumber % 3], "\(rater) read their own school's \(student)")
            }
        }
        // Every validity paper served was scored, and no anchor got an operational read.
        let validity = try Harness.run(["--format", "json", "-c", "scores --task sim-task --kind validity"], in: folder)
        let papers = try JSONSerialization.jsonObject(with: Data(validity.stdout.utf8)) as! [[String: Any]]
        #expect(papers.count == servedPapers)
        #expect(papers.allSatisfy { ($0["student"] as! String).hasPrefix("a-") })
        #expect(readsOf.keys.allSatisfy { $0.hasPrefix("s-") })
        // event status agrees.
        let status = try Harness.run(["--format", "json", "-c", "event status --task sim-task"], in: folder)
        let figures = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as! [String: Any]
        #expect(figures["submissions"] as? Int == Self.students)
        #expect(figures["read_twice"] as? Int == Self.students)
        let rows = figures["raters"] as! [[String: Any]]
        #expect(rows.filter { $0["locked"] as? Bool == true }.map { $0["rater"] as! String } == ["r-12"])
    }
}

/// Many shells asking for work at once never over-read a component: each rater's shell is a
/// process of its own, all started together.
@Suite struct ScoringEventConcurrencyTests {
    @Test(arguments: ShellEngine.available) func shellsAskingAtOnceNeverGetMoreReadsThanPlanned(engine: ShellEngine) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-concurrent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("work"), withIntermediateDirectories: true)
        for (name, source) in [("Rubrics", "Rubrics"), ("TaskBank", "TaskBank")] {
            try FileManager.default.createSymbolicLink(
                at: folder.appendingPathComponent(name), withDestinationURL: Harness.fixtures.appendingPathComponent(source))
        }
        let server = engine == .postgres ? try ShellServerSchema(in: folder) : nil
        let (store, environment) = (server?.arguments ?? [], server?.environment ?? [:])
        let raters = (1...8).map { "r-\($0)" }
        var setup = raters.map { "rater add \($0)" }
        var csv = "student,task,file\n"
        for index in 1...20 {
            setup.append("student add s-\(index)")
            try Data("Work \(index)\n".utf8).write(to: folder.appendingPathComponent("work/\(index).txt"))
            csv += "s-\(index),essay-task,work/\(index).txt\n"
        }
        try Data(csv.utf8).write(to: folder.appendingPathComponent("work.csv"))
        setup.append("import submissions work.csv")
        #expect(try Harness.run(store + setup.flatMap { ["-c", $0] }, in: folder, environment: environment).status == 0)
        // Each rater scores everything they are given until there is no more, all at once.
        let runs = ChunkedRuns(count: raters.count)
        DispatchQueue.concurrentPerform(iterations: raters.count) { index in
            var lines: [String] = []
            for _ in 0..<8 {
                guard let run = try? Harness.run(
                    store + ["--as", raters[index], "--format", "json", "-c", "next --task essay-task"], in: folder, environment: environment),
                    let work = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
                    let code = work["code"] as? String
                else { break }
                let scored = try? Harness.run(
                    store + ["--as", raters[index], "-c", "score \(code) claim=3 evidence=3 style=3"], in: folder, environment: environment)
                lines.append("\(code) \(scored?.status ?? -1) \(scored?.stderr ?? "")")
            }
            runs.store(index, lines)
        }
        let everything = runs.all()
        #expect(everything.allSatisfy { $0.contains(" 0 ") }, "\(everything.filter { !$0.contains(" 0 ") })")
        let reads = try Harness.run(
            store + ["--format", "json", "-c", "scores --task essay-task --kind read"], in: folder, environment: environment)
        let listed = try JSONSerialization.jsonObject(with: Data(reads.stdout.utf8)) as! [[String: Any]]
        var count: [String: Int] = [:]
        for read in listed { count[read["student"] as! String, default: 0] += 1 }
        // The plan gives every essay two reads: never more, and with 64 turns for 40 reads, all of them.
        #expect(count.count == 20)
        #expect(count.values.allSatisfy { $0 == 2 }, "\(count)")
    }
}

/// Results gathered from concurrent work, by index.
final class ChunkedRuns: @unchecked Sendable {
    private var results: [[String]]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: [], count: count) }

    func store(_ index: Int, _ lines: [String]) {
        lock.lock()
        results[index] = lines
        lock.unlock()
    }

    func all() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return results.flatMap { $0 }
    }
}
