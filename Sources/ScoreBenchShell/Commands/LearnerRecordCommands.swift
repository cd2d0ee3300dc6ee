import ArgumentParser
import ScoringCore
import ScoringExchange
import ScoringService

struct KeyGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Signing keys for learner records.", subcommands: [KeyNew.self])
}

struct KeyNew: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make a new Ed25519 signing key in a new file (mode 0600) and print its did:key.",
        discussion: """
            The file holds the secret key as a W3C Multikey in one line of JSON. Keep it private and backed up: \
            whoever has it can sign learner records as you, and a lost key cannot be made again. The did:key \
            printed is the public key: give it to the colleges that will verify your records ('export clr \
            STUDENT FILE --sign KEYFILE' signs with the key). An existing file is never written over.
            """)

    @Argument(help: "The new key file to write; an existing file is never written over.")
    var file: String

    func execute(in shell: ShellContext) throws -> ShellResult {
        let key = SigningKey()
        try FileOutput.create(file, by: "key new", protecting: shell.service.storeFile) { temporary in
            try FileOutput.write(key.encoded(), to: temporary, protecting: shell.service.storeFile)
        }
        let did = key.did.did
        return .output(CommandOutput(
            json: .object([("did", .string(did))]),
            table: TextTable(columns: ["file", "did"], rows: [[file, did]]),
            text: "wrote \(file), a new signing key (keep it private); its public key is\n\(did)"))
    }
}

struct ExportClr: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "clr",
        abstract: "Write a student's proficiency transcript as a 1EdTech Comprehensive Learner Record 2.0 (JSON), signed with --sign.",
        discussion: """
            The file is one ClrCredential (W3C Verifiable Credentials 2.0) holding an Open Badges 3.0 \
            AchievementCredential for each competency the student has evidence for: the competency (id, name, \
            framework), the roll-up value and the scale level reached, and the tasks behind it. The student is \
            named by roster id only; no rater, note, grade, school or group goes in. With --sign, the issuer is \
            the key's did:key and every credential carries an eddsa-jcs-2022 Data Integrity proof that any \
            standard verifier checks; without it the issuer is urn:scorebench:issuer:unsigned. The file is \
            written whole or not at all, mode 0600.
            """)

    @Argument(help: "The student.")
    var student: String

    @Argument(help: "The file to write (FILE.json).")
    var file: String

    @Option(help: ArgumentHelp("Sign with the key in this file ('key new' makes one).", valueName: "file"))
    var sign: String?

    @Option(help: ArgumentHelp("The issuer's name shown to the receiver (default: ScoreBench).", valueName: "text"))
    var issuerName: String?

    func validate() throws {
        try requireID(student, kind: "student")
        try requireText(issuerName, what: "the issuer's name")
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        if let sign, FileOutput.isSameFile(sign, file) {
            throw ServiceError("cannot write \(Quoting.visible(file)): it is the key file --sign reads; choose another name")
        }
        let record = try shell.service.student(student)
        let export = try shell.service.clrCredential(for: record, keyFile: sign, issuerName: issuerName)
        try shell.writeStudentData(
            export.document.encoded + "\n", to: file, action: "export clr", detail: "student \(record.id)" + (sign == nil ? "" : ", signed"),
            students: 1)
        let count = export.record.competencies.count
        let signer = export.signer?.did
        return .output(CommandOutput(
            json: .object([
                ("file", .string(file)), ("student", .string(record.id)), ("competencies", .int(count)),
                ("signed_by", signer.map { .string($0) } ?? .null),
            ]),
            table: TextTable(
                columns: ["file", "student", "competencies", "signed by"], rows: [[file, record.id, String(count), signer ?? ""]],
                numericColumns: [2]),
            text: "wrote \(file): learner record of \(record.id), \(Format.count(count, "competency", plural: "competencies")), "
                + (signer.map { "signed by \($0)" } ?? "unsigned")))
    }
}
