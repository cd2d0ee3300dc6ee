@testable import ScoringCore

/// Rubrics, reads and times shared by the decision tests.
enum DecisionFixtures {
    static let scale = (1...4).map { ScaleLevel(score: $0, label: "L\($0)") }
    static let levels = [
        PerformanceLevel(at: 3.5, label: "Exceeds"), PerformanceLevel(at: 3.0, label: "Meets"),
        PerformanceLevel(at: 2.0, label: "Approaching"), PerformanceLevel(at: 0, label: "Beginning"),
    ]

    /// claim (weight 1, ELA.ARG) and evidence (weight 2, ELA.RES); proficient at 3, floor 2,
    /// two reads, adjudicate at 2.
    static func essay(
        reads: Int = 2, adjudicateAt: Int = 2, floor: Int? = 2, id: String = "essay"
    ) -> Rubric {
        Rubric(
            id: id, title: "Essay", version: 1, scale: scale,
            criteria: [
                Criterion(id: "claim", name: "Claim", weight: 1, competency: "ELA.ARG"),
                Criterion(id: "evidence", name: "Evidence", weight: 2, competency: "ELA.RES"),
            ],
            decision: DecisionRule(proficientAt: 3.0, floor: floor, levels: levels),
            resolution: ResolutionRule(reads: reads, adjudicateAt: adjudicateAt))
    }

    /// One criterion, `talk` (weight 1, COM.ORAL), single scoring.
    static func talk(proficientAt: Double = 3.0) -> Rubric {
        Rubric(
            id: "talk", title: "Talk", version: 1, scale: scale,
            criteria: [Criterion(id: "talk", name: "Talk", competency: "COM.ORAL")],
            decision: DecisionRule(proficientAt: proficientAt, levels: levels),
            resolution: ResolutionRule(reads: 1, adjudicateAt: 2))
    }

    /// 2026-10-05T00:00:00Z plus `minutes`.
    static func time(_ minutes: Int64 = 0) -> Timestamp {
        Timestamp(seconds: 1_791_158_400 + minutes * 60)
    }

    /// An essay read: claim and evidence scores.
    static func read(
        _ rater: String, _ claim: Int, _ evidence: Int, kind: ReadKind = .read, at minutes: Int64 = 0
    ) -> ComponentRead {
        ComponentRead(rater: rater, kind: kind, scores: ["claim": claim, "evidence": evidence], scoredAt: time(minutes))
    }

    static func coded(_ rater: String, _ code: ConditionCode, kind: ReadKind = .read, at minutes: Int64 = 0) -> ComponentRead {
        ComponentRead(rater: rater, kind: kind, code: code, scoredAt: time(minutes))
    }

    /// A talk read.
    static func talkRead(_ rater: String, _ score: Int, at minutes: Int64 = 0) -> ComponentRead {
        ComponentRead(rater: rater, scores: ["talk": score], scoredAt: time(minutes))
    }
}

/// Whether two doubles agree to 1e-12.
func close(_ a: Double?, _ b: Double?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= 1e-12
}

extension DecisionFixtures {
    /// Defaults decaying-average 0.65, times 2. ELA.ARG (required, default rule), ELA.RES
    /// (required, highest), COM.ORAL (n-times, times 3), MATH (weighted-average, weight 0.5,
    /// proficient at 2.5).
    static func framework() -> CompetencyFramework {
        CompetencyFramework(
            name: "Portrait", method: .decayingAverage, weight: 0.65, times: 2,
            competencies: [
                Competency(id: "ELA.ARG", name: "Argumentation", proficientAt: 3, required: true),
                Competency(id: "ELA.RES", name: "Research", proficientAt: 3, required: true, method: .highest),
                Competency(id: "COM.ORAL", name: "Oral", proficientAt: 3, method: .nTimes, times: 3),
                Competency(id: "MATH", name: "Math", proficientAt: 2.5, method: .weightedAverage, weight: 0.5),
            ])
    }
}
