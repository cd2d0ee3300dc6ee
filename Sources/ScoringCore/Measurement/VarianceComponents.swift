/// ANOVA (expected mean squares) estimates of the variance components of a balanced design
/// (Brennan 2001, chapter 3).
///
/// The sums of squares are those of the fully crossed p x t x r decomposition, each formed from
/// squared deviations of means (never as differences of raw sums of squares, which cancel
/// badly); a nested design pools the effects its nesting confounds (r:t = r + tr,
/// pr:t = pr + ptr, r:p = r + pr, r:pt = r + pr + tr + ptr), and the components solve the
/// expected-mean-square equations. Negative estimates are returned as they are.
public enum VarianceComponents {
    /// Estimates every component of `design` from `scores`.
    /// - Returns: the components, negative ones included.
    /// - Throws: `GeneralizabilityError.tooFewPersons`, `.tooFewRaters` or `.tooFewTasks`
    ///   when a mean square the design needs has no degrees of freedom (fewer than 2 persons,
    ///   2 raters, or 2 tasks in a design with tasks), or `.tasksInSingleTaskDesign` when a
    ///   single-task design gets several tasks.
    /// - Complexity: O(persons × tasks × raters).
    public static func estimate(_ scores: BalancedScores, design: GeneralizabilityDesign)
        throws(GeneralizabilityError) -> [VarianceComponent: Double] {
        let np = scores.persons, nt = scores.tasks, nr = scores.raters
        guard np >= 2 else { throw .tooFewPersons(np) }
        guard nr >= 2 else { throw .tooFewRaters(nr) }
        if design.hasTasks {
            guard nt >= 2 else { throw .tooFewTasks(nt) }
        } else {
            guard nt == 1 else { throw .tasksInSingleTaskDesign(nt) }
        }
        let s = SumsOfSquares(scores)
        let p = Double(np), t = Double(nt), r = Double(nr)
        let msP = s.p / (p - 1)

        switch design {
        case .personsByRaters:
            let msR = s.r / (r - 1), msPR = s.pr / ((p - 1) * (r - 1))
            return [.p: (msP - msPR) / r, .r: (msR - msPR) / p, .pr: msPR]
        case .ratersWithinPersons:
            let msRP = (s.r + s.pr) / (p * (r - 1))
            return [.p: (msP - msRP) / r, .rWithinP: msRP]
        case .personsByTasksByRaters:
            let msT = s.t / (t - 1), msR = s.r / (r - 1)
            let msPT = s.pt / ((p - 1) * (t - 1)), msPR = s.pr / ((p - 1) * (r - 1))
            let msTR = s.tr / ((t - 1) * (r - 1)), msPTR = s.ptr / ((p - 1) * (t - 1) * (r - 1))
            return [
                .p: (msP - msPT - msPR + msPTR) / (t * r),
                .t: (msT - msPT - msTR + msPTR) / (p * r),
                .r: (msR - msPR - msTR + msPTR) / (p * t),
                .pt: (msPT - msPTR) / r,
                .pr: (msPR - msPTR) / t,
                .tr: (msTR - msPTR) / p,
                .ptr: msPTR,
            ]
        case .ratersWithinTasks:
            let msT = s.t / (t - 1), msPT = s.pt / ((p - 1) * (t - 1))
            let msRT = (s.r + s.tr) / (t * (r - 1)), msPRT = (s.pr + s.ptr) / (t * (p - 1) * (r - 1))
            return [
                .p: (msP - msPT) / (t * r),
                .t: (msT - msPT - msRT + msPRT) / (p * r),
                .rWithinT: (msRT - msPRT) / p,
                .pt: (msPT - msPRT) / r,
                .prWithinT: msPRT,
            ]
        case .ratersWithinResponses:
            let msT = s.t / (t - 1), msPT = s.pt / ((p - 1) * (t - 1))
            let msRPT = (s.r + s.pr + s.tr + s.ptr) / (p * t * (r - 1))
            return [
                .p: (msP - msPT) / (t * r),
                .t: (msT - msPT) / (p * r),
                .pt: (msPT - msRPT) / r,
                .rWithinPT: msRPT,
            ]
        }
    }
}

/// The sums of squares of every effect of the crossed p x t x r decomposition; with one task
/// the task effects are 0 and pr is the whole interaction.
struct SumsOfSquares {
    var p = 0.0, t = 0.0, r = 0.0, pt = 0.0, pr = 0.0, tr = 0.0, ptr = 0.0

    init(_ scores: BalancedScores) {
        let np = scores.persons, nt = scores.tasks, nr = scores.raters
        var person = [Double](repeating: 0, count: np)
        var task = [Double](repeating: 0, count: nt)
        var rater = [Double](repeating: 0, count: nr)
        var personTask = [Double](repeating: 0, count: np * nt)
        var personRater = [Double](repeating: 0, count: np * nr)
        var taskRater = [Double](repeating: 0, count: nt * nr)
        var grand = 0.0
        for a in 0..<np {
            for b in 0..<nt {
                for c in 0..<nr {
                    let x = scores[a, b, c]
                    grand += x
                    person[a] += x
                    task[b] += x
                    rater[c] += x
                    personTask[a * nt + b] += x
                    personRater[a * nr + c] += x
                    taskRater[b * nr + c] += x
                }
            }
        }
        let p = Double(np), t = Double(nt), r = Double(nr)
        grand /= p * t * r
        for a in 0..<np { person[a] /= t * r }
        for b in 0..<nt { task[b] /= p * r }
        for c in 0..<nr { rater[c] /= p * t }
        for index in personTask.indices { personTask[index] /= r }
        for index in personRater.indices { personRater[index] /= t }
        for index in taskRater.indices { taskRater[index] /= p }

        for a in 0..<np { self.p += t * r * (person[a] - grand) * (person[a] - grand) }
        for b in 0..<nt { self.t += p * r * (task[b] - grand) * (task[b] - grand) }
        for c in 0..<nr { self.r += p * t * (rater[c] - grand) * (rater[c] - grand) }
        for a in 0..<np {
            for b in 0..<nt {
                let effect = personTask[a * nt + b] - person[a] - task[b] + grand
                pt += r * effect * effect
            }
            for c in 0..<nr {
                let effect = personRater[a * nr + c] - person[a] - rater[c] + grand
                pr += t * effect * effect
            }
        }
        for b in 0..<nt {
            for c in 0..<nr {
                let effect = taskRater[b * nr + c] - task[b] - rater[c] + grand
                tr += p * effect * effect
            }
        }
        for a in 0..<np {
            for b in 0..<nt {
                for c in 0..<nr {
                    let residual = scores[a, b, c] - personTask[a * nt + b] - personRater[a * nr + c] - taskRater[b * nr + c]
                        + person[a] + task[b] + rater[c] - grand
                    ptr += residual * residual
                }
            }
        }
    }
}
