import Crypto
import Foundation
import ScoringCore

/// A student's proficiency transcript as a 1EdTech Comprehensive Learner Record 2.0 (SPEC
/// section 15): a `ClrCredential` in the W3C Verifiable Credentials 2.0 data model whose
/// `ClrSubject` holds one Open Badges 3.0 `AchievementCredential` per competency with evidence.
///
/// Each achievement is the competency: `alignment` names it by id (`targetCode`), name and
/// framework; its one `ResultDescription` lists the scale as `rubricCriterionLevel`s, and the
/// subject's `result` gives the roll-up value as a decimal string with the level reached. The
/// tasks whose decisions fed the competency are its `evidence`.
///
/// What it holds about the student is the roster id (an `IdentityObject` of type
/// `sisSourcedId`) and the scores that counted as evidence; never a rater, a note, a grade,
/// school or group, nor anything of another student.
public enum ClrCredential {
    public static let credentialsContext = "https://www.w3.org/ns/credentials/v2"
    public static let clrContext = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
    public static let openBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    /// The JSON Schemas a receiver validates the credentials against (`credentialSchema`).
    public static let clrSchema = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"
    public static let achievementSchema =
        "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
    static let schemaValidator = "1EdTechJsonSchemaValidator2019"
    /// The issuer of a record nobody signed: one fixed id, so a receiver sees at once that no key
    /// stands behind it.
    public static let unsignedIssuer = "urn:scorebench:issuer:unsigned"
    /// The issuer's name when none is given.
    public static let defaultIssuerName = "ScoreBench"

    /// The record as a `ClrCredential`, signed when a key is given.
    ///
    /// With a key, the issuer is its `did:key` and every credential — each `AchievementCredential`
    /// and the `ClrCredential` around them — gets an `eddsa-jcs-2022` Data Integrity proof made
    /// at `issued`; without one the issuer is `unsignedIssuer` and nothing is signed.
    ///
    /// Achievement, result-description and level ids are name-based UUIDs (RFC 9562 version 5)
    /// of the issuer, the framework and the competency, so one issuer's competency has the same
    /// id in every student's record; credential ids are new random UUIDs from `newID`.
    ///
    /// - Parameters:
    ///   - record: the student's competencies with evidence, at least one: CLR 2.0 asks for one
    ///     credential or more.
    ///   - issuerName: the issuer profile's `name`.
    ///   - issued: `validFrom` of every credential, and `created` of every proof.
    ///   - key: the signer, or nil for an unsigned record.
    ///   - newID: makes each credential's `id`.
    /// - Throws: `DataIntegrityError` when a credential cannot be signed.
    /// - Complexity: O(n log n) in the size of the document (canonicalizing it to sign).
    public static func document(
        for record: LearnerRecord, issuerName: String = defaultIssuerName, issued: Timestamp, key: SigningKey?,
        newID: () -> String = randomID
    ) throws(DataIntegrityError) -> JSONValue {
        let issuerID = key?.did.did ?? unsignedIssuer
        let issuer = JSONValue.object([("id", .string(issuerID)), ("type", .array([.string("Profile")])), ("name", .string(issuerName))])
        let learner = JSONValue.array([
            .object([
                ("type", .string("IdentityObject")), ("identityHash", .string(record.student)),
                ("identityType", .string("sisSourcedId")), ("hashed", .bool(false)),
            ])
        ])
        var credentials: [JSONValue] = []
        for competency in record.competencies {
            let credential = achievementCredential(
                competency, framework: record.framework, issuer: issuer, issuerID: issuerID, learner: learner, issued: issued, id: newID())
            if let key {
                credentials.append(try EddsaJcs2022.sign(document: credential, key: key, created: issued))
            } else {
                credentials.append(credential)
            }
        }
        let count = record.competencies.count
        let clr = JSONValue.object([
            ("@context", .array([.string(credentialsContext), .string(clrContext), .string(openBadgesContext)])),
            ("id", .string(newID())),
            ("type", .array([.string("VerifiableCredential"), .string("ClrCredential")])),
            ("name", .string("\(record.framework): proficiency transcript")),
            ("description", .string(
                "Competency roll-ups of \(record.framework), one AchievementCredential for each of \(count) \(count == 1 ? "competency" : "competencies") "
                    + "with evidence: the roll-up value, the scale level reached and the tasks behind it.")),
            ("issuer", issuer),
            ("validFrom", .string(issued.description)),
            ("credentialSchema", .array([.object([("id", .string(clrSchema)), ("type", .string(schemaValidator))])])),
            ("credentialSubject", .object([
                ("type", .array([.string("ClrSubject")])),
                ("identifier", learner),
                ("verifiableCredential", .array(credentials)),
            ])),
        ])
        guard let key else { return clr }
        return try EddsaJcs2022.sign(document: clr, key: key, created: issued)
    }

    /// A new credential id, `urn:uuid:` and a random (version 4) UUID.
    public static func randomID() -> String {
        "urn:uuid:" + UUID().uuidString.lowercased()
    }

    /// One competency's Open Badges 3.0 `AchievementCredential`, unsigned.
    static func achievementCredential(
        _ competency: LearnerRecord.Competency, framework: String, issuer: JSONValue, issuerID: String, learner: JSONValue,
        issued: Timestamp, id: String
    ) -> JSONValue {
        let achievementID = nameBasedID(issuerID, framework, competency.id)
        let descriptionID = nameBasedID(achievementID, "result")
        func levelID(_ level: LearnerRecord.Level) -> String { nameBasedID(achievementID, "level", String(level.score)) }

        var resultDescription: [(String, JSONValue)] = [
            ("id", .string(descriptionID)),
            ("type", .array([.string("ResultDescription")])),
            ("name", .string("\(competency.name): roll-up of the evidence")),
            ("resultType", .string("RubricCriterionLevel")),
        ]
        if let lowest = competency.levels.first, let highest = competency.levels.last {
            resultDescription += [("valueMin", .string(String(lowest.score))), ("valueMax", .string(String(highest.score)))]
        }
        resultDescription.append(("requiredValue", .string(decimal(competency.proficientAt))))
        if let required = competency.levels.first(where: { abs(Double($0.score) - competency.proficientAt) <= 1e-9 }) {
            resultDescription.append(("requiredLevel", .string(levelID(required))))
        }
        resultDescription.append(("rubricCriterionLevel", .array(competency.levels.map { level in
            .object([
                ("id", .string(levelID(level))), ("type", .array([.string("RubricCriterionLevel")])),
                ("name", .string(level.label)), ("points", .string(String(level.score))),
            ])
        })))

        let achievement = JSONValue.object([
            ("id", .string(achievementID)),
            ("type", .array([.string("Achievement")])),
            ("achievementType", .string("Competency")),
            ("name", .string(competency.name)),
            ("description", .string("\(competency.name) (\(competency.id)), a competency of \(framework).")),
            ("humanCode", .string(competency.id)),
            ("criteria", .object([("narrative", .string(
                "Proficient with \(competency.requirement), where the value rolls up the final scores of the rubric criteria "
                    + "aligned to \(competency.id), oldest first, by \(competency.method)."))])),
            ("alignment", .array([
                .object([
                    ("type", .array([.string("Alignment")])),
                    ("targetCode", .string(competency.id)),
                    ("targetName", .string(competency.name)),
                    ("targetFramework", .string(framework)),
                    // A competency imported from CASE is aligned to its CASE item; else the
                    // framework file gives no address for it, and the achievement's id names it.
                    ("targetType", .string(competency.caseItem == nil ? "ceasn:Competency" : "CFItem")),
                    ("targetUrl", .string(competency.caseItem?.uri ?? achievementID)),
                ])
            ])),
            ("resultDescription", .array([.object(resultDescription)])),
        ])

        let value = decimal(competency.value)
        var result: [(String, JSONValue)] = [
            ("type", .array([.string("Result")])), ("resultDescription", .string(descriptionID)), ("value", .string(value)),
        ]
        if let level = competency.achievedLevel { result.append(("achievedLevel", .string(levelID(level)))) }
        var subject: [(String, JSONValue)] = [
            ("type", .array([.string("AchievementSubject")])),
            ("identifier", learner),
            ("achievement", achievement),
            ("result", .array([.object(result)])),
        ]
        let dates = competency.tasks.flatMap { $0.scores.map(\.date) }
        if let first = dates.min(), let last = dates.max() {
            subject += [("activityStartDate", .string(first.description)), ("activityEndDate", .string(last.description))]
        }
        let status = competency.proficient ? "Proficient" : "Not yet proficient"
        subject.append(("narrative", .string(
            "\(status): \(value) by \(competency.method) of \(competency.evidenceCount) \(competency.evidenceCount == 1 ? "score" : "scores"); "
                + "proficient with \(competency.requirement).")))

        return .object([
            ("@context", .array([.string(credentialsContext), .string(openBadgesContext)])),
            ("id", .string(id)),
            ("type", .array([.string("VerifiableCredential"), .string("AchievementCredential")])),
            ("name", .string(competency.name)),
            ("issuer", issuer),
            ("validFrom", .string(issued.description)),
            ("credentialSchema", .array([.object([("id", .string(achievementSchema)), ("type", .string(schemaValidator))])])),
            ("credentialSubject", .object(subject)),
            ("evidence", .array(competency.tasks.map { task in
                let scores = task.scores.map { "\($0.component) / \($0.criterion): \(decimal($0.score)) on \($0.date.description.prefix(10))" }
                return .object([
                    ("type", .array([.string("Evidence")])),
                    ("name", .string(task.title)),
                    ("description", .string("Task \(task.task): " + scores.joined(separator: "; "))),
                    ("genre", .string(task.kind)),
                ])
            })),
        ])
    }

    /// `urn:uuid:` and the version-5 UUID (SHA-1, RFC 9562 section 5.5) of the parts joined by
    /// line feeds, in the URL namespace: the same parts always give the same id.
    static func nameBasedID(_ parts: String...) -> String {
        // 6ba7b811-9dad-11d1-80b4-00c04fd430c8, RFC 9562 appendix A.
        let namespace: [UInt8] = [0x6B, 0xA7, 0xB8, 0x11, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8]
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(parts.joined(separator: "\n").utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte in (byte < 0x10 ? "0" : "") + String(byte, radix: 16) }.joined()
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return "urn:uuid:" + groups.joined(separator: "-")
    }

    /// A number as decimal digits, never in exponent form: ECMAScript's shortest digits that
    /// read back to the same double (`3.2875`, `3`), with the point moved out of an exponent.
    static func decimal(_ value: Double) -> String {
        guard let text = ECMAScriptNumber.string(value) else { return "0" }
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
        let negative = text.hasPrefix("-")
        let mantissa = text[text.index(text.startIndex, offsetBy: negative ? 1 : 0)..<e]
        let digits = mantissa.filter { $0 != "." }
        // The mantissa has one digit before its point: the point ends up after 1 + exponent digits.
        let point = 1 + exponent
        var output: String
        if point <= 0 {
            output = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            output = digits + String(repeating: "0", count: point - digits.count)
        } else {
            output = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        if negative { output = "-" + output }
        return output
    }
}
