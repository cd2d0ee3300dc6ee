import Testing
@testable import ScoringCore

/// Extreme elements, unidentified designs and degenerate input (SPEC 13): typed errors or nils,
/// never NaN.
@Suite struct RaschIdentificationTests {
    /// s0 has every category at the top; once s0 leaves, r3's remaining scores are all 0, so r3
    /// leaves in the second round. Nobody else is extreme after that.
    static let cascade: [[Int?]] = [
        [2, 2, 2, 2],
        [1, 2, 0, 0],
        [2, 1, 1, 0],
        [0, 1, 2, 0],
        [1, 0, 1, 0],
    ]

    @Test func extremesLeaveRoundByRound() throws {
        let analysis = try JointMaximumLikelihood.estimate(observations(Self.cascade), scale: [0, 1, 2])
        let s0 = try #require(analysis.students.element("s0"))
        #expect(s0.extreme == .maximum)
        #expect(s0.measure == nil && s0.standardError == nil && s0.infit == nil && s0.outfit == nil)
        #expect(s0.count == 4 && s0.observedAverage == 2)
        let r3 = try #require(analysis.raters.element("r3"))
        #expect(r3.extreme == .minimum)
        #expect(r3.measure == nil && r3.fairAverage == nil)
        // Counts and averages keep every read, extreme or not.
        #expect(r3.count == 5 && isClose(r3.observedAverage, 0.4, 1e-15))
        #expect(analysis.raters.element("r0")?.count == 5)
        #expect(isClose(analysis.raters.element("r0")?.observedAverage, 6.0 / 5, 1e-15))
        #expect(analysis.criteria.element("c")?.count == 20)
        // The rest are measured, raters centred over the three non-extreme ones.
        let measured = analysis.raters.elements.compactMap(\.measure)
        #expect(measured.count == 3)
        #expect(abs(measured.reduce(0, +)) < 1e-12)
        #expect(analysis.students.elements.filter { $0.measure != nil }.count == 4)
        // SE and fit come from the observations used: r0's three with s1…s4's non-extreme reads.
        let residuals = scoreResiduals(observations(Self.cascade), analysis)
        #expect(residuals.elements < 1e-8 && residuals.thresholds < 1e-8)
    }

    /// A rater who read only a top student and a bottom one loses every observation when they
    /// leave: no end applies, and the rater is reported as having nothing left.
    @Test func raterLeftWithoutObservations() throws {
        var data = observations(Self.cascade)
        data.append(RaschObservation(student: "top", rater: "lonely", criterion: "c", category: 2))
        data.append(RaschObservation(student: "bottom", rater: "lonely", criterion: "c", category: 0))
        let analysis = try JointMaximumLikelihood.estimate(data, scale: [0, 1, 2])
        #expect(analysis.students.element("top")?.extreme == .maximum)
        #expect(analysis.students.element("bottom")?.extreme == .minimum)
        let lonely = try #require(analysis.raters.element("lonely"))
        #expect(lonely.extreme == .noObservationsLeft)
        #expect(lonely.measure == nil && lonely.count == 2 && lonely.observedAverage == 1)
    }

    @Test func raterGroupsThatShareNoStudentsAreNamed() {
        let data = observations([
            [0, 1, nil, nil], [1, 2, nil, nil], [2, 1, nil, nil],
            [nil, nil, 1, 0], [nil, nil, 2, 1], [nil, nil, 0, 2],
        ])
        #expect(throws: RaschError.disconnected([
            RaschSubsets(facet: .students, groups: [["s0", "s1", "s2"], ["s3", "s4", "s5"]]),
            RaschSubsets(facet: .raters, groups: [["r0", "r1"], ["r2", "r3"]]),
        ])) {
            try JointMaximumLikelihood.estimate(data, scale: [0, 1, 2])
        }
    }

    /// Each rater always scores the same criterion: rater and criterion effects are confounded
    /// though every student meets both raters.
    @Test func ratersConfoundedWithCriteriaAreNamed() {
        var data: [RaschObservation] = []
        for (student, scores) in [[0, 1], [1, 2], [2, 1], [1, 0], [2, 2], [0, 0], [1, 1]].enumerated() {
            data.append(RaschObservation(student: "s\(student)", rater: "a", criterion: "content", category: scores[0]))
            data.append(RaschObservation(student: "s\(student)", rater: "b", criterion: "style", category: scores[1]))
        }
        #expect(throws: RaschError.disconnected([
            RaschSubsets(facet: .raters, groups: [["a"], ["b"]]),
            RaschSubsets(facet: .criteria, groups: [["content"], ["style"]]),
        ])) {
            try JointMaximumLikelihood.estimate(data, scale: [0, 1, 2])
        }
    }

    /// Linked only by students read by raters of both groups, the design is connected. (One
    /// such student is not enough for an estimate: the groups' relative severity would then
    /// have no finite maximum, which `likelihoodWithoutMaximumDoesNotConverge` covers.)
    @Test func sharedStudentsConnect() throws {
        let data = observations([
            [0, 1, nil, nil], [1, 2, nil, nil], [2, 1, nil, nil],
            [nil, nil, 1, 0], [nil, nil, 2, 1], [nil, nil, 0, 2],
            [1, nil, 2, nil], [nil, 2, nil, 1],
        ])
        let analysis = try JointMaximumLikelihood.estimate(data, scale: [0, 1, 2])
        #expect(analysis.raters.elements.allSatisfy { $0.measure != nil })
    }

    @Test func unusedLevelIsNamedByItsScore() {
        let data = observations([[1, 2, 1], [2, 1, 1], [1, 1, 2]])
        #expect(throws: RaschError.unusedLevels([10])) {
            try JointMaximumLikelihood.estimate(data, scale: [10, 20, 30])
        }
    }

    /// Category 0 appears only in an extreme student's reads, so once they leave it is unused.
    @Test func levelUsedOnlyByExtremesIsUnused() {
        let data = observations([[0, 0, 0], [1, 2, 1], [2, 1, 1], [1, 1, 2]])
        #expect(throws: RaschError.unusedLevels([0])) {
            try JointMaximumLikelihood.estimate(data, scale: [0, 1, 2])
        }
    }

    @Test func degenerateInputsThrowTypedErrors() {
        #expect(throws: RaschError.noObservations) { try JointMaximumLikelihood.estimate([], scale: [0, 1]) }
        #expect(throws: RaschError.scaleHasOneLevel) {
            try JointMaximumLikelihood.estimate(observations([[0, 0]]), scale: [3])
        }
        #expect(throws: RaschError.categoryOutOfRange(category: 5, maximum: 2)) {
            try JointMaximumLikelihood.estimate(observations([[0, 5]]), scale: [0, 1, 2])
        }
        #expect(throws: RaschError.everyObservationExtreme) {
            try JointMaximumLikelihood.estimate(observations([[2, 2], [2, 2]]), scale: [0, 1, 2])
        }
        // Each student's only read sits at one end of the scale: both leave, with everything.
        #expect(throws: RaschError.everyObservationExtreme) {
            try JointMaximumLikelihood.estimate(observations([[0], [2]]), scale: [0, 1, 2])
        }
    }

    /// Category 0 only ever comes from r0 and category 2 only from r1: the likelihood rises
    /// without bound as the thresholds and the raters spread apart, and the estimation says so
    /// instead of returning numbers that are only where it stopped.
    @Test func likelihoodWithoutMaximumDoesNotConverge() {
        let data = observations([[1, 1], [1, 1], [0, 2], [1, 1]])
        #expect(throws: RaschError.didNotConverge(iterations: JointMaximumLikelihood.maximumIterations)) {
            try JointMaximumLikelihood.estimate(data, scale: [0, 1, 2])
        }
    }

    @Test func errorsReadAsSentences() {
        #expect(RaschError.unusedLevels([4]).description
            == "level 4 of the scale has no observations once extreme elements are out")
        #expect(RaschError.disconnected([RaschSubsets(facet: .raters, groups: [["a", "b"], ["c"]])]).description
            == "the observations do not connect every element: raters fall into 2 subsets {a, b} {c}")
    }

    /// Hundreds of small random designs, sparse and lopsided: each either fails with a typed
    /// error or returns only finite numbers, and so do the bias terms over it.
    @Test func noNaNOnRandomSmallDesigns() {
        var generator = SeededGenerator(seed: 99)
        var estimated = 0
        for trial in 0..<300 {
            let students = 2 + trial % 5, raters = 1 + trial % 3, criteria = 1 + trial % 2, m = 1 + trial % 3
            var data: [RaschObservation] = []
            for student in 0..<students {
                for rater in 0..<raters where Double.random(in: 0..<1, using: &generator) < 0.8 {
                    for criterion in 0..<criteria {
                        data.append(RaschObservation(student: "s\(student)", rater: "r\(rater)", criterion: "c\(criterion)",
                                                     category: Int.random(in: 0...m, using: &generator)))
                    }
                }
            }
            guard let analysis = try? JointMaximumLikelihood.estimate(data, scale: Array(0...m)) else { continue }
            estimated += 1
            for kind in RaschFacetKind.allCases {
                let facet = analysis[kind]
                let numbers = facet.elements.flatMap {
                    [$0.measure, $0.standardError, $0.infit, $0.outfit, $0.fairAverage, $0.observedAverage].compactMap { $0 }
                } + [facet.separation, facet.reliability].compactMap { $0 }
                #expect(numbers.allSatisfy { $0.isFinite }, "trial \(trial) \(kind)")
            }
            #expect(analysis.thresholds.allSatisfy { $0.threshold.isFinite })
            let groups = Dictionary(uniqueKeysWithValues: (0..<students).map { ("s\($0)", "g\($0 % 2)") })
            for term in RaterBias.estimate(data, groups: groups, analysis: analysis) {
                #expect([term.bias, term.standardError, term.t].compactMap { $0 }.allSatisfy { $0.isFinite })
            }
        }
        #expect(estimated > 20)
    }
}
