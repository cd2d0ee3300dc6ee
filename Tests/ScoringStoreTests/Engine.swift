import Foundation
import Testing
@testable import ScoringStore

/// The store engines a test runs on: SQLite always, PostgreSQL when the tests have a server
/// (`TestServer`), so that every store test checks both engines behave alike.
enum Engine: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var available: [Engine] { TestServer.isEnabled ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// A new, empty store: in memory, or in a schema of the test's own on the server, created
    /// by `server init` and dropped when the test ends (the suite needs `.scratchSchemas`).
    func emptyStore() throws -> any Store {
        switch self {
        case .sqlite:
            return try SQLiteStore.inMemory()
        case .postgres:
            guard let keeper = ScratchSchemas.keeper else {
                throw ScratchSchemas.Unscoped()
            }
            let scratch = try ScratchSchema()
            keeper.keep(scratch)
            return try scratch.initializedStore()
        }
    }
}

/// The scratch schemas a test made, kept until it ends.
enum ScratchSchemas {
    @TaskLocal static var keeper: Keeper?

    final class Keeper: @unchecked Sendable {
        private let lock = NSLock()
        private var schemas: [ScratchSchema] = []

        func keep(_ schema: ScratchSchema) {
            lock.withLock { schemas.append(schema) }
        }

        /// Lets go of the schemas, whose deinit drops them.
        func release() {
            lock.withLock { schemas.removeAll() }
        }
    }

    struct Unscoped: Error, CustomStringConvertible {
        var description: String { "a PostgreSQL store test's suite needs the .scratchSchemas trait" }
    }
}

/// Gives each test case a `ScratchSchemas.keeper` and drops its schemas when the case ends.
struct ScratchSchemasTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let keeper = ScratchSchemas.Keeper()
        defer { keeper.release() }
        try await ScratchSchemas.$keeper.withValue(keeper) { try await function() }
    }
}

extension Trait where Self == ScratchSchemasTrait {
    /// Drops the scratch schemas of PostgreSQL stores (`Engine.emptyStore()`) after each test.
    static var scratchSchemas: Self { ScratchSchemasTrait() }
}
