import ScoringCore

/// A framework made from a CASE package, and how it differs from the one it replaces.
public struct FrameworkImport: Sendable, Equatable {
    public var framework: CompetencyFramework
    /// Competencies new to the framework, which took the default roll-up rules.
    public var added: [String]
    /// Competencies the old framework had too, whose roll-up rules were kept.
    public var kept: [String]
    /// Competencies of the old framework that the package does not have.
    public var removed: [String]
}

extension CASEPackage {
    /// The proficiency cut a new competency gets when there are no others to follow: the
    /// Proficient level of the four-level scales rubrics usually have.
    public static let defaultProficientAt = 3.0

    /// The competency framework this package describes, keeping the roll-up rules of `existing`.
    ///
    /// Each item becomes a competency: its id is the item's `humanCodingScheme`, else its
    /// `identifier`; its name is the `fullStatement` with runs of white space (line breaks
    /// included) made single spaces; its `parent` is the item it `isChildOf` (an item that is a
    /// child of the document only is at the top); and its `case` holds the item's `identifier`
    /// and `uri`. The framework's name is the document's title, and its `case` the document's
    /// identifier, URI and title. Competencies come as an outline: each parent followed by its
    /// children, siblings by `sequenceNumber`, then in package order.
    ///
    /// A CASE package carries no roll-up rules, so they come from `existing`, matched by
    /// competency id: the framework's method, weight and times, and each kept competency's
    /// `proficient_at`, `required` and overrides. A competency new to the framework is not
    /// required, follows the framework's method, and is proficient at the cut most existing
    /// competencies use (the first such in file order when several tie), or
    /// `defaultProficientAt` when there are none.
    ///
    /// - Parameters:
    ///   - existing: the framework the import replaces, if any.
    ///   - file: where the framework will be written, for its messages.
    /// - Throws: `CASEPackageError` when an item's code cannot be a competency id, two items
    ///   share one, an item is the child of two items, or the `isChildOf` links make a cycle.
    public func framework(keeping existing: CompetencyFramework?, file: String) throws(CASEPackageError) -> FrameworkImport {
        var ids: [String] = []
        var idOfItem: [String: String] = [:]
        var offsetOfID: [String: Int] = [:]
        for (offset, item) in items.enumerated() {
            let id = item.humanCodingScheme ?? item.identifier
            if let problem = Identifier.problem(with: id, kind: "competency", contentStyle: false) {
                let source = item.humanCodingScheme == nil ? "identifier" : "humanCodingScheme"
                throw CASEPackageError("CFItem \(offset + 1): its \(source) cannot be a competency id: \(problem)")
            }
            if let earlier = offsetOfID[id] {
                throw CASEPackageError("CFItems \(earlier + 1) and \(offset + 1) both have the code '\(id)'; competency ids must differ")
            }
            ids.append(id)
            idOfItem[item.identifier] = id
            offsetOfID[id] = offset
        }

        // Each item's parent item and its place among its siblings; a link to the document
        // only places a top-level item.
        var parents: [String: String] = [:]
        var sequence: [String: Int] = [:]
        for link in childOf {
            guard let child = idOfItem[link.child] else { continue }
            guard let parent = idOfItem[link.parent] else {
                if parents[child] == nil, let number = link.sequenceNumber { sequence[child] = number }
                continue
            }
            if let other = parents[child], other != parent {
                throw CASEPackageError(
                    "CFItem '\(child)' is a child (isChildOf) of both '\(other)' and '\(parent)'; a competency has one parent")
            }
            if parents[child] == nil { sequence[child] = link.sequenceNumber }
            parents[child] = parent
        }
        if let cycle = CompetencyFramework.cycle(parents: parents, order: ids) {
            throw CASEPackageError("the isChildOf associations make a cycle: \(cycle.joined(separator: " → "))")
        }

        let previous = existing?.competencies ?? []
        let previousByID = Dictionary(previous.map { ($0.id, $0) }) { first, _ in first }
        let itemOfID = Dictionary(uniqueKeysWithValues: zip(ids, items))
        let cut = Self.commonCut(of: previous)
        var competencies: [Competency] = []
        for id in Self.outline(ids, parents: parents, sequence: sequence) {
            let item = itemOfID[id]!
            var competency = previousByID[id] ?? Competency(id: id, name: id, proficientAt: cut)
            competency.name = item.fullStatement.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            competency.parent = parents[id]
            competency.caseItem = CASEReference(identifier: item.identifier, uri: item.uri)
            competencies.append(competency)
        }
        let framework = CompetencyFramework(
            name: document.title, method: existing?.method ?? .decayingAverage, weight: existing?.weight ?? 0.65,
            times: existing?.times ?? 2, competencies: competencies,
            caseDocument: CASEReference(identifier: document.identifier, uri: document.uri, title: document.title), file: file)
        let before = Set(previous.map(\.id))
        return FrameworkImport(
            framework: framework, added: competencies.map(\.id).filter { !before.contains($0) },
            kept: competencies.map(\.id).filter { before.contains($0) },
            removed: previous.map(\.id).filter { offsetOfID[$0] == nil })
    }

    /// The ids with every parent before its children: top-level ids first, each followed by its
    /// descendants; siblings ordered by sequence number (those without one last), then as given.
    private static func outline(_ ids: [String], parents: [String: String], sequence: [String: Int]) -> [String] {
        var children: [String?: [String]] = [:]
        for id in ids { children[parents[id], default: []].append(id) }
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        func sorted(_ siblings: [String]) -> [String] {
            siblings.sorted { (sequence[$0] ?? .max, position[$0]!) < (sequence[$1] ?? .max, position[$1]!) }
        }
        var result: [String] = []
        var stack: [String] = sorted(children[nil] ?? []).reversed()
        while let id = stack.popLast() {
            result.append(id)
            stack += sorted(children[id] ?? []).reversed()
        }
        return result
    }

    /// The `proficient_at` most of `competencies` use, the earliest in file order among ties.
    private static func commonCut(of competencies: [Competency]) -> Double {
        var counts: [Double: Int] = [:]
        for competency in competencies { counts[competency.proficientAt, default: 0] += 1 }
        let most = counts.values.max() ?? 0
        return competencies.first { counts[$0.proficientAt] == most }?.proficientAt ?? defaultProficientAt
    }
}
