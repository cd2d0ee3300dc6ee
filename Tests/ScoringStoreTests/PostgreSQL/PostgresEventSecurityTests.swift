import Foundation
import Testing
import ScoringCore
@testable import ScoringStore

/// What the server enforces of a scoring event for a rater's login, whatever the client
/// (SPEC 11 and 12): the queue, the stored work and the independence of reads, checked with
/// plain SQL as psql would send it.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresEventSecurityTests {
    /// Live work of s-1 and s-2 (two reads each), an anchor a-1 with a master read that is a
    /// validity paper, a lead and two raters with logins.
    final class Event {
        let scratch: ScratchSchema
        let store: PostgresStore
        let lead = TestServer.uniqueName("ev_lead")
        let alice = TestServer.uniqueName("ev_alice")
        let bob = TestServer.uniqueName("ev_bob")
        let password = PostgresStore.generatePassword()
        let bank = Fixtures.bank()

        init() throws {
            scratch = try ScratchSchema()
            store = try scratch.initializedStore()
            for (id, role) in [(lead, Rater.Role.lead), (alice, .rater), (bob, .rater)] {
                scratch.adopt(role: id)
                _ = try store.addRaterWithLogin(Rater(id: id, role: role), password: password, at: Fixtures.time)
            }
            for id in ["s-1", "s-2", "a-1"] { _ = try store.addStudent(Student(id: id), at: Fixtures.time) }
            let stored = ["s-1", "s-2", "a-1"].enumerated().map { index, student in
                Submission(
                    task: "essay-task", component: "main", student: student,
                    storedAt: Timestamp(seconds: Fixtures.time.seconds + Int64(index)), content: .text("Essay by \(student)."),
                    plannedReads: 2)
            }
            #expect(try store.addSubmissions(stored) == (3, 0))
            _ = try store.record(
                [Fixtures.essayRead(student: "a-1", rater: lead, kind: .master, 3, 3, 3, note: "master of a-1")],
                rubrics: bank.rubrics, at: Fixtures.time)
        }

        func connect(as login: String) throws -> sending PostgresConnection {
            try scratch.connect(as: login, password: password)
        }

        func store(as login: String) throws -> PostgresStore {
            try PostgresStore(connection: connect(as: login), location: login)
        }

        /// A request for the next live work of `rater`, never a validity paper.
        func request(_ rater: String, validity: Bool = false, at time: Timestamp = Fixtures.time) -> AssignmentRequest {
            AssignmentRequest(
                rater: rater, school: nil, parts: [WorkPart(task: "essay-task", component: "main")],
                code: { _, sequence, attempt in "@\(rater.suffix(4).uppercased())\(sequence)\(attempt)".padding(toLength: 9, withPad: "X", startingAt: 0) },
                validity: { _, _ in validity }, paperOrder: { _ in 0 }, now: time, lease: [:])
        }
    }

    @Test func aRaterSeesOnlyTheirOwnAssignmentsAndTheWorkOfThem() throws {
        let event = try Event()
        let aliceStore = try event.store(as: event.alice)
        let given = try #require(try aliceStore.assign(event.request(event.alice)))
        #expect(given.student == "s-1")
        let bob = try event.connect(as: event.bob)
        #expect(try bob.query("SELECT count(*) FROM assignment").scalar == "0")
        #expect(try bob.query("SELECT count(*) FROM submission").scalar == "0")
        let alice = try event.connect(as: event.alice)
        #expect(try alice.query("SELECT code, student FROM assignment").rows == [[given.code, "s-1"]])
        #expect(try alice.query("SELECT student, text FROM submission").rows == [["s-1", "Essay by s-1."]])
        // Which students have stored work is no secret (the shell masks them); the work is.
        #expect(try bob.query("SELECT count(*) FROM scorebench_event_work()").scalar == "3")
        // The lead sees the whole queue.
        #expect(try event.connect(as: event.lead).query("SELECT count(*) FROM assignment").scalar == "1")
    }

    @Test func aRaterCannotChangeTheQueueByHand() throws {
        let event = try Event()
        let given = try #require(try event.store(as: event.alice).assign(event.request(event.alice)))
        let bob = try event.connect(as: event.bob)
        for statement in [
            "INSERT INTO assignment (code, rater, task, component, student, kind, issued_at, expires_at, sequence) VALUES ('@BBBBBBBB', current_user, 'essay-task', 'main', 's-1', 'live', '2026-10-05T14:00:00Z', '2027-10-05T14:00:00Z', 1)",
            "UPDATE assignment SET status = 'skipped'", "DELETE FROM assignment", "INSERT INTO submission (task, component, student, stored_at, text, planned_reads) VALUES ('essay-task', 'main', 's-1', 'x', 'y', 1)",
            "UPDATE submission SET text = 'changed'", "DELETE FROM submission", "INSERT INTO reinstatement VALUES (current_user, 'essay', 'me', NULL, 'now')",
        ] {
            let error = #expect(throws: PostgresError.self, "\(statement)") { try bob.query(statement) }
            #expect(error?.kind == .insufficientPrivilege, "\(statement): \(String(describing: error))")
        }
        // The functions act for the login only: not for Alice, and not on her assignment.
        let forAlice = #expect(throws: PostgresError.self) {
            try bob.query(
                "SELECT scorebench_hand_out('@CCCCCCCC', $1, 'essay-task', 'main', 's-2', 'live', NULL, '2026-10-05T14:00:00Z', '2026-10-05T15:00:00Z', 2)",
                [event.alice])
        }
        #expect(forAlice?.kind == .insufficientPrivilege)
        let closing = #expect(throws: PostgresError.self) {
            try bob.query("SELECT scorebench_close_assignment($1, 'skipped', '2026-10-05T14:01:00Z', 'mine now', NULL)", [given.code])
        }
        #expect(closing?.kind == .insufficientPrivilege)
        // Work that is not his to take: the anchor, as live work.
        let anchor = #expect(throws: PostgresError.self) {
            try bob.query(
                "SELECT scorebench_hand_out('@CCCCCCCC', current_user, 'essay-task', 'main', 'a-1', 'live', NULL, '2026-10-05T14:00:00Z', '2026-10-05T15:00:00Z', 1)")
        }
        #expect(anchor?.kind == .checkViolation)
        #expect(try event.connect(as: event.lead).query("SELECT count(*) FROM assignment").scalar == "1")
    }

    @Test func twoRatersTakeTheTwoReadsAndAThirdFindsNone() throws {
        let event = try Event()
        let carol = TestServer.uniqueName("ev_carol")
        event.scratch.adopt(role: carol)
        _ = try event.store.addRaterWithLogin(Rater(id: carol, role: .rater), password: event.password, at: Fixtures.time)
        // s-1 needs two reads: Alice and Bob are given it, and while both hold it Carol gets s-2.
        #expect(try event.store(as: event.alice).assign(event.request(event.alice))?.student == "s-1")
        #expect(try event.store(as: event.bob).assign(event.request(event.bob))?.student == "s-1")
        #expect(try event.store(as: carol).assign(event.request(carol))?.student == "s-2")
    }

    @Test func othersReadsShowOnlyOnceTheWorkIsDecided() throws {
        let event = try Event()
        let (aliceStore, bobStore) = (try event.store(as: event.alice), try event.store(as: event.bob))
        let first = try #require(try aliceStore.assign(event.request(event.alice)))
        _ = try aliceStore.recordAssignment(
            first.code, read: Fixtures.essayRead(student: "s-1", rater: event.alice, 3, 3, 3, note: "alice's"),
            rubrics: event.bank.rubrics, at: Fixtures.time)
        let bob = try event.connect(as: event.bob)
        #expect(try bob.query("SELECT count(*) FROM read WHERE student = 's-1'").scalar == "0")
        let second = try #require(try bobStore.assign(event.request(event.bob)))
        #expect(second.student == "s-1")
        _ = try bobStore.recordAssignment(
            second.code, read: Fixtures.essayRead(student: "s-1", rater: event.bob, 4, 3, 3), rubrics: event.bank.rubrics,
            at: Fixtures.time)
        // Two reads within one point: decided, so each now sees the other's, note included.
        #expect(try bob.query("SELECT note FROM read WHERE student = 's-1' AND rater = $1", [event.alice]).rows == [["alice's"]])
        #expect(try aliceStore.currentReads(ReadFilter(student: "s-1")).count == 2)
        // A rater who drops to the group role sees less, not more.
        try bob.execute("SET ROLE scorebench_rater")
        #expect(try bob.query("SELECT count(*) FROM read WHERE kind = 'master'").scalar == "0")
    }

    @Test func aDisagreementStaysHiddenUntilAdjudicated() throws {
        let event = try Event()
        let adjudicator = TestServer.uniqueName("ev_adj")
        event.scratch.adopt(role: adjudicator)
        _ = try event.store.addRaterWithLogin(Rater(id: adjudicator, role: .adjudicator), password: event.password, at: Fixtures.time)
        _ = try event.store.record(
            [
                Fixtures.essayRead(student: "s-2", rater: event.lead, 1, 1, 1, note: "low"),
                Fixtures.essayRead(student: "s-2", rater: event.bob, 4, 4, 4),
            ], rubrics: event.bank.rubrics, at: Fixtures.time)
        let alice = try event.connect(as: event.alice)
        #expect(try alice.query("SELECT count(*) FROM read WHERE student = 's-2'").scalar == "0")
        _ = try event.store.record(
            [Fixtures.essayRead(student: "s-2", rater: adjudicator, kind: .adjudication, 2, 2, 2)], rubrics: event.bank.rubrics,
            at: Fixtures.time)
        #expect(try alice.query("SELECT count(*) FROM read WHERE student = 's-2'").scalar == "3")
    }

    @Test func validityPapersKeepTheirMastersAndOthersValidityReadsHidden() throws {
        let event = try Event()
        let aliceStore = try event.store(as: event.alice)
        let paper = try #require(try aliceStore.assign(event.request(event.alice, validity: true)))
        #expect(paper.kind == .validity && paper.student == "a-1")
        let alice = try event.connect(as: event.alice)
        #expect(try alice.query("SELECT count(*) FROM read WHERE kind = 'master'").scalar == "0")
        var read = Fixtures.essayRead(student: "a-1", rater: event.alice, kind: .validity, 3, 2, 3)
        read.note = "alice on the paper"
        _ = try aliceStore.recordAssignment(paper.code, read: read, rubrics: event.bank.rubrics, at: Fixtures.time)
        #expect(try aliceStore.assignment(paper.code)?.status == .scored)
        // Her own validity read, checked against the master, for her lock-out only.
        let standing = try aliceStore.validityReads(rater: event.alice)
        #expect(standing.map(\.pairs) == [[.init(criterion: "claim", score: 3, master: 3), .init(criterion: "evidence", score: 2, master: 3), .init(criterion: "style", score: 3, master: 3)]])
        let bob = try event.connect(as: event.bob)
        #expect(try bob.query("SELECT count(*) FROM read WHERE kind IN ('validity', 'master')").scalar == "0")
        #expect(throws: PostgresError.self) { try bob.query("SELECT * FROM scorebench_validity_reads($1)", [event.alice]) }
        // Only the rater holding a validity paper may give a validity read of it.
        let bobs = #expect(throws: PostgresError.self) {
            try event.store(as: event.bob).record(
                [Fixtures.essayRead(student: "a-1", rater: event.bob, kind: .validity, 3, 3, 3)], rubrics: event.bank.rubrics,
                at: Fixtures.time)
        }
        #expect(bobs?.kind == .insufficientPrivilege)
    }
}

/// The server's "decided" (`scorebench_decided`, which row-level security uses) is SPEC 9's
/// rule as the core applies it (`ComponentResolution.resolve`), on every mix of reads: too
/// few, condition codes alike and mixed, a missing criterion, scores near and far apart,
/// adjudications of scores and of codes.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresDecidedAgreesWithTheCoreTests {
    @Test func theServerDecidesEveryComponentAsTheCoreDoes() throws {
        let scratch = try ScratchSchema()
        let store = try scratch.initializedStore()
        let bank = Fixtures.bank()
        let rubric = try #require(bank.rubrics["essay"])
        let raters = ["r-1", "r-2", "r-3", "adj"]
        for rater in raters { _ = try store.addRater(Rater(id: rater, role: rater == "adj" ? .adjudicator : .rater), at: Fixtures.time) }
        var generator = StoreSplitMix(state: 20_261_202)
        var reads: [Read] = []
        let students = (1...240).map { "s-\($0)" }
        for (index, student) in students.enumerated() {
            _ = try store.addStudent(Student(id: student), at: Fixtures.time)
            let count = Int(generator.next() % 4)
            let adjudicated = generator.next() % 3 == 0
            for (position, rater) in (raters.prefix(count) + (adjudicated ? ["adj"] : [])).enumerated() {
                let roll = generator.next() % 10
                let at = Timestamp(seconds: Fixtures.time.seconds + Int64(index * 10 + position))
                var read: Read
                if roll < 2 {
                    read = Read(
                        student: student, task: "essay-task", rater: rater, kind: rater == "adj" ? .adjudication : .read, scores: [],
                        scoredAt: at, rubric: "essay", rubricVersion: 1, code: generator.next() % 2 == 0 ? .blank : .offTopic)
                } else {
                    // A narrow band most of the time, so that reads agree as often as not.
                    let base = Int(generator.next() % 2) + 1
                    var scores = rubric.criteria.map { CriterionScore(criterion: $0.id, score: base + Int(generator.next() % (roll < 8 ? 2 : 4)) % 4) }
                    if roll == 9 { scores.removeLast() }
                    read = Read(
                        student: student, task: "essay-task", rater: rater, kind: rater == "adj" ? .adjudication : .read,
                        scores: scores, scoredAt: at, rubric: "essay", rubricVersion: 1)
                }
                reads.append(read)
            }
        }
        _ = try store.record(reads, rubrics: bank.rubrics, at: Fixtures.time)
        let server = Dictionary(
            uniqueKeysWithValues: try scratch.admin.query(
                "SELECT id, \(scratch.name).scorebench_decided('essay-task', 'main', id) FROM \(scratch.name).student"
            ).rows.map { ($0[0] ?? "", $0[1] == "t") })
        var decided = 0
        for student in students {
            let core = ComponentResolution.resolve(
                try store.currentReads(ReadFilter(student: student)).map {
                    ComponentRead(
                        rater: $0.rater, kind: $0.kind,
                        outcome: $0.code.map(ReadOutcome.code) ?? .scores(Dictionary(uniqueKeysWithValues: $0.scores.map { ($0.criterion, $0.score) })),
                        scoredAt: $0.scoredAt)
                }, rubric: rubric)
            #expect(server[student] == (core.status == .decided), "\(student): the core says \(core.status)")
            if core.status == .decided { decided += 1 }
        }
        // The mix reaches every outcome.
        #expect(decided > 40 && decided < 200)
    }
}

/// A seeded generator, so that the mix is the same on every run.
struct StoreSplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
