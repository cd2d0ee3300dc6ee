import Foundation
import ScoringCore
import ScoringExchange
import ScoringStore

/// A student's Comprehensive Learner Record, ready to write.
public struct LearnerRecordExport: Sendable {
    /// The `ClrCredential`.
    public var document: JSONValue
    /// What it says.
    public var record: LearnerRecord
    /// Who signed it; nil when it is unsigned.
    public var signer: DIDKey?
}

extension ScoringService {
    /// The most a key file may hold: a Multikey is a few hundred bytes.
    static let keyFileLimit = 64 * 1024

    /// A student's competencies with evidence, as the learner record states them: the
    /// transcript's roll-ups, each with the scale its evidence was scored on and the tasks
    /// behind it. Nothing of another student goes in.
    ///
    /// - Throws: `ServiceError` when there is no competency framework, when a rater's shell
    ///   asks for a student with scoring-event work, or when the student has no evidence.
    public func learnerRecord(for student: Student) throws -> LearnerRecord {
        let transcript = try transcript(for: student)
        var competencies: [LearnerRecord.Competency] = []
        for line in transcript.competencies where line.result.hasEvidence {
            guard let value = line.result.value else { continue }
            var levels: [Int: String] = [:]
            // The newest evidence's rubric names a level first, should two scales differ.
            for entry in line.evidence.reversed() {
                guard let rubricID = bank.tasks[entry.task]?.component(entry.component)?.rubric, let rubric = bank.rubrics[rubricID] else {
                    continue
                }
                for level in rubric.scale where levels[level.score] == nil { levels[level.score] = level.label }
            }
            var tasks: [LearnerRecord.EvidenceTask] = []
            for entry in line.evidence {
                let score = LearnerRecord.Score(date: entry.date, component: entry.component, criterion: entry.criterion, score: entry.score)
                if let index = tasks.firstIndex(where: { $0.task == entry.task }) {
                    tasks[index].scores.append(score)
                } else {
                    let task = bank.tasks[entry.task]
                    tasks.append(LearnerRecord.EvidenceTask(
                        task: entry.task, title: task?.title ?? entry.task, kind: task?.kind.rawValue ?? "", scores: [score]))
                }
            }
            competencies.append(LearnerRecord.Competency(
                id: line.competency.id, name: line.competency.name, method: Self.describe(line.rule), requirement: line.rule.requirement,
                proficientAt: line.rule.proficientAt, value: value, proficient: line.result.proficient, evidenceCount: line.result.evidence,
                levels: levels.sorted { $0.key < $1.key }.map { LearnerRecord.Level(score: $0.key, label: $0.value) }, tasks: tasks,
                caseItem: line.competency.caseItem))
        }
        guard !competencies.isEmpty else {
            throw ServiceError("\(student.id) has no evidence for any competency of \(transcript.framework) yet: a learner record of it would be empty")
        }
        return LearnerRecord(student: student.id, framework: transcript.framework, competencies: competencies)
    }

    /// A student's learner record as a 1EdTech CLR 2.0 `ClrCredential`, issued now, and signed
    /// with the key in `keyFile` when one is given.
    ///
    /// - Parameters:
    ///   - student: whose record.
    ///   - keyFile: a key file `key new` wrote, or nil for an unsigned record.
    ///   - issuerName: the issuer's name; nil for `ScoreBench`.
    /// - Throws: `ServiceError` for a key file that cannot be read or is not a key, and for
    ///   what `learnerRecord(for:)` refuses.
    public func clrCredential(for student: Student, keyFile: String?, issuerName: String?) throws -> LearnerRecordExport {
        let key = try keyFile.map(readSigningKey)
        if let issuerName, issuerName.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ServiceError("give the issuer's name after --issuer-name, or leave the option out")
        }
        let record = try learnerRecord(for: student)
        let document: JSONValue
        do {
            document = try ClrCredential.document(
                for: record, issuerName: issuerName ?? ClrCredential.defaultIssuerName, issued: now(), key: key)
        } catch {
            throw ServiceError("cannot sign the learner record of \(student.id): \(error)")
        }
        return LearnerRecordExport(document: document, record: record, signer: key?.did)
    }

    /// The key in a key file.
    ///
    /// - Throws: `ServiceError` naming the file and what is wrong; never the key's bytes.
    func readSigningKey(_ path: String) throws -> SigningKey {
        let shown = Quoting.visible(path)
        guard !path.isEmpty else { throw ServiceError("give the key file after --sign") }
        var status = stat()
        guard stat(path, &status) == 0 else {
            let reason = errno == ENOENT ? "no such file (make a key with 'key new \(shown)')" : String(cString: strerror(errno))
            throw ServiceError("cannot read the key file \(shown): \(reason)")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ServiceError("cannot read the key file \(shown): \(status.st_mode & S_IFMT == S_IFDIR ? "it is a folder" : "it is not a regular file")")
        }
        guard status.st_size <= Self.keyFileLimit else {
            throw ServiceError("cannot use the key file \(shown): it holds \(status.st_size) bytes, and a key file a few hundred")
        }
        let bytes = try ImportFile.contents(of: path, name: "the key file \(shown)")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ServiceError("cannot use the key file \(shown): it is not UTF-8 text")
        }
        do {
            return try SigningKey(keyFile: text)
        } catch {
            throw ServiceError("cannot use the key file \(shown): \(error)")
        }
    }

    /// A roll-up rule in words, for the record's criteria: `decaying-average (weight 0.65 on each newer score)`.
    static func describe(_ rule: RollupRule) -> String {
        let weight = Format.number(rule.weight)
        switch rule.method {
        case .mostRecent: return "most-recent (the latest score)"
        case .highest: return "highest (the best score)"
        case .mean: return "mean (of every score)"
        case .weightedAverage: return "weighted-average (weight \(weight) on the latest score, the rest on the mean of the earlier ones)"
        case .decayingAverage: return "decaying-average (weight \(weight) on each newer score)"
        case .nTimes: return "n-times (the mean of the \(Format.count(rule.times, "highest score")))"
        }
    }
}
