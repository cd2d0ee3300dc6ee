import Testing
@testable import ScoringCore

/// SPEC 13's choice of design from the reads, and listwise deletion.
@Suite struct GeneralizabilityDataTests {
    /// Reads from (person, task, rater, score) in time order.
    static func reads(_ rows: [(String, String, String, Double)]) -> [GeneralizabilityRead] {
        rows.enumerated().map { GeneralizabilityRead(person: $1.0, task: $1.1, rater: $1.2, order: $0, score: $1.3) }
    }

    @Test func sameRatersForEveryoneIsPersonsByRaters() throws {
        let data = try GeneralizabilityData(reads: Self.reads([
            ("ann", "essay", "r1", 3), ("ann", "essay", "r2", 4), ("ann", "essay", "r3", 3),
            ("bob", "essay", "r2", 2), ("bob", "essay", "r1", 1), ("bob", "essay", "r3", 2),
            ("cat", "essay", "r1", 4), ("cat", "essay", "r3", 4),  // no r2: left out
            ("dan", "essay", "r3", 1), ("dan", "essay", "r1", 2), ("dan", "essay", "r2", 2),
            ("eve", "essay", "r1", 2),  // one read: no pairable response
        ]))
        #expect(data.design == .personsByRaters)
        #expect(data.persons == ["ann", "bob", "dan"])
        #expect(data.raters == [["r1", "r2", "r3"]])
        #expect(data.personsLeftOut == 2)
        #expect(data.scores.values == [3, 4, 3, 1, 2, 2, 2, 2, 1])
    }

    /// More distinct raters than any response has reads: r:p over the first k reads in time
    /// order (here given out of input order), k the fewest reads of a response with two.
    @Test func varyingRatersTakeTheFirstReadsInTimeOrder() throws {
        let rows: [(String, String, String, Int, Double)] = [
            ("ann", "essay", "r1", 2, 3), ("ann", "essay", "r2", 1, 4), ("ann", "essay", "r5", 3, 1),
            ("bob", "essay", "r3", 5, 2), ("bob", "essay", "r4", 4, 1),
            ("cat", "essay", "r1", 7, 4), ("cat", "essay", "r4", 6, 3),
        ]
        let reads = rows.map { GeneralizabilityRead(person: $0.0, task: $0.1, rater: $0.2, order: $0.3, score: $0.4) }
        let data = try GeneralizabilityData(reads: reads)
        #expect(data.design == .ratersWithinPersons)
        #expect(data.raters == nil)
        #expect(data.scores.raters == 2)
        #expect(data.scores.values == [4, 3, 1, 2, 3, 4])
    }

    /// Synthetic Data Set No. 3 as reads: two raters read every response to four tasks.
    @Test func crossedOverTasksIsPersonsByTasksByRaters() throws {
        var rows: [(String, String, String, Double)] = []
        for person in 0..<10 {
            for task in 0..<4 {
                for rater in 0..<2 {
                    rows.append(("p\(person)", "t\(task)", "o\(rater)", GeneralizabilityStudyTests.dataSet3[rater][task][person]))
                }
            }
        }
        let data = try GeneralizabilityData(reads: Self.reads(rows))
        #expect(data.design == .personsByTasksByRaters)
        let study = try GeneralizabilityStudy(data.scores, design: data.design)
        #expect(isClose(study.components[.p], 199.0 / 360, 1e-12))
        #expect(isClose(study.components[.ptr], 101.0 / 108, 1e-12))
    }

    /// Synthetic Data Set No. 4 as reads: each task its own four raters.
    @Test func disjointRaterSetsAreRatersWithinTasks() throws {
        var rows: [(String, String, String, Double)] = []
        for person in 0..<10 {
            for task in 0..<3 {
                for rater in 0..<4 {
                    rows.append(("p\(person)", "t\(task)", "r\(task * 4 + rater + 1)", GeneralizabilityStudyTests.dataSet4[task][rater][person]))
                }
            }
        }
        // A person with one task missing is left out.
        rows.append(("late", "t0", "r1", 5))
        rows.append(("late", "t0", "r2", 5))
        let data = try GeneralizabilityData(reads: Self.reads(rows))
        #expect(data.design == .ratersWithinTasks)
        #expect(data.raters?[2] == ["r9", "r10", "r11", "r12"])
        #expect(data.personsLeftOut == 1)
        let study = try GeneralizabilityStudy(data.scores, design: data.design)
        #expect(isClose(study.components[.prWithinT], 2.3802469136, 1e-9))
        #expect(isClose(study.g, 0.551439, 5e-7))
    }

    @Test func ratersVaryingByResponseAreRatersWithinResponses() throws {
        let data = try GeneralizabilityData(reads: Self.reads([
            ("ann", "t1", "r1", 3), ("ann", "t1", "r2", 4), ("ann", "t2", "r3", 2), ("ann", "t2", "r1", 2),
            ("bob", "t1", "r3", 2), ("bob", "t1", "r4", 1), ("bob", "t2", "r2", 4), ("bob", "t2", "r4", 3),
            ("cat", "t1", "r2", 1), ("cat", "t1", "r1", 2), ("cat", "t2", "r4", 3), ("cat", "t2", "r3", 3),
        ]))
        #expect(data.design == .ratersWithinResponses)
        #expect(data.scores.values == [3, 4, 2, 2, 2, 1, 4, 3, 1, 2, 3, 3])
    }

    /// Disjoint per task and crossed within each, but not as many raters in each task.
    @Test func unequalRaterCountsFallBackToRatersWithinResponses() throws {
        let data = try GeneralizabilityData(reads: Self.reads([
            ("ann", "t1", "a", 3), ("ann", "t1", "b", 4), ("ann", "t2", "c", 2), ("ann", "t2", "d", 2), ("ann", "t2", "e", 1),
            ("bob", "t1", "a", 2), ("bob", "t1", "b", 1), ("bob", "t2", "c", 4), ("bob", "t2", "d", 3), ("bob", "t2", "e", 3),
        ]))
        #expect(data.design == .ratersWithinResponses)
        #expect(data.scores.raters == 2)
        #expect(data.scores.values == [3, 4, 2, 2, 2, 1, 4, 3])
    }

    @Test func tooFewReadsAreTypedErrors() {
        #expect(throws: GeneralizabilityError.noResponseWithTwoReads) {
            try GeneralizabilityData(reads: Self.reads([("ann", "t", "r1", 3), ("bob", "t", "r1", 2)]))
        }
        #expect(throws: GeneralizabilityError.tooFewPersons(1)) {
            try GeneralizabilityData(reads: Self.reads([("ann", "t", "r1", 3), ("ann", "t", "r2", 2), ("bob", "t", "r1", 2)]))
        }
        #expect(throws: GeneralizabilityError.nonFiniteScore) {
            try GeneralizabilityData(reads: Self.reads([("ann", "t", "r1", .infinity), ("ann", "t", "r2", 2)]))
        }
        #expect(throws: GeneralizabilityError.noResponseWithTwoReads) { try GeneralizabilityData(reads: []) }
    }
}
