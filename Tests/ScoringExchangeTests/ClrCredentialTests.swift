import Foundation
import ScoringCore
import Testing
@testable import ScoringExchange

/// A record like the one a student with two competencies gets: argumentation from two tasks on a
/// 1-4 scale, research from one.
enum RecordFixture {
    static let issued = Timestamp(iso8601: "2026-11-23T12:00:00Z")!
    static let scale = [
        LearnerRecord.Level(score: 1, label: "Beginning"), LearnerRecord.Level(score: 2, label: "Developing"),
        LearnerRecord.Level(score: 3, label: "Proficient"), LearnerRecord.Level(score: 4, label: "Advanced"),
    ]
    /// The key of the W3C test vector: a fixed did:key for checks that name it.
    static let key = SigningKey(seed: Base58.decodeMultibase(SpecVector.secretKeyMultibase)!.dropFirst(2))!

    static func competency(_ id: String, value: Double, proficientAt: Double = 3, levels: [LearnerRecord.Level] = scale)
        -> LearnerRecord.Competency
    {
        let first = LearnerRecord.Score(date: Timestamp(iso8601: "2026-10-01T09:00:00Z")!, component: "main", criterion: "claim", score: 3)
        let second = LearnerRecord.Score(date: Timestamp(iso8601: "2026-11-02T10:30:00Z")!, component: "paper", criterion: "argument", score: 4)
        return LearnerRecord.Competency(
            id: id, name: "Argumentation", method: "decaying-average (weight 0.65 on each newer score)",
            requirement: "a value of \(Format.number(proficientAt)) or more", proficientAt: proficientAt, value: value,
            proficient: value >= proficientAt, evidenceCount: 2, levels: levels,
            tasks: [
                LearnerRecord.EvidenceTask(task: "ela-skate-park", title: "Should our town build a skate park?", kind: "performance-task", scores: [first]),
                LearnerRecord.EvidenceTask(task: "senior-capstone", title: "Senior capstone", kind: "capstone", scores: [second]),
            ])
    }

    static let record = LearnerRecord(
        student: "s-2001", framework: "Portrait of a Graduate",
        competencies: [
            competency("ELA.ARG", value: 3.65),
            LearnerRecord.Competency(
                id: "ELA.RES", name: "Research", method: "highest (the best score)", requirement: "a value of 3 or more", proficientAt: 3,
                value: 2.5, proficient: false, evidenceCount: 1, levels: scale,
                tasks: [
                    LearnerRecord.EvidenceTask(
                        task: "ela-skate-park", title: "Should our town build a skate park?", kind: "performance-task",
                        scores: [LearnerRecord.Score(date: Timestamp(iso8601: "2026-10-01T09:00:00Z")!, component: "main", criterion: "evidence", score: 2.5)])
                ]),
        ])

    /// Numbered credential ids, so two documents built alike are equal.
    static func numberedIDs() -> () -> String {
        var next = 0
        return {
            next += 1
            return "urn:uuid:00000000-0000-4000-8000-\(String(repeating: "0", count: 12 - String(next).count))\(next)"
        }
    }

    static func document(key: SigningKey? = nil, record: LearnerRecord = record) throws -> JSONValue {
        try ClrCredential.document(for: record, issuerName: "North County Schools", issued: issued, key: key, newID: numberedIDs())
    }
}

@Suite struct ClrCredentialTests {
    @Test func aRecordIsAClrCredentialOfOneAchievementCredentialPerCompetency() throws {
        let clr = try RecordFixture.document()
        #expect(clr["@context"] == .array([
            .string("https://www.w3.org/ns/credentials/v2"), .string("https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"),
            .string("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
        ]))
        #expect(clr["type"] == .array([.string("VerifiableCredential"), .string("ClrCredential")]))
        #expect(clr["validFrom"]?.stringValue == "2026-11-23T12:00:00Z")
        #expect(clr["credentialSubject"]?["type"] == .array([.string("ClrSubject")]))
        let credentials = clr["credentialSubject"]?["verifiableCredential"]?.arrayValue ?? []
        #expect(credentials.count == 2)
        for credential in credentials {
            #expect(credential["@context"] == .array([
                .string("https://www.w3.org/ns/credentials/v2"), .string("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ]))
            #expect(credential["type"] == .array([.string("VerifiableCredential"), .string("AchievementCredential")]))
            #expect(credential["issuer"] == clr["issuer"])
        }
        let alignment = credentials[0]["credentialSubject"]?["achievement"]?["alignment"]?[0]
        #expect(alignment?["targetCode"]?.stringValue == "ELA.ARG")
        #expect(alignment?["targetName"]?.stringValue == "Argumentation")
        #expect(alignment?["targetFramework"]?.stringValue == "Portrait of a Graduate")
        #expect(alignment?["targetType"]?.stringValue == "ceasn:Competency")
        #expect(credentials[1]["credentialSubject"]?["achievement"]?["alignment"]?[0]?["targetCode"]?.stringValue == "ELA.RES")
    }

    @Test func aCompetencyFromCASEIsAlignedToItsItem() throws {
        var record = RecordFixture.record
        record.competencies[0].caseItem = CASEReference(
            identifier: "9c1a0f7e-2f4e-4d3b-9d5e-0c1f3f6a7b21", uri: "https://case.example.org/uri/9c1a0f7e-2f4e-4d3b-9d5e-0c1f3f6a7b21")
        let credentials = try RecordFixture.document(record: record)["credentialSubject"]?["verifiableCredential"]?.arrayValue ?? []
        let alignments = credentials.map { $0["credentialSubject"]?["achievement"]?["alignment"]?.arrayValue.first }
        #expect(alignments[0]?["targetType"]?.stringValue == "CFItem")
        #expect(alignments[0]?["targetUrl"]?.stringValue == "https://case.example.org/uri/9c1a0f7e-2f4e-4d3b-9d5e-0c1f3f6a7b21")
        #expect(alignments[0]?["targetCode"]?.stringValue == "ELA.ARG")
        // Without a CASE item, the competency is named by its achievement.
        #expect(alignments[1]?["targetType"]?.stringValue == "ceasn:Competency")
        #expect(alignments[1]?["targetUrl"]?.stringValue == credentials[1]["credentialSubject"]?["achievement"]?["id"]?.stringValue)
    }

    @Test func theResultIsTheRollUpValueAndTheLevelItReaches() throws {
        let subject = try RecordFixture.document()["credentialSubject"]?["verifiableCredential"]?[0]?["credentialSubject"]
        let description = subject?["achievement"]?["resultDescription"]?[0]
        let levels = description?["rubricCriterionLevel"]?.arrayValue ?? []
        #expect(levels.map { $0["points"]?.stringValue } == ["1", "2", "3", "4"])
        #expect(levels.map { $0["name"]?.stringValue } == ["Beginning", "Developing", "Proficient", "Advanced"])
        #expect(Set(levels.compactMap { $0["id"]?.stringValue }).count == 4)
        let result = subject?["result"]?[0]
        #expect(result?["value"]?.stringValue == "3.65")
        #expect(result?["resultDescription"] == description?["id"])
        #expect(result?["achievedLevel"] == levels[2]["id"])
        #expect(description?["requiredValue"]?.stringValue == "3")
        #expect(description?["requiredLevel"] == levels[2]["id"])
        #expect(description?["valueMin"]?.stringValue == "1" && description?["valueMax"]?.stringValue == "4")
    }

    @Test(arguments: [
        (3.65, "3"), (4, "4"), (3, "3"), (2.9999999999, "3"), (2.99, "2"), (1, "1"), (0.5, nil),
    ] as [(Double, String?)])
    func theLevelReachedIsTheHighestNotAboveTheValue(value: Double, points: String?) throws {
        let record = LearnerRecord(student: "s-1", framework: "F", competencies: [RecordFixture.competency("A", value: value)])
        let subject = try RecordFixture.document(record: record)["credentialSubject"]?["verifiableCredential"]?[0]?["credentialSubject"]
        let levels = subject?["achievement"]?["resultDescription"]?[0]?["rubricCriterionLevel"]?.arrayValue ?? []
        let achieved = subject?["result"]?[0]?["achievedLevel"]
        #expect(achieved.flatMap { id in levels.first { $0["id"] == id } }?["points"]?.stringValue == points)
    }

    @Test func aCutBetweenLevelsRequiresAValueButNoLevel() throws {
        let record = LearnerRecord(student: "s-1", framework: "F", competencies: [RecordFixture.competency("A", value: 2.75, proficientAt: 2.5)])
        let description = try RecordFixture.document(record: record)["credentialSubject"]?["verifiableCredential"]?[0]?["credentialSubject"]?["achievement"]?["resultDescription"]?[0]
        #expect(description?["requiredValue"]?.stringValue == "2.5")
        #expect(description?["requiredLevel"] == nil)
    }

    @Test func theEvidenceIsTheTasksBehindTheCompetency() throws {
        let credential = try RecordFixture.document()["credentialSubject"]?["verifiableCredential"]?[0]
        let evidence = credential?["evidence"]?.arrayValue ?? []
        #expect(evidence.map { $0["name"]?.stringValue } == ["Should our town build a skate park?", "Senior capstone"])
        #expect(evidence.map { $0["genre"]?.stringValue } == ["performance-task", "capstone"])
        #expect(evidence[0]["description"]?.stringValue == "Task ela-skate-park: main / claim: 3 on 2026-10-01")
        #expect(evidence[0]["type"] == .array([.string("Evidence")]))
        #expect(credential?["credentialSubject"]?["activityStartDate"]?.stringValue == "2026-10-01T09:00:00Z")
        #expect(credential?["credentialSubject"]?["activityEndDate"]?.stringValue == "2026-11-02T10:30:00Z")
    }

    @Test func theStudentIsNamedByRosterIdOnly() throws {
        let clr = try RecordFixture.document()
        let identity = JSONValue.array([
            .object([
                ("type", .string("IdentityObject")), ("identityHash", .string("s-2001")), ("identityType", .string("sisSourcedId")),
                ("hashed", .bool(false)),
            ])
        ])
        #expect(clr["credentialSubject"]?["identifier"] == identity)
        for credential in clr["credentialSubject"]?["verifiableCredential"]?.arrayValue ?? [] {
            #expect(credential["credentialSubject"]?["identifier"] == identity)
            #expect(credential["credentialSubject"]?["id"] == nil)
        }
    }

    @Test func anUnsignedRecordNamesTheUnsignedIssuerAndCarriesNoProof() throws {
        let clr = try RecordFixture.document()
        #expect(clr["issuer"]?["id"]?.stringValue == "urn:scorebench:issuer:unsigned")
        #expect(clr["issuer"]?["name"]?.stringValue == "North County Schools")
        #expect(clr["proof"] == nil)
        #expect(clr["credentialSubject"]?["verifiableCredential"]?.arrayValue.allSatisfy { $0["proof"] == nil } == true)
    }

    @Test func achievementIdsAreTheSameForEveryStudentOfOneIssuer() throws {
        func achievementIDs(_ student: String, key: SigningKey?) throws -> [JSONValue?] {
            var record = RecordFixture.record
            record.student = student
            return try RecordFixture.document(key: key, record: record)["credentialSubject"]?["verifiableCredential"]?.arrayValue
                .map { $0["credentialSubject"]?["achievement"]?["id"] } ?? []
        }
        #expect(try achievementIDs("s-1", key: nil) == achievementIDs("s-2", key: nil))
        #expect(try achievementIDs("s-1", key: RecordFixture.key) == achievementIDs("s-2", key: RecordFixture.key))
        #expect(try achievementIDs("s-1", key: nil) != achievementIDs("s-1", key: RecordFixture.key))
        // Credential ids are new for every record.
        #expect(ClrCredential.randomID() != ClrCredential.randomID())
        #expect(ClrCredential.randomID().hasPrefix("urn:uuid:"))
    }

    @Test func nameBasedIdsAreVersion5UUIDsInTheURLNamespace() {
        // Python's uuid.uuid5(uuid.NAMESPACE_URL, name).
        #expect(ClrCredential.nameBasedID("https://example.org/a") == "urn:uuid:77980eae-c343-5b01-9823-eb6ac1da021f")
        #expect(ClrCredential.nameBasedID("a", "b") == "urn:uuid:d4ed2a93-6ab3-5e5e-bbbc-32313d600a72")
    }

    @Test(arguments: [
        (3.2875, "3.2875"), (3, "3"), (-0.5, "-0.5"), (1e-7, "0.0000001"), (-2.5e-8, "-0.000000025"), (1e21, "1000000000000000000000"),
        (1.5e22, "15000000000000000000000"), (0, "0"),
    ] as [(Double, String)])
    func valuesAreWrittenAsDecimals(value: Double, text: String) {
        #expect(ClrCredential.decimal(value) == text)
    }

    @Test func aSignedRecordIsIssuedByTheKeyAndEveryCredentialVerifies() throws {
        let key = RecordFixture.key
        let clr = try RecordFixture.document(key: key)
        #expect(clr["issuer"]?["id"]?.stringValue == key.did.did)
        let proof = clr["proof"]
        #expect(proof?["type"]?.stringValue == "DataIntegrityProof")
        #expect(proof?["cryptosuite"]?.stringValue == "eddsa-jcs-2022")
        #expect(proof?["proofPurpose"]?.stringValue == "assertionMethod")
        #expect(proof?["created"]?.stringValue == "2026-11-23T12:00:00Z")
        #expect(proof?["verificationMethod"]?.stringValue == "did:key:\(SpecVector.publicKeyMultibase)#\(SpecVector.publicKeyMultibase)")
        let verified = try EddsaJcs2022.verify(document: clr)
        #expect(verified.signer == key.did)
        for credential in clr["credentialSubject"]?["verifiableCredential"]?.arrayValue ?? [] {
            #expect(try EddsaJcs2022.verify(document: credential).signer == key.did)
        }
    }

    @Test func changingAResultValueBreaksTheSignatures() throws {
        let clr = try RecordFixture.document(key: RecordFixture.key)
        let path: [Any] = ["credentialSubject", "verifiableCredential", 0, "credentialSubject", "result", 0, "value"]
        let changed = clr.replacing(path, with: .string("4"))
        #expect(changed != clr)
        #expect(throws: DataIntegrityError.invalidSignature) { try EddsaJcs2022.verify(document: changed) }
        let credential = changed["credentialSubject"]?["verifiableCredential"]?[0] ?? .null
        #expect(throws: DataIntegrityError.invalidSignature) { try EddsaJcs2022.verify(document: credential) }
        // The credential nobody changed still holds on its own.
        #expect(throws: Never.self) { try EddsaJcs2022.verify(document: changed["credentialSubject"]?["verifiableCredential"]?[1] ?? .null) }
    }
}

/// The same records checked by tools that share no code with ScoreBench: Python's `jsonschema`
/// against 1EdTech's published schemas, and a verifier of its own (Python/verify_eddsa_jcs_2022.py).
@Suite struct ClrIndependentChecks {
    @Test(.enabled(if: Python.runs, "needs python3 with jsonschema and cryptography (SCOREBENCH_REQUIRE_PYTHON=1 makes this fail instead)"))
    func theIndependentVerifierAcceptsTheW3CTestVector() throws {
        let signed = try JSONValue.parse(SpecVector.signed)
        let run = try Python.script("verify_eddsa_jcs_2022.py", on: signed)
        #expect(run.status == 0, "\(run.output)")
        let changed = signed.replacing(["credentialSubject", "alumniOf"], with: .string("Another School"))
        let rejected = try Python.script("verify_eddsa_jcs_2022.py", on: changed)
        #expect(rejected.status == 1 && rejected.output.contains("the signature does not match the document"), "\(rejected.output)")
    }

    @Test(.enabled(if: Python.runs, "needs python3 with jsonschema and cryptography (SCOREBENCH_REQUIRE_PYTHON=1 makes this fail instead)"))
    func theIndependentVerifierAcceptsASignedRecordAndRejectsAChangedValue() throws {
        let clr = try RecordFixture.document(key: SigningKey())
        let run = try Python.script("verify_eddsa_jcs_2022.py", on: clr)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.split(separator: "\n").filter { $0.hasPrefix("verified ") }.count == 3, "\(run.output)")

        let path: [Any] = ["credentialSubject", "verifiableCredential", 0, "credentialSubject", "result", 0, "value"]
        let rejected = try Python.script("verify_eddsa_jcs_2022.py", on: clr.replacing(path, with: .string("3.66")))
        #expect(rejected.status == 1, "\(rejected.output)")
        let failures = rejected.output.split(separator: "\n").filter { $0.hasPrefix("FAILED ") }.map { $0.split(separator: " ")[1] }
        #expect(failures == ["document", "verifiableCredential[0]"], "\(rejected.output)")

        let unsigned = try Python.script("verify_eddsa_jcs_2022.py", on: try RecordFixture.document())
        #expect(unsigned.status == 1 && unsigned.output.contains("no single proof"), "\(unsigned.output)")
    }

    @Test(
        .enabled(if: Python.runs, "needs python3 with jsonschema and cryptography (SCOREBENCH_REQUIRE_PYTHON=1 makes this fail instead)"),
        .enabled(if: OfficialSchemas.folder != nil, "needs 1EdTech's schemas in Tests/ScoringExchangeTests/Schemas or SCOREBENCH_CLR_SCHEMAS (see Schemas/README.md)"))
    func recordsValidateAgainst1EdTechSchemas() throws {
        let folder = try #require(OfficialSchemas.folder)
        for clr in [try RecordFixture.document(), try RecordFixture.document(key: SigningKey())] {
            let run = try Python.script("validate_clr.py", [folder], on: clr)
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.hasSuffix("3 credentials checked, 0 problems\n"), "\(run.output)")
        }
        // The check has teeth: a nested credential that is no AchievementCredential is caught.
        let broken = try RecordFixture.document().replacing(
            ["credentialSubject", "verifiableCredential", 0, "type"], with: .array([.string("VerifiableCredential")]))
        let run = try Python.script("validate_clr.py", [folder], on: broken)
        #expect(run.status == 1 && run.output.contains("verifiableCredential[0] AchievementCredential/type"), "\(run.output)")
    }
}
