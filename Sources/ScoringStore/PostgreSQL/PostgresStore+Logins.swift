import ScoringCore

/// Identity on the server is the login (SPEC 12): a rater's login role is named by their rater
/// id and belongs to the group of their role, `scorebench_lead` for leads and
/// `scorebench_rater` for raters and adjudicators (who differ only in the adjudication reads
/// row-level security lets them insert, which it reads from the roster).
extension PostgresStore {
    /// Adds a rater to the roster and creates their login, in one transaction
    /// (`rater add ID --login`): if the login cannot be created, the rater is not added either.
    ///
    /// - Parameter password: the login's password, nil for none (the server authenticates it
    ///   otherwise: certificates, peer); see `generatePassword()`.
    /// - Throws: `StoreError` as `addRater` does, when a role of that name exists, or when this
    ///   login may not create roles.
    public func addRaterWithLogin(_ rater: Rater, password: String?, at time: Timestamp) throws -> RosterOutcome {
        try writing { connection in
            let outcome = try Self.add(rater, at: time, on: connection)
            try Self.createLogin(for: rater, password: password, on: connection)
            return outcome
        }
    }

    /// Creates the login of a rater already on the roster, in the group of `rater.role`.
    ///
    /// The password is hashed before it is sent (`PostgresConnection.encryptedPassword`); the
    /// role may not create roles or databases and is neither superuser nor BYPASSRLS.
    ///
    /// - Throws: `StoreError` when a role of that name exists, or this login may not create roles.
    public func createLogin(rater: Rater, password: String?) throws {
        try writing { connection in try Self.createLogin(for: rater, password: password, on: connection) }
    }

    /// Moves a rater's login to the group of `role`; nothing when the rater has no login.
    ///
    /// `updateRater` calls it when a rater's role changes, so the shell need not.
    ///
    /// - Returns: whether a login was moved.
    @discardableResult
    public func moveLogin(of rater: String, to role: Rater.Role) throws -> Bool {
        try writing { connection in try Self.moveLogin(of: rater, to: role, on: connection) }
    }

    /// The login the session acts as (`current_user`): on a server, the rater id.
    public func currentLogin() throws -> String {
        try withSession { connection, _ in try connection.currentUser() }
    }

    /// Whether the login acts as the coordinator: a member of `scorebench_coordinator`, or a superuser.
    public func isCoordinatorLogin() throws -> Bool {
        try withSession { connection, _ in
            try connection.query(
                """
                SELECT rolsuper OR (EXISTS (SELECT FROM pg_roles WHERE rolname = 'scorebench_coordinator')
                    AND pg_has_role('scorebench_coordinator', 'MEMBER'))
                FROM pg_roles WHERE rolname = current_user
                """
            ).scalar == "t"
        }
    }

    /// A password for a new login: 20 characters of Crockford's base32 (digits and upper-case
    /// letters without I, L, O, U, so it can be read aloud and typed), 100 bits from the
    /// system's cryptographically secure generator.
    public static func generatePassword() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt8(alphabet.count)))] })
    }

    // MARK: Role statements

    static func createLogin(for rater: Rater, password: String?, on connection: PostgresConnection) throws {
        try actAsCoordinatorIfNeeded(on: connection, for: "create logins")
        var sql = "CREATE ROLE \(try connection.quoteIdentifier(rater.id)) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT"
        if let password {
            sql += " PASSWORD \(try connection.quoteLiteral(try connection.encryptedPassword(password, user: rater.id)))"
        }
        sql += " IN ROLE \(group(for: rater.role))"
        do {
            try connection.execute(sql)
        } catch {
            if error.sqlState == "42710" || error.kind == .uniqueViolation {
                throw StoreError("the server already has a role '\(rater.id)'; a rater's login is named by their id")
            }
            if error.kind == .insufficientPrivilege {
                throw StoreError("this login may not create logins (\(error.description)); a coordinator does")
            }
            throw error
        }
    }

    static func moveLogin(of rater: String, to role: Rater.Role, on connection: PostgresConnection) throws -> Bool {
        let groups = try connection.query(
            """
            SELECT g.rolname FROM pg_roles r
            LEFT JOIN pg_auth_members m ON m.member = r.oid
            LEFT JOIN pg_roles g ON g.oid = m.roleid AND g.rolname IN ('scorebench_rater', 'scorebench_lead')
            WHERE r.rolname = $1 AND r.rolcanlogin
            """, [rater]
        ).rows
        guard !groups.isEmpty else { return false }
        let target = group(for: role)
        let current = Set(groups.compactMap { $0[0] })
        if current == [target] { return false }
        try actAsCoordinatorIfNeeded(on: connection, for: "change logins")
        let login = try connection.quoteIdentifier(rater)
        for group in current where group != target {
            try connection.execute("REVOKE \(group) FROM \(login)")
        }
        if !current.contains(target) { try connection.execute("GRANT \(target) TO \(login)") }
        return true
    }

    /// Role attributes are not inherited: a coordinator's login creates roles by acting as
    /// `scorebench_coordinator`, which has CREATEROLE, for the rest of the transaction.
    private static func actAsCoordinatorIfNeeded(on connection: PostgresConnection, for purpose: String) throws {
        let row = try connection.query(
            """
            SELECT rolsuper OR rolcreaterole, EXISTS (SELECT FROM pg_roles WHERE rolname = 'scorebench_coordinator')
                AND pg_has_role('scorebench_coordinator', 'MEMBER')
            FROM pg_roles WHERE rolname = current_user
            """
        ).rows.first ?? []
        if row.first == "t" { return }
        guard row.count > 1, row[1] == "t" else {
            throw StoreError("this login may not \(purpose): only a coordinator (a member of scorebench_coordinator) may")
        }
        try connection.execute("SET LOCAL ROLE scorebench_coordinator")
    }
}
