import ScoringCore
import ScoringExchange
import ScoringStore

/// The de-identified public file of SPEC 15 (`export public`): decisions and proficiency under
/// pseudonyms, places coarsened, groups only as suppressed counts.
public struct PublicFile: Sendable {
    /// One decision of a submission component, or one competency roll-up, of one student —
    /// named by pseudonym only.
    public struct Record: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case decision
            case proficiency
        }

        public var kind: Kind
        /// A keyed hash of the student id under this file's key.
        public var pseudonym: String
        /// nil where fewer than 10 students of the file would share it.
        public var grade: String?
        public var school: String?
        /// A decision's task and component; nil for proficiency.
        public var task: String?
        public var component: String?
        /// A roll-up's competency; nil for a decision.
        public var competency: String?
        /// A decision's resolution status; nil for proficiency.
        public var status: String?
        /// The combined score of a decision, the value of a roll-up.
        public var score: Double?
        public var level: String?
        public var proficient: Bool?
    }

    /// Per student in pseudonym order, the student's records: decisions task by task, then
    /// roll-ups in framework order.
    public var records: [Record]
    /// `proficiency --by group`'s rows, all students first, withheld as it withholds them;
    /// empty for one task's file.
    public var groupCounts: [GroupSummary]
    /// How many students the file describes.
    public var students: Int
}

extension ScoringService {
    /// The de-identified public file of decisions and proficiency (SPEC 15), for the coordinator.
    ///
    /// No student or rater id, note or date goes in: students are named by a pseudonym, a keyed
    /// hash under a fresh random key that lives only in this call, so two files cannot be
    /// joined; records are ordered by pseudonym, so neither can the order give ids away. Grade
    /// and school are coarsened (`QuasiIdentifierCoarsening`); program groups appear only as
    /// counts, suppressed like `proficiency --by group`.
    ///
    /// - Parameter task: only this task's decisions, and no roll-ups (they draw on every task)
    ///   or group counts; nil for every task, and the roll-ups when there is a framework.
    public func publicFile(task: String?) throws -> PublicFile {
        try requireCoordinator("export the public file")
        let tasks = try task.map { [try self.task($0).id] } ?? bank.tasks.keys.sorted()
        var decisionsOf: [String: [TaskDecision]] = [:]
        for task in tasks {
            for decision in try decisions(task: task, student: nil) { decisionsOf[decision.student, default: []].append(decision) }
        }
        let rollup = task == nil && bank.framework != nil ? try competencyRollup() : nil
        var proficiencyOf: [String: StudentProficiency] = [:]
        if let rollup {
            for student in try proficiency(rollup: rollup, only: nil) where student.hasEvidence { proficiencyOf[student.student] = student }
        }
        let ids = Set(decisionsOf.keys).union(proficiencyOf.keys).sorted()
        var roster: [String: Student] = [:]
        for student in try store.students() { roster[student.id] = student }
        let places = QuasiIdentifierCoarsening.coarsen(ids.map { QuasiIdentifierCoarsening.Place(grade: roster[$0]?.grade, school: roster[$0]?.school) })
        let pseudonymizer = Pseudonymizer()
        let pseudonyms = ids.map(pseudonymizer.pseudonym(for:))
        var records: [PublicFile.Record] = []
        for index in ids.indices.sorted(by: { pseudonyms[$0] < pseudonyms[$1] }) {
            let place = places[index]
            func record(_ kind: PublicFile.Record.Kind) -> PublicFile.Record {
                PublicFile.Record(
                    kind: kind, pseudonym: pseudonyms[index], grade: place.grade, school: place.school, task: nil, component: nil,
                    competency: nil, status: nil, score: nil, level: nil, proficient: nil)
            }
            for decision in decisionsOf[ids[index]] ?? [] {
                for component in decision.components {
                    var row = record(.decision)
                    row.task = decision.task
                    row.component = component.component
                    row.status = component.resolution.status.rawValue
                    row.score = component.resolution.score
                    row.level = component.resolution.level
                    row.proficient = component.resolution.proficient
                    records.append(row)
                }
            }
            if let rollup, let proficiency = proficiencyOf[ids[index]] {
                for (competency, result) in proficiency.results.enumerated() where result.hasEvidence {
                    var row = record(.proficiency)
                    row.competency = rollup.competencies[competency].id
                    row.score = result.value
                    row.proficient = result.proficient
                    records.append(row)
                }
            }
        }
        let groupCounts = rollup == nil ? [] : try equity(by: .group).rows
        return PublicFile(records: records, groupCounts: groupCounts, students: ids.count)
    }
}
