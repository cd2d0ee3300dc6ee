import Foundation
import ScoringCore
import ScoringExchange
import Testing

/// `key new` and `export clr` through the real binary: what the golden transcripts cannot pin
/// because a new key or a new credential id differs every run.
@Suite struct LearnerRecordShellTests {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    func member(_ value: JSONValue?, _ name: String) -> JSONValue? {
        guard case .object(let members)? = value else { return nil }
        return members.first { $0.0 == name }?.1
    }

    func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
    }

    @Test func keyNewWritesAPrivateKeyFileAndPrintsItsDID() throws {
        let folder = try Harness.workspace()
        let run = try Harness.run(["--format", "json", "-c", "key new k.json"], in: folder)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let printed = object(run.stdout)
        #expect(printed.count == 1, "\(run.stdout)")
        let did = try #require(printed["did"] as? String)
        #expect(did.hasPrefix("did:key:z6Mk") && DIDKey(did) != nil, "\(did)")

        let path = folder.appendingPathComponent("k.json").path
        #expect(try mode(path) == 0o600)
        let key = try SigningKey(keyFile: try String(contentsOfFile: path, encoding: .utf8))
        #expect(key.did.did == did)

        // Another key is another DID; the table says where the key went and what its DID is.
        let table = try Harness.run(["-c", "key new k2.json"], in: folder)
        let said = lines(table.stdout)
        #expect(said.count == 2 && said[0] == "wrote k2.json, a new signing key (keep it private); its public key is", "\(table.stdout)")
        #expect(said.last != did && said.last?.hasPrefix("did:key:z6Mk") == true)
        let csv = try Harness.run(["--format", "csv", "-c", "key new k3.json"], in: folder)
        #expect(lines(csv.stdout).first == "file,did" && lines(csv.stdout).last?.hasPrefix("k3.json,did:key:z6Mk") == true, "\(csv.stdout)")
    }

    @Test func keyNewLeavesAnExistingFileAsItWas() throws {
        let folder = try Harness.workspace()
        let path = folder.appendingPathComponent("k.json").path
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: path))
        let run = try Harness.run(["--format", "json", "-c", "key new k.json"], in: folder)
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "temporary files left: \(left)")
    }

    @Test func anExportedRecordHoldsTheStudentsRollUpsAndIsSignedByTheKey() throws {
        let folder = try Harness.workspace()
        let run = try Harness.run(
            [
                "--format", "json", "-c", "import students data/students.csv", "-c", "import scores data/proficiency.csv --add-missing",
                "-c", "key new k.json", "-c", "proficiency --student s-04", "-c", "export clr s-04 s-04.json --sign k.json",
            ], in: folder)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let answers = lines(run.stdout)
        let did = try #require(object(answers[2])["did"] as? String)
        let rollups = (try JSONSerialization.jsonObject(with: Data(answers[3].utf8)) as? [[String: Any]] ?? [])
            .filter { ($0["evidence"] as? Int ?? 0) > 0 }
        let exported = object(answers[4])
        #expect(exported["signed_by"] as? String == did)
        #expect(exported["competencies"] as? Int == rollups.count && rollups.count == 2)

        let path = folder.appendingPathComponent("s-04.json").path
        #expect(try mode(path) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let document = try JSONValue.parse(text)
        #expect(try EddsaJcs2022.verify(document: document).signer.did == did)

        let clr = object(text)
        #expect(clr["type"] as? [String] == ["VerifiableCredential", "ClrCredential"])
        #expect((clr["issuer"] as? [String: Any])?["id"] as? String == did)
        let subject = clr["credentialSubject"] as? [String: Any] ?? [:]
        let credentials = subject["verifiableCredential"] as? [[String: Any]] ?? []
        #expect(credentials.count == rollups.count)
        guard case .array(let signedCredentials)? = member(member(document, "credentialSubject"), "verifiableCredential") else {
            Issue.record("no verifiableCredential array")
            return
        }
        for credential in signedCredentials {
            #expect(try EddsaJcs2022.verify(document: credential).signer.did == did)
        }
        for (credential, rollup) in zip(credentials, rollups) {
            let achievementSubject = credential["credentialSubject"] as? [String: Any] ?? [:]
            let achievement = achievementSubject["achievement"] as? [String: Any] ?? [:]
            let alignment = (achievement["alignment"] as? [[String: Any]])?.first ?? [:]
            #expect(alignment["targetCode"] as? String == rollup["competency"] as? String)
            #expect(alignment["targetFramework"] as? String == "Test Portrait")
            let result = (achievementSubject["result"] as? [[String: Any]])?.first ?? [:]
            let value = try #require(result["value"] as? String)
            #expect(Double(value) == rollup["value"] as? Double, "\(value) against \(rollup)")
            #expect(!value.contains("e"))
            let identifier = (achievementSubject["identifier"] as? [[String: Any]])?.first ?? [:]
            #expect(identifier["identityHash"] as? String == "s-04")
            #expect((credential["evidence"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Should the school day start later?"])
        }
        // Nothing of the roster but the student's id, and no rater: s-04 is grade 10 at north.
        let others = (1...19).map { String(format: "s-%02d", $0) }.filter { $0 != "s-04" }
        for word in others + ["\"r-a\"", "\"r-b\"", "north", "grade"] {
            #expect(!text.contains(word), "the record holds \(word)")
        }
    }

    @Test func aRefusedExportWritesNothing() throws {
        let folder = try Harness.workspace()
        let setup = try Harness.run(
            ["-c", "import students data/students.csv", "-c", "import scores data/proficiency.csv --add-missing", "-c", "student add s-50"],
            in: folder)
        #expect(setup.status == 0, "\(setup.stderr)")
        for command in [
            "export clr s-99 out.json", "export clr s-50 out.json", "export clr s-04 out.json --sign missing.json",
            "export clr s-04 out.json --sign data/students.csv",
        ] {
            let run = try Harness.run(["-c", command], in: folder)
            #expect(run.status == 1 && run.stdout.isEmpty && lines(run.stderr).count == 1, "\(command): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.json").path), "\(command) wrote out.json")
        }
    }
}
