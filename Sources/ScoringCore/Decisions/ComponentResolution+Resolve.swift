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
        let criteria = rubric.criteria.map(\.id)
        var operational: [Mark] = []
        var adjudication: (mark: Mark, at: Timestamp)?
        var backreads = 0
        var unusable = 0
        var first: Timestamp?
        for read in reads {
            switch read.kind {
            case .master, .calibration, .validity: continue
            case .backread:
                backreads += 1
                continue
            case .read, .adjudication: break
            }
            guard let mark = Mark(read.outcome, criteria: criteria) else {
                unusable += 1
                continue
            }
            if read.kind == .read {
                operational.append(mark)
                first = first.map { min($0, read.scoredAt) } ?? read.scoredAt
            } else if adjudication.map({ read.scoredAt >= $0.at }) ?? true {
                adjudication = (mark, read.scoredAt)
            }
        }

        var result = ComponentResolution(
            status: .incomplete, criteria: criteria, reads: operational.count, backreads: backreads,
            unusableReads: unusable, firstScoredAt: first)
        guard operational.count >= max(rubric.resolution.reads, 1) else { return result }

        switch Mark.agreement(of: operational, adjudicateAt: rubric.resolution.adjudicateAt) {
        case .sameCode(let code):
            result.decide(code: code, basis: .agreeingCodes)
        case .scoresAgree(let means):
            result.decide(finals: means, basis: .meanOfReads, rubric: rubric)
        case .disagree:
            switch adjudication?.mark {
            case nil: result.status = .needsAdjudication
            case .code(let code)?: result.decide(code: code, basis: .adjudication)
            case .scores(let scores)?:
                result.decide(finals: scores.map(Double.init), basis: .adjudication, rubric: rubric)
            }
        }
        return result
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

/// What one counted read says, with scores in rubric order.
private enum Mark {
    case scores([Int])
    case code(ConditionCode)

    /// Nil when the read's scores miss one of `criteria`.
    init?(_ outcome: ReadOutcome, criteria: [String]) {
        switch outcome {
        case .code(let code):
            self = .code(code)
        case .scores(let given):
            var scores: [Int] = []
            scores.reserveCapacity(criteria.count)
            for criterion in criteria {
                guard let score = given[criterion] else { return nil }
                scores.append(score)
            }
            self = .scores(scores)
        }
    }

    enum Agreement {
        case sameCode(ConditionCode)
        case scoresAgree(means: [Double])
        case disagree
    }

    /// Whether `marks` (at least one) settle the component on their own.
    static func agreement(of marks: [Mark], adjudicateAt: Int) -> Agreement {
        var code: ConditionCode?
        var mixed = false
        var rows: [[Int]] = []
        rows.reserveCapacity(marks.count)
        for mark in marks {
            switch mark {
            case .code(let given):
                if let code, code != given { mixed = true }
                code = given
            case .scores(let scores):
                rows.append(scores)
            }
        }
        if let code { return mixed || !rows.isEmpty ? .disagree : .sameCode(code) }
        guard let firstRow = rows.first else { return .disagree }
        var means: [Double] = []
        means.reserveCapacity(firstRow.count)
        for index in firstRow.indices {
            var low = firstRow[index]
            var high = low
            var sum = 0
            for row in rows {
                low = min(low, row[index])
                high = max(high, row[index])
                sum += row[index]
            }
            // Any two reads differ by at least `adjudicateAt` iff the extremes do.
            if rows.count >= 2 && high - low >= adjudicateAt { return .disagree }
            means.append(Double(sum) / Double(rows.count))
        }
        return .scoresAgree(means: means)
    }
}
