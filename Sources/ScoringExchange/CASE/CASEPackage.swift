import ScoringCore

/// The parts of a 1EdTech CASE 1.1 package (`CFPackage`, the `getCFPackage` JSON) that make a
/// competency framework: the `CFDocument`, its `CFItems`, and the `isChildOf` associations
/// between them. Every other association type, and every other field, is left unread.
public struct CASEPackage: Sendable, Equatable {
    /// The framework document (`CFDocument`).
    public struct Document: Sendable, Equatable {
        public var identifier: String
        public var uri: String
        public var title: String

        public init(identifier: String, uri: String, title: String) {
            self.identifier = identifier
            self.uri = uri
            self.title = title
        }
    }

    /// One statement of the framework (`CFItem`).
    public struct Item: Sendable, Equatable {
        public var identifier: String
        public var uri: String
        public var fullStatement: String
        /// The publisher's code for the item (`ELA.ARG`), when it has one.
        public var humanCodingScheme: String?

        public init(identifier: String, uri: String, fullStatement: String, humanCodingScheme: String? = nil) {
            self.identifier = identifier
            self.uri = uri
            self.fullStatement = fullStatement
            self.humanCodingScheme = humanCodingScheme
        }
    }

    /// An `isChildOf` association: the origin is the child, the destination its parent (an item,
    /// or the document itself for a top-level item).
    public struct ChildOf: Sendable, Equatable {
        /// The child item's identifier.
        public var child: String
        /// The parent's identifier: an item's, or the document's.
        public var parent: String
        /// Where the child goes among its siblings, when the association says.
        public var sequenceNumber: Int?

        public init(child: String, parent: String, sequenceNumber: Int? = nil) {
            self.child = child
            self.parent = parent
            self.sequenceNumber = sequenceNumber
        }
    }

    public var document: Document
    /// The items, in the package's order.
    public var items: [Item]
    /// The `isChildOf` associations, in the package's order, each between items of this package
    /// (or an item and the document).
    public var childOf: [ChildOf]

    public init(document: Document, items: [Item], childOf: [ChildOf]) {
        self.document = document
        self.items = items
        self.childOf = childOf
    }

    /// Reads a `CFPackage` from its JSON text.
    ///
    /// Required: a `CFDocument` with `identifier`, `uri` and `title`; at least one `CFItem`, each
    /// with `identifier`, `uri` and `fullStatement`; every association with an
    /// `associationType`, and every `isChildOf` association with the `identifier` of its
    /// `originNodeURI` (an item of the package) and `destinationNodeURI` (an item, or the
    /// document).
    ///
    /// - Throws: `CASEPackageError` at the first problem, naming the object it is in.
    public static func parse(_ text: String) throws(CASEPackageError) -> CASEPackage {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            throw CASEPackageError(line: error.line, message: "\(error.message) (column \(error.column))")
        }
        guard case .object(let package) = root else {
            throw CASEPackageError("a CASE package is a JSON object with a CFDocument, CFItems and CFAssociations (a CFPackage)")
        }
        let top = Fields(package, name: "the package")
        guard let documentValue = top["CFDocument"] else {
            throw CASEPackageError("the package has no CFDocument; is it a CASE CFPackage?")
        }
        let documentFields = try Fields(documentValue, name: "CFDocument")
        let document = Document(
            identifier: try documentFields.text("identifier"), uri: try documentFields.text("uri"),
            title: try documentFields.text("title"))

        let itemValues = try top.list("CFItems")
        if itemValues.isEmpty { throw CASEPackageError("the package has no CFItems: it holds no competencies to import") }
        var items: [Item] = []
        var itemIndex: [String: Int] = [:]
        for (offset, value) in itemValues.enumerated() {
            var fields = try Fields(value, name: "CFItem \(offset + 1)")
            // Named by its code, else its identifier, as far as those can be read.
            if let label = (try? fields.optionalText("humanCodingScheme")) ?? (try? fields.optionalText("identifier")) {
                fields.name += " (\(Quoting.visible(label)))"
            }
            let identifier = try fields.text("identifier")
            let code = try fields.optionalText("humanCodingScheme")
            let item = Item(
                identifier: identifier, uri: try fields.text("uri"), fullStatement: try fields.text("fullStatement"),
                humanCodingScheme: code)
            if let earlier = itemIndex[identifier] {
                throw CASEPackageError("\(fields.name) has the identifier '\(Quoting.visible(identifier))' of CFItem \(earlier + 1)")
            }
            if identifier == document.identifier {
                throw CASEPackageError("\(fields.name) has the identifier '\(Quoting.visible(identifier))' of the CFDocument")
            }
            itemIndex[identifier] = offset
            items.append(item)
        }

        var childOf: [ChildOf] = []
        for (offset, value) in try top.list("CFAssociations", required: false).enumerated() {
            let fields = try Fields(value, name: "CFAssociation \(offset + 1)")
            guard try fields.text("associationType") == "isChildOf" else { continue }
            let name = "CFAssociation \(offset + 1) (isChildOf)"
            let origin = try Fields(try fields.required("originNodeURI"), name: "\(name)'s originNodeURI").text("identifier")
            let destination = try Fields(try fields.required("destinationNodeURI"), name: "\(name)'s destinationNodeURI")
                .text("identifier")
            guard itemIndex[origin] != nil else {
                throw CASEPackageError("\(name): its origin '\(Quoting.visible(origin))' is not a CFItem of the package")
            }
            guard itemIndex[destination] != nil || destination == document.identifier else {
                throw CASEPackageError(
                    "\(name): its destination '\(Quoting.visible(destination))' is neither a CFItem of the package nor its CFDocument")
            }
            childOf.append(ChildOf(child: origin, parent: destination, sequenceNumber: try fields.optionalInteger("sequenceNumber")))
        }
        return CASEPackage(document: document, items: items, childOf: childOf)
    }
}

/// What is wrong with a CASE package: the problem, naming the object it is in, and the line for
/// a file that is not JSON at all.
public struct CASEPackageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based line of a JSON syntax error; nil for a problem with the package's content.
    public var line: Int?
    public var message: String

    public init(line: Int? = nil, message: String) {
        self.line = line
        self.message = message
    }

    init(_ message: String) {
        self.init(line: nil, message: message)
    }

    public var description: String { line.map { "\($0): \(message)" } ?? message }
}

/// The members of one JSON object of the package, read with messages that name the object.
private struct Fields {
    let members: [(String, JSONValue)]
    var name: String

    init(_ members: [(String, JSONValue)], name: String) {
        self.members = members
        self.name = name
    }

    init(_ value: JSONValue, name: String) throws(CASEPackageError) {
        guard case .object(let members) = value else { throw CASEPackageError("\(name) must be a JSON object") }
        self.init(members, name: name)
    }

    subscript(key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.0 == key })?.1, value != .null else { return nil }
        return value
    }

    func required(_ key: String) throws(CASEPackageError) -> JSONValue {
        guard let value = self[key] else { throw CASEPackageError("\(name) has no '\(key)'") }
        return value
    }

    /// A text field that must be there and hold more than spaces; it comes back trimmed.
    func text(_ key: String) throws(CASEPackageError) -> String {
        guard let text = try optionalText(key) else { throw CASEPackageError("\(name) has no '\(key)'") }
        return text
    }

    /// A text field, or nil when it is missing, null or only spaces.
    func optionalText(_ key: String) throws(CASEPackageError) -> String? {
        guard let value = self[key] else { return nil }
        guard case .string(let text) = value else { throw CASEPackageError("\(name): '\(key)' must be text") }
        let trimmed = text.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    func optionalInteger(_ key: String) throws(CASEPackageError) -> Int? {
        guard let value = self[key] else { return nil }
        guard case .int(let number) = value else { throw CASEPackageError("\(name): '\(key)' must be a whole number") }
        return number
    }

    /// An array field; a missing one is empty unless `required`.
    func list(_ key: String, required: Bool = true) throws(CASEPackageError) -> [JSONValue] {
        guard let value = self[key] else {
            if required { throw CASEPackageError("\(name) has no '\(key)'") }
            return []
        }
        guard case .array(let values) = value else { throw CASEPackageError("\(name): '\(key)' must be a JSON array") }
        return values
    }
}
