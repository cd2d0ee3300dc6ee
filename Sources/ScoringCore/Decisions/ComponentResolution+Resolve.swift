extension ComponentResolution {
    /// Applies SPEC section 9's resolution rules, extended with condition codes, to the current
    /// reads of one submission component.
    ///
    /// In order:
    /// 1. Fewer usable `read` reads than `max(resolution.reads, 1)` → `incomplete`. This comes
    ///    first even when an adjudication read exists: an adjudicator settles a disagreement,
    ///    never a missing read.
    /// 2. Every `read` read gives the same condition code → decided by that code, not proficient,
    ///    with no finals, score or level.
    /// 3. A code against scores, different codes, or any two `read` reads differing on any
    ///    criterion by at least `adjudicateAt` → the latest `adjudication` read (by `scoredAt`,
    ///    ties to the later one in `reads`) decides, by its code or its scores; without one,
    ///    `needs-adjudication`.
    /// 4. Otherwise each final is the mean of all the `read` reads. An adjudication read present
    ///    here does not matter: SPEC only lets an adjudicator overrule reads that disagree.
    ///
    /// Every current `read` read counts, also when there are more than `resolution.reads` (a
    /// third read neither breaks nor settles a tie: it joins the mean and the discrepancy check).
    /// Backreads are counted and otherwise ignored; `master` and `calibration` reads are ignored.
    /// A `read` or `adjudication` read whose scores miss one of the rubric's criteria is left
    /// out and counted in `unusableReads`; scores for criteria the rubric lacks are ignored.
    ///
    /// - Parameters:
    ///   - reads: the component's current reads, in the order they were recorded.
    ///   - rubric: the rubric (version) the component is decided under.
    /// - Returns: `incomplete` with no counted reads for an empty `reads`; for a rubric without
    ///   criteria, once decided by scores, empty finals, score and level nil, not proficient.
    /// - Complexity: O(r × c) for r reads and c criteria.
    public static func resolve(_ reads: [ComponentRead], rubric: Rubric) -> ComponentResolution {
        resolve(RubricReads(reads, rubric: rubric))
    }

    /// The same rules on reads already in their rubric's terms.
    /// - Complexity: O(r × c) for r reads and c criteria, with no allocation but the result's.
    public static func resolve(_ reads: RubricReads) -> ComponentResolution {
        let criteria = reads.criteria
        var operational = 0
        var adjudication: (read: Int, at: Timestamp)?
        var backreads = 0
        var unusable = 0
        var first: Timestamp?
        // What the counted `read` reads say: one code, several, or scores.
        var code: ConditionCode?
        var mixedCodes = false
        var scored = 0
        for read in 0..<reads.count {
            let kind = reads.kinds[read]
            switch kind {
            case .master, .calibration, .validity: continue
            case .backread:
                backreads += 1
                continue
            case .read, .adjudication: break
            }
            guard reads.isUsable(read) else {
                unusable += 1
                continue
            }
            let time = reads.scoredAt[read]
            if kind == .read {
                operational += 1
                first = first.map { min($0, time) } ?? time
                if let given = reads.codes[read] {
                    if let code, code != given { mixedCodes = true }
                    code = given
                } else {
                    scored += 1
                }
            } else if adjudication.map({ time >= $0.at }) ?? true {
                adjudication = (read, time)
            }
        }

        var result = ComponentResolution(
            status: .incomplete, criteria: criteria, reads: operational, backreads: backreads,
            unusableReads: unusable, firstScoredAt: first)
        guard operational >= max(reads.rubric.resolution.reads, 1) else { return result }

        if let code, !mixedCodes, scored == 0 {
            result.decide(code: code, basis: .agreeingCodes)
        } else if code == nil, let means = agreeingMeans(reads, scored: scored, adjudicateAt: reads.rubric.resolution.adjudicateAt) {
            result.decide(finals: means, basis: .meanOfReads, rubric: reads.rubric)
        } else if let (read, _) = adjudication {
            if let code = reads.codes[read] {
                result.decide(code: code, basis: .adjudication)
            } else {
                result.decide(finals: criteria.indices.map { Double(reads.score(read, $0)) }, basis: .adjudication, rubric: reads.rubric)
            }
        } else {
            result.status = .needsAdjudication
        }
        return result
    }

    /// Each criterion's mean over the counted `read` reads (all with scores, `scored` of them),
    /// or nil when two of them differ on some criterion by at least `adjudicateAt`.
    private static func agreeingMeans(_ reads: RubricReads, scored: Int, adjudicateAt: Int) -> [Double]? {
        var means: [Double] = []
        means.reserveCapacity(reads.criteria.count)
        for position in reads.criteria.indices {
            var low = Int.max, high = Int.min, sum = 0
            for read in 0..<reads.count where reads.kinds[read] == .read && reads.isUsable(read) {
                let score = reads.score(read, position)
                low = min(low, score)
                high = max(high, score)
                sum += score
            }
            // Any two reads differ by at least `adjudicateAt` iff the extremes do.
            if scored >= 2 && high - low >= adjudicateAt { return nil }
            means.append(Double(sum) / Double(scored))
        }
        return means
    }

    private mutating func decide(code: ConditionCode, basis: ResolutionBasis) {
        status = .decided
        self.basis = basis
        self.code = code
        proficient = false
    }

    private mutating func decide(finals: [Double], basis: ResolutionBasis, rubric: Rubric) {
        status = .decided
        self.basis = basis
        self.finals = finals
        let combined = rubric.combinedScore(finals: finals)
        score = combined
        proficient = combined.map { rubric.decision.isProficient(combined: $0, finals: finals) } ?? false
        level = combined.flatMap { rubric.decision.level(for: $0) }
    }
}
