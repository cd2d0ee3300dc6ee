import Foundation
import ScoringCore
import ScoringStore

extension ScoringService {
    /// Refuses moving a store in or out to anyone but the coordinator (no identity, or a
    /// coordinator's server login acting as nobody): an export holds every blind read, and an
    /// import writes anyone's reads and rosters.
    public func checkMayMoveStore(_ what: String) throws {
        try requireCoordinator(what)
    }

    /// Copies everything the store holds into a new SQLite store (`export store`, SPEC 12):
    /// rosters, rubric versions, submissions, calibration, reinstatements and every read with
    /// its history and id, read in one transaction.
    ///
    /// - Parameter path: an empty file made for it; the caller puts it in place once written.
    public func exportStore(intoEmptyFile path: String) throws -> StoreMergeSummary {
        try checkMayMoveStore("export the store")
        return try SQLiteStore.write(store.contents(), intoEmptyFile: path, at: now())
    }

    /// Moves a SQLite store's contents onto this store (`import store`, SPEC 12), all or
    /// nothing: rosters, rubric versions, submissions and sessions must agree with what is here
    /// (every disagreement is listed, and nothing changes); reads are replayed in the order
    /// they were recorded, those already here skipped and those that differ from a current
    /// read recorded as its correction. The file is only read.
    ///
    /// - Parameters:
    ///   - path: the store file to import.
    ///   - name: how messages name it.
    public func importStore(path: String, name: String) throws -> StoreMergeSummary {
        try checkMayMoveStore("import a store")
        if let file = store.file, Self.sameFile(path, file) {
            throw ServiceError("cannot import \(Quoting.visible(name, limit: 1000)): it is the store ScoreBench has open; there is nothing to move")
        }
        // The file is closed as soon as it is read.
        let contents = try SQLiteStore.openForReading(path: path).contents()
        // A rubric file loaded here must mean what the file's scores under its version meant.
        var loaded: [RubricVersionKey: String] = [:]
        for rubric in bank.rubrics.values { loaded[RubricVersionKey(rubric: rubric.id, version: rubric.version)] = rubric.canonicalForm }
        do {
            return try store.merge(contents, loadedRubrics: loaded, at: now())
        } catch let error as StoreError where !error.details.isEmpty {
            throw ServiceError("\(Quoting.visible(name, limit: 1000)): \(error.message)", details: error.details)
        }
    }

    /// Whether two paths name one file (the same device and inode).
    private static func sameFile(_ first: String, _ second: String) -> Bool {
        var a = stat(), b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }
}
