import ScoringCore

/// A store on a shared server (SPEC 12), whose logins are the raters: what only such a store
/// can do, beyond `Store`.
public protocol ServerStore: Store {
    /// The server as messages name it, never with a password.
    var description: String { get }
    /// Whether the schema must be created or migrated (`server init`) before the store serves.
    var needsInitialization: Bool { get }
    /// Creates or migrates the schema, the group roles and the row-level security policies.
    func initialize() throws -> ServerInitialization
    /// Adds a rater and their login role (in their role's group) in one transaction; a nil
    /// password leaves authentication to the server (certificates, peer).
    func addRaterWithLogin(_ rater: Rater, password: String?, at time: Timestamp) throws -> RosterOutcome
    /// The login this session runs as.
    func currentLogin() throws -> String
    /// Whether the login may act as the coordinator: a member of `scorebench_coordinator`, or a
    /// superuser.
    func isCoordinatorLogin() throws -> Bool
}

extension PostgresStore: ServerStore {}
