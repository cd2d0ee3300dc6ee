import Testing
@testable import ScoringCore

/// Brennan's synthetic data sets (SPEC 13), hand-computed designs and degenerate input.
@Suite struct GeneralizabilityStudyTests {
    /// Synthetic Data Set No. 4, p x (r:t): per task, per rater, the scores of persons 1…10.
    static let dataSet4: [[[Double]]] = [
        [[5, 9, 3, 7, 9, 3, 7, 5, 9, 4], [6, 3, 4, 5, 2, 4, 3, 8, 9, 4],
         [5, 7, 3, 5, 9, 3, 7, 5, 8, 4], [5, 7, 3, 3, 7, 5, 7, 7, 8, 3]],
        [[5, 7, 5, 3, 7, 3, 7, 7, 6, 3], [3, 5, 3, 1, 7, 3, 5, 5, 6, 5],
         [4, 5, 3, 4, 3, 6, 5, 5, 6, 6], [5, 5, 5, 3, 7, 3, 7, 4, 5, 5]],
        [[6, 7, 6, 5, 2, 4, 5, 3, 5, 5], [7, 7, 5, 3, 7, 5, 5, 2, 8, 7],
         [3, 5, 1, 3, 5, 1, 5, 1, 1, 1], [3, 2, 6, 5, 3, 2, 4, 1, 1, 1]],
    ]

    /// Synthetic Data Set No. 3, p x i x o read as p x t x r: per rater (o), per task (i), the
    /// scores of persons 1…10.
    static let dataSet3: [[[Double]]] = [
        [[2, 4, 5, 5, 4, 4, 2, 3, 0, 6], [6, 5, 5, 9, 3, 4, 6, 4, 5, 8],
         [7, 6, 4, 8, 5, 4, 6, 4, 4, 7], [5, 7, 6, 6, 6, 7, 5, 5, 5, 6]],
        [[2, 6, 5, 5, 4, 6, 2, 6, 5, 6], [5, 7, 4, 7, 5, 4, 7, 6, 5, 8],
         [5, 5, 5, 7, 6, 7, 7, 6, 5, 8], [5, 7, 5, 6, 4, 8, 5, 4, 3, 6]],
    ]

    /// scores[person][task][rater] from Brennan's task-major (No. 4) or rater-major (No. 3) rows.
    static func scores(taskMajor rows: [[[Double]]]) -> BalancedScores? {
        BalancedScores((0..<10).map { person in rows.map { task in task.map { $0[person] } } })
    }

    static func scores(raterMajor rows: [[[Double]]]) -> BalancedScores? {
        BalancedScores((0..<10).map { person in (0..<rows[0].count).map { task in rows.map { $0[task][person] } } })
    }

    @Test func syntheticDataSet4() throws {
        let study = try GeneralizabilityStudy(try #require(Self.scores(taskMajor: Self.dataSet4)), design: .ratersWithinTasks)
        #expect((study.persons, study.raters, study.tasks) == (10, 4, 3))
        let expected: [VarianceComponent: Double] = [
            .p: 0.4731481481, .t: 0.3251543210, .rWithinT: 0.6475308642, .pt: 0.5595679012, .prWithinT: 2.3802469136,
        ]
        #expect(Set(study.components.keys) == Set(expected.keys))
        for (component, value) in expected {
            #expect(isClose(study.components[component], value, 1e-9), "\(component)")
        }
        // Exact rationals from the same formulas (Python's fractions): p = 511/1080, t = 2107/6480,
        // r:t = 1049/1620, pt = 1813/3240, pr:t = 964/405.
        #expect(isClose(study.components[.p], 511.0 / 1080, 1e-12))
        #expect(isClose(study.components[.prWithinT], 964.0 / 405, 1e-12))
        #expect(isClose(study.g, 0.551439, 5e-7))
        #expect(isClose(study.phi, 0.463702, 5e-7))
        #expect(isClose(study.mean, 4.75, 1e-12))
    }

    @Test func syntheticDataSet3() throws {
        let study = try GeneralizabilityStudy(try #require(Self.scores(raterMajor: Self.dataSet3)), design: .personsByTasksByRaters)
        #expect((study.persons, study.raters, study.tasks) == (10, 2, 4))
        let printed: [VarianceComponent: Double] = [
            .p: 0.552778, .t: 0.441667, .r: 0.007407, .pt: 0.575000, .pr: 0.100926, .tr: 0.156481, .ptr: 0.935185,
        ]
        // Worked by hand in exact rationals.
        let exact: [VarianceComponent: Double] = [
            .p: 199.0 / 360, .t: 53.0 / 120, .r: 1.0 / 135, .pt: 23.0 / 40, .pr: 109.0 / 1080, .tr: 169.0 / 1080, .ptr: 101.0 / 108,
        ]
        #expect(Set(study.components.keys) == Set(printed.keys))
        for (component, value) in printed {
            #expect(isClose(study.components[component], value, 5e-7), "\(component)")
            #expect(isClose(study.components[component], exact[component] ?? .nan, 1e-12), "\(component)")
        }
        #expect(isClose(study.g, 0.639871, 5e-7))
        #expect(isClose(study.phi, 0.554125, 5e-7))
    }

    /// Shrout & Fleiss's 6 x 4 table as p x r: the components are those behind their ICCs, so
    /// Erho² for 4 raters is ICC(3,k) and Phi is ICC(2,k) (SPEC 8's reference values).
    @Test func personsByRatersMatchesTheIntraclassCorrelations() throws {
        let rows: [[Double]] = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
        let study = try GeneralizabilityStudy(try #require(BalancedScores(rows.map { [$0] })), design: .personsByRaters)
        #expect(isClose(study.g, 0.909316, 5e-7))
        #expect(isClose(study.phi, 0.620051, 5e-7))
        // As r:p, one rater's reliability is ICC(1,1) and four raters' is ICC(1,k).
        let nested = try GeneralizabilityStudy(try #require(BalancedScores(rows.map { [$0] })), design: .ratersWithinPersons)
        #expect(Set(nested.components.keys) == [.p, .rWithinP])
        #expect(isClose(nested.g, 0.442797, 5e-7))
        #expect(nested.g == nested.phi)
    }

    /// r:(p x t) worked by hand in exact rationals: p = 41/24, t = 17/24, pt = -5/24 (negative:
    /// reported, and 0 in the coefficients), r:pt = 11/9.
    @Test func ratersWithinResponsesByHand() throws {
        let values: [[[Double]]] = [[[1, 3], [2, 2], [5, 4]], [[4, 6], [3, 5], [6, 6]], [[2, 2], [1, 4], [3, 3]]]
        let study = try GeneralizabilityStudy(try #require(BalancedScores(values)), design: .ratersWithinResponses)
        #expect(isClose(study.components[.p], 41.0 / 24, 1e-12))
        #expect(isClose(study.components[.t], 17.0 / 24, 1e-12))
        #expect(isClose(study.components[.pt], -5.0 / 24, 1e-12))
        #expect(isClose(study.components[.rWithinPT], 11.0 / 9, 1e-12))
        // δ = 0/3 + (11/9)/6 = 44/216; Δ = δ + (17/24)/3 = 95/216; σ²(p) = 369/216.
        #expect(isClose(study.g, 369.0 / 413, 1e-12))
        #expect(isClose(study.phi, 369.0 / 464, 1e-12))
    }

    /// Raters with equal means: σ²(r) = (0 - MS_pr) / n_p = -1/12, kept negative, read as 0.
    @Test func negativeComponentIsReportedAndZeroedForCoefficients() throws {
        let study = try GeneralizabilityStudy(try #require(BalancedScores([[[1, 2]], [[2, 1]], [[3, 3]], [[2, 2]]])),
                                              design: .personsByRaters)
        #expect(isClose(study.components[.r], -1.0 / 12, 1e-12))
        #expect(study.variance(.r) == 0)
        #expect(isClose(study.g, 2.0 / 3, 1e-12))
        #expect(isClose(study.phi, 2.0 / 3, 1e-12))
    }

    @Test func degenerateDesignsThrowOrGiveNil() throws {
        let onePerson = try #require(BalancedScores([[[1, 2]]]))
        #expect(throws: GeneralizabilityError.tooFewPersons(1)) { try GeneralizabilityStudy(onePerson, design: .personsByRaters) }
        let oneRater = try #require(BalancedScores([[[1]], [[2]]]))
        #expect(throws: GeneralizabilityError.tooFewRaters(1)) { try GeneralizabilityStudy(oneRater, design: .ratersWithinPersons) }
        let oneTask = try #require(BalancedScores([[[1, 2]], [[2, 3]]]))
        #expect(throws: GeneralizabilityError.tooFewTasks(1)) { try GeneralizabilityStudy(oneTask, design: .ratersWithinTasks) }
        let twoTasks = try #require(BalancedScores([[[1, 2], [1, 1]], [[2, 3], [2, 2]]]))
        #expect(throws: GeneralizabilityError.tasksInSingleTaskDesign(2)) { try GeneralizabilityStudy(twoTasks, design: .personsByRaters) }
        // Every score equal: no variance anywhere, so no coefficient.
        let flat = try GeneralizabilityStudy(try #require(BalancedScores([[[3, 3]], [[3, 3]], [[3, 3]]])), design: .personsByRaters)
        #expect(flat.components.values.allSatisfy { $0 == 0 })
        #expect(flat.g == nil && flat.phi == nil)
        #expect(BalancedScores([[[1, 2]], [[2]]]) == nil)
        #expect(BalancedScores(persons: 1, tasks: 1, raters: 2, values: [1, .nan]) == nil)
    }

    @Test func designsListTheirComponents() {
        #expect(GeneralizabilityDesign.ratersWithinTasks.components.map(\.rawValue) == ["p", "t", "r:t", "pt", "pr:t"])
        #expect(GeneralizabilityDesign.ratersWithinResponses.components.map(\.rawValue) == ["p", "t", "pt", "r:pt"])
        #expect(GeneralizabilityDesign.allCases.map(\.rawValue) == ["p x r", "r:p", "p x t x r", "p x (r:t)", "r:(p x t)"])
    }
}
