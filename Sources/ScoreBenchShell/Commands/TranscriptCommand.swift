import ArgumentParser
import Foundation
import ScoringCore
import ScoringService
import ScoringStore

struct TranscriptCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "A student's proficiency-based transcript: each competency with the dated evidence behind it.",
        discussion: """
            Lists every competency of the framework with its status, value and roll-up method, and the evidence \
            behind it (date, task, component, criterion, final score), then graduation readiness. With --out, \
            writes it to FILE instead: a self-contained printable page when FILE ends in .html, JSON for .json, \
            CSV of the evidence for .csv, else the text shown at the prompt.
            """)

    @Argument(help: "The student.")
    var student: String

    @Option(help: ArgumentHelp("Write the transcript to this file (.html, .json, .csv or text).", valueName: "file"))
    var out: String?

    func validate() throws {
        try requireID(student, kind: "student")
    }

    func execute(in shell: ShellContext) throws -> ShellResult {
        let record = try shell.service.student(student)
        let transcript = try shell.service.transcript(for: record)
        guard let out else {
            return .output(CommandOutput(json: transcript.json, table: transcript.evidenceTable, text: transcript.text))
        }
        let lowered = out.lowercased()
        let contents: String
        if lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") {
            contents = transcript.html
        } else if lowered.hasSuffix(".json") {
            contents = transcript.json.encoded + "\n"
        } else if lowered.hasSuffix(".csv") {
            contents = transcript.evidenceTable.csv
        } else {
            contents = transcript.text
        }
        try shell.writeStudentData(contents, to: out, action: "transcript", detail: "student \(record.id)", students: 1)
        return .output(CommandOutput(
            json: .object([("file", .string(out)), ("student", .string(record.id)), ("competencies", .int(transcript.competencies.count))]),
            text: "wrote \(out): transcript of \(record.id), \(Format.count(transcript.competencies.count, "competency", plural: "competencies"))"))
    }
}

extension Transcript {
    static func day(_ time: Timestamp) -> String { String(time.description.prefix(10)) }

    var json: JSONValue {
        .object([
            ("student", .string(student.id)), ("grade", student.grade.map { .string($0) } ?? .null),
            ("school", student.school.map { .string($0) } ?? .null),
            ("competencies", .array(competencies.map { line in
                .object([
                    ("competency", .string(line.competency.id)), ("name", .string(line.competency.name)),
                    ("required", .bool(line.competency.required)), ("status", .string(line.status)),
                    ("method", .string(line.result.method.rawValue)), ("value", .number(line.result.value)),
                    ("proficient", .bool(line.result.proficient)),
                    ("evidence", .array(line.evidence.map { entry in
                        .object([
                            ("date", .string(entry.date.description)), ("task", .string(entry.task)),
                            ("component", .string(entry.component)), ("criterion", .string(entry.criterion)),
                            ("score", .number(entry.score)),
                        ])
                    })),
                ])
            })),
            ("graduation", .object([
                ("ready", .bool(readiness.ready)), ("not_proficient", .array(readiness.notProficient.map { .string($0) })),
                ("missing", .array(readiness.missing.map { .string($0) })),
            ])),
        ])
    }

    var evidenceTable: TextTable {
        var rows: [[String]] = []
        for line in competencies {
            if line.evidence.isEmpty {
                rows.append([line.competency.id, line.status, "", "", "", "", ""])
            }
            for entry in line.evidence {
                rows.append([line.competency.id, line.status, Self.day(entry.date), entry.task, entry.component, entry.criterion, Format.score(entry.score)])
            }
        }
        return TextTable(columns: ["competency", "status", "date", "task", "component", "criterion", "score"], rows: rows, numericColumns: [6])
    }

    var graduationSentence: String {
        if readiness.ready { return "Graduation: ready — proficient in every required competency." }
        var reasons: [String] = []
        if !readiness.notProficient.isEmpty {
            let named = readiness.notProficient.map { id in
                guard let line = competencies.first(where: { $0.competency.id == id }), let value = line.result.value else { return id }
                return "\(id) (\(Format.score(value)) by \(line.result.method.rawValue); needs \(line.rule.requirement))"
            }
            reasons.append("not yet proficient in \(named.joined(separator: ", "))")
        }
        if !readiness.missing.isEmpty { reasons.append("no evidence yet for \(readiness.missing.joined(separator: ", "))") }
        return "Graduation: not ready — " + reasons.joined(separator: "; ") + "."
    }

    func summary(of line: Line) -> String {
        guard let value = line.result.value else { return "no evidence" }
        return "\(line.status), \(Format.score(value)) by \(line.result.method.rawValue) of \(Format.count(line.result.evidence, "score")) (proficient with \(line.rule.requirement))"
    }

    var text: String {
        var output = "Proficiency transcript — \(student.id)"
        let details = [student.grade.map { "grade \($0)" }, student.school].compactMap { $0 }
        if !details.isEmpty { output += " (\(details.joined(separator: ", ")))" }
        output += "\n\(framework)\n"
        for line in competencies {
            output += "\n\(line.competency.id) \(line.competency.name)\(line.competency.required ? " [required]" : ""): \(summary(of: line))\n"
            for entry in line.evidence {
                output += "  \(Self.day(entry.date))  \(entry.task) / \(entry.component) / \(entry.criterion): \(Format.score(entry.score))\n"
            }
        }
        return output + "\n" + graduationSentence + "\n"
    }

    static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    /// A self-contained page (inline style, no scripts or outside resources) that prints on A4 or Letter.
    var html: String {
        let title = "Proficiency transcript — \(student.id)"
        var body = "<h1>\(Self.escape(title))</h1>\n<p class=\"meta\">"
        body += Self.escape([student.grade.map { "Grade \($0)" }, student.school, framework].compactMap { $0 }.joined(separator: " · "))
        body += "</p>\n<table>\n<thead><tr><th>Competency</th><th>Status</th><th>Value</th><th>Method</th><th>Evidence</th></tr></thead>\n<tbody>\n"
        for line in competencies {
            let value = line.result.value.map(Format.score) ?? "—"
            let evidence = line.evidence.map { entry in
                "<li>\(Self.day(entry.date)) · \(Self.escape(entry.task)) / \(Self.escape(entry.component)) / \(Self.escape(entry.criterion)): <b>\(Format.score(entry.score))</b></li>"
            }.joined()
            let statusClass = line.result.proficient ? "yes" : (line.result.hasEvidence ? "no" : "none")
            body += "<tr><td><b>\(Self.escape(line.competency.id))</b> \(Self.escape(line.competency.name))\(line.competency.required ? " <span class=\"req\">required</span>" : "")</td>"
            body += "<td class=\"\(statusClass)\">\(Self.escape(line.status))</td><td class=\"num\">\(value)</td>"
            body += "<td>\(Self.escape(line.result.method.rawValue))</td><td>\(evidence.isEmpty ? "—" : "<ul>\(evidence)</ul>")</td></tr>\n"
        }
        body += "</tbody>\n</table>\n<p class=\"grad\">\(Self.escape(graduationSentence))</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escape(title))</title>
            <style>
            body { font-family: Georgia, "Times New Roman", serif; margin: 2em; color: #111; }
            h1 { font-size: 1.5em; margin-bottom: 0.2em; }
            .meta { color: #444; margin-top: 0; }
            table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
            th, td { border: 1px solid #999; padding: 0.35em 0.5em; vertical-align: top; text-align: left; }
            th { background: #eee; }
            td.num { text-align: right; }
            td.yes { color: #14532d; font-weight: bold; }
            td.no { color: #7c2d12; }
            td.none { color: #666; font-style: italic; }
            .req { font-size: 0.8em; border: 1px solid #555; padding: 0 0.3em; }
            ul { margin: 0; padding-left: 1.1em; }
            .grad { font-weight: bold; margin-top: 1em; }
            @media print { body { margin: 1cm; } tr { page-break-inside: avoid; } }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }
}
