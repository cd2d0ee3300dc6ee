import Foundation
import Testing
import ScoringCore
@testable import ScoringStore

/// Moving a store onto and off a server as the logins that would: a coordinator's login, which
/// is no superuser, has every privilege both need; a rater's login cannot write another store
/// onto the server, and its attempt changes nothing.
@Suite(.enabled(if: TestServer.isEnabled, TestServer.skipped))
struct PostgresStoreTransferTests {
    @Test func aCoordinatorLoginMovesAStoreBothWaysAndARaterLoginCannot() throws {
        let scratch = try ScratchSchema()
        _ = try scratch.initializedStore()
        let password = PostgresStore.generatePassword()
        let quoted = try scratch.admin.quoteLiteral(password)
        let coordinator = try scratch.role("LOGIN PASSWORD \(quoted) IN ROLE scorebench_coordinator")
        let raterLogin = try scratch.role("LOGIN PASSWORD \(quoted) IN ROLE scorebench_rater")

        let contents = try StoreTransferTests().populatedStore(.sqlite).contents()
        let server = try PostgresStore(connection: scratch.connect(as: coordinator, password: password), location: coordinator)
        let summary = try server.merge(contents, loadedRubrics: [:], at: Fixtures.time)
        #expect(summary.idsKept && summary.reads.inFile == 11)
        #expect(try server.contents() == contents)

        var more = contents
        more.students.append(Student(id: "s-9"))
        more.reads.append(Fixtures.essayRead(student: "s-9", rater: "r-1", 2, 2, 2))
        more.reads[more.reads.count - 1].id = 99
        let asRater = try PostgresStore(connection: scratch.connect(as: raterLogin, password: password), location: raterLogin)
        let refused = #expect(throws: PostgresError.self) { try asRater.merge(more, loadedRubrics: [:], at: Fixtures.time) }
        #expect(refused?.kind == .insufficientPrivilege)
        #expect(try server.contents() == contents)
    }
}
