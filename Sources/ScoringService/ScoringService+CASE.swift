import Foundation
import ScoringCore
import ScoringExchange
import ScoringStore

/// What `import framework` did.
public struct FrameworkImportSummary: Sendable, Equatable {
    /// The package, as messages name it.
    public var file: String
    /// The framework file written.
    public var written: String
    /// The framework's name: the CASE document's title.
    public var framework: String
    /// The CASE document's identifier.
    public var document: String
    public var competencies: Int
    /// Competencies with a parent.
    public var withParent: Int
    public var added: [String]
    public var kept: [String]
    public var removed: [String]
}

/// A rubric as a CASE `CFRubric`, ready to write, and what it holds.
public struct RubricExport: Sendable {
    public var rubric: String
    public var version: Int
    /// The `CFRubric` identifier.
    public var identifier: String
    public var criteria: Int
    public var levels: Int
    /// Criteria linked to a CASE item (`CFItemURI`) through their competency.
    public var aligned: Int
    public var json: JSONValue
}

extension ScoringService {
    /// The competency framework's file: `competencies.yaml` in the bank folder.
    public var frameworkFile: String {
        content.bank.hasSuffix("/") ? content.bank + ContentLocation.frameworkFile : content.bank + "/" + ContentLocation.frameworkFile
    }

    /// Replaces the competency framework with the one a CASE 1.1 package describes (`import
    /// framework`, SPEC 15), all or nothing, then reloads the bank so the session uses it.
    ///
    /// Roll-up rules come from the framework file there now, by competency id (see
    /// `CASEPackage.framework(keeping:file:)`); a framework file that does not load is refused
    /// rather than overwritten, so its rules are not lost. A package that leaves out a
    /// competency some loaded rubric's criterion is evidence for is refused too: that rubric
    /// would stop loading.
    ///
    /// - Parameters:
    ///   - path: the package file; `-` reads standard input.
    ///   - name: how messages name it.
    /// - Throws: `ServiceError` naming the problem (and the package's object or line); the
    ///   framework file is unchanged then.
    public func importFramework(path: String, name: String) throws -> FrameworkImportSummary {
        // The framework is the district's shared content, which a rater's shell does not rewrite.
        try requireLead("import a competency framework")
        let shown = Quoting.visible(name, limit: 1000)
        let data: Data
        do {
            data = try ImportFile.contents(of: path, name: shown)
        } catch let error as StoreError {
            throw ServiceError("\(error.message); nothing was written")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ServiceError("\(shown): the file is not UTF-8 text; nothing was written")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let target = frameworkFile
        let imported: FrameworkImport
        do {
            imported = try CASEPackage.parse(text).framework(keeping: try currentFramework(), file: target)
        } catch let error as CASEPackageError {
            throw ServiceError("\(shown)\(error.line.map { ":\($0)" } ?? ""): \(error.message); nothing was written")
        }
        let kept = Set(imported.framework.competencies.map(\.id))
        var missing: [String] = []
        for rubric in bank.sortedRubrics {
            for criterion in rubric.criteria {
                if let competency = criterion.competency, !kept.contains(competency) {
                    missing.append("\(rubric.file): criterion '\(criterion.id)' is evidence for \(competency)")
                }
            }
        }
        if !missing.isEmpty {
            throw ServiceError(
                "\(shown) has no competency for \(Format.count(missing.count, "rubric criterion", plural: "rubric criteria")) to be evidence for; add the competencies to the package or change the rubrics; nothing was written",
                details: missing)
        }
        let yaml = imported.framework.yaml(comments: [
            "Imported by 'import framework' from the CASE package \"\(imported.framework.name)\".",
            "Names, parents and CASE identifiers come from the package; importing it again replaces them.",
            "Roll-up rules (method, weight, times, proficient_at, required) are ScoreBench's own: edit them",
            "here, and a new import keeps them for every competency id the package still has.",
        ])
        // What is written must load as what was imported.
        guard (try? CompetencyFramework.parse(yaml, file: target)) == imported.framework else {
            throw ServiceError("\(shown): the framework could not be written as YAML that reads back the same; nothing was written")
        }
        var status = stat()
        let mode = stat(target, &status) == 0 ? status.st_mode & 0o777 : 0o644
        try OutputFile.write(yaml, to: target, protecting: storeFile, mode: mode)
        _ = try reload()
        let framework = imported.framework
        return FrameworkImportSummary(
            file: name, written: target, framework: framework.name, document: framework.caseDocument?.identifier ?? "",
            competencies: framework.competencies.count, withParent: framework.competencies.filter { $0.parent != nil }.count,
            added: imported.added, kept: imported.kept, removed: imported.removed)
    }

    /// The framework file as it is on disk now, or nil when there is none.
    private func currentFramework() throws -> CompetencyFramework? {
        let path = frameworkFile
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ServiceError("cannot read \(path), whose roll-up rules the import keeps; nothing was written")
        }
        do {
            return try CompetencyFramework.parse(text, file: path)
        } catch let error as ContentError {
            throw ServiceError("\(error); fix it first, so the import can keep its roll-up rules (or move it away); nothing was written")
        }
    }

    /// A rubric as a CASE 1.1 `CFRubric` (`export rubric`, SPEC 15), its criteria linked to the
    /// CASE items of their competencies where the framework has them. Every object's
    /// `lastChangeDateTime` is the rubric file's modification time (now, for a rubric without
    /// a file), so exporting an unchanged rubric twice gives the same JSON.
    public func caseRubric(_ id: String) throws -> RubricExport {
        let rubric = try rubric(id)
        var changed = now()
        if let date = (try? FileManager.default.attributesOfItem(atPath: rubric.file))?[.modificationDate] as? Date {
            changed = Timestamp(seconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        }
        let framework = bank.framework
        let aligned = rubric.criteria.filter { criterion in
            criterion.competency.flatMap { framework?.competency($0)?.caseItem } != nil
        }
        return RubricExport(
            rubric: rubric.id, version: rubric.version, identifier: CASERubric.identifier(of: rubric),
            criteria: rubric.criteria.count, levels: rubric.criteria.count * rubric.scale.count, aligned: aligned.count,
            json: CASERubric.json(rubric, framework: framework, lastChange: changed))
    }
}
