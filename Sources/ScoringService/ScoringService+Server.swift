import ScoringCore
import ScoringStore

/// How a new rater login gets its password (`rater add ID --login`).
public enum LoginPassword: Sendable {
    /// Generate one, to be shown once.
    case generate
    /// The one typed at the prompt.
    case given(String)
    /// None: the server authenticates the login otherwise (certificates, peer).
    case none
}

extension ScoringService {
    /// The shared server this service runs on, if it is one.
    public var server: (any ServerStore)? { store as? any ServerStore }

    /// The store as messages and banners name it (a server never with its password).
    public var storeDescription: String { server?.description ?? store.location }

    /// Creates or migrates the server's schema, group roles and row-level security (SPEC 12).
    public func serverInit() throws -> ServerInitialization {
        guard let server else {
            throw ServiceError("server init sets up a PostgreSQL server; a SQLite store needs none (it is created on first use)")
        }
        try requireCoordinator("set up the server")
        return try server.initialize()
    }

    /// Adds a rater with a login role on the server (the coordinator's job).
    ///
    /// - Returns: what happened, and the password to show once when one was generated.
    public func addRaterWithLogin(_ rater: Rater, password: LoginPassword) throws -> (outcome: RosterOutcome, password: String?) {
        guard let server else {
            throw ServiceError("--login creates a login on a PostgreSQL server; a SQLite store has no logins (use --as to act as a rater)")
        }
        try requireCoordinator("add raters")
        var shown: String?
        let secret: String?
        switch password {
        case .generate:
            secret = PostgresStore.generatePassword()
            shown = secret
        case .given(let text): secret = text
        case .none: secret = nil
        }
        return (try server.addRaterWithLogin(rater, password: secret, at: now()), shown)
    }

    /// Takes the identity from the server login (SPEC 12): a login that is a rater acts as that
    /// rater, for good; a coordinator login (or a superuser) acts as the coordinator, or as the
    /// rater `requested` names; any other login is refused.
    public func adoptLogin(requested: String?) throws {
        guard let server else { return }
        // Before 'server init' there are no raters to be, and no group to be a coordinator by:
        // the login goes on, and every command but 'server init' says the schema is missing
        // (init itself needs a login that may create roles).
        if server.needsInitialization { return }
        let login = try server.currentLogin()
        let coordinator = try server.isCoordinatorLogin()
        if let requested, requested != login {
            guard coordinator else {
                throw ServiceError("--as is refused on a server: the login is the rater (you are logged in as \(login)); only a coordinator login may act as another rater")
            }
            try fixIdentity(as: requested)
            return
        }
        if let rater = try store.rater(login) {
            identity = rater
            identityIsFixed = !coordinator
            identityIsLogin = !coordinator
            return
        }
        guard coordinator else {
            throw ServiceError(
                "the login \(login) is neither a rater of this store nor a coordinator; the coordinator adds raters with 'rater add ID --login'")
        }
    }
}
