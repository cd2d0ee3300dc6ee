import Foundation
import ScoringCore

/// What a store lends an import that writes reads while its file is still being parsed, all in
/// one write transaction (`RecordsWhileParsing`).
protocol ImportWriter {
    /// Records new reads, in order: the store held no reads when the transaction began, so
    /// each is new.
    func record(_ reads: [Read]) throws
    /// Whether each student and rater id is on the roster.
    func onRoster(students: [String], raters: [String]) throws -> (students: [Bool], raters: [Bool])
    /// Adds students and raters to the rosters.
    func add(_ additions: RosterAdditions) throws
    /// What takes the reads as the parser holds them, on the parsing thread, if the writer
    /// writes them so; otherwise they come to `record`.
    var sink: (any ParsedReadSink)? { get }
}

extension ImportWriter {
    var sink: (any ParsedReadSink)? { nil }
}

/// A writer that takes each whole read as the parser holds it (`ScoresFileParser.sink`), on
/// the parsing thread while the parser waits: no `Read` is made for it.
protocol ParsedReadSink: AnyObject {
    /// Whether it also takes every student id of the file, each as the parser first meets it
    /// (before any read that names it is handed out, and the rest once the file is parsed).
    var takesStudents: Bool { get }
    func take(_ read: ScoresFileParser.ParsedRead, of parser: borrowing ScoresFileParser) throws
    func takeStudent(_ id: Int32, of parser: borrowing ScoresFileParser) throws
}

/// A store that can record a first load while its file is parsed, on a second core: a
/// statewide file's parse then costs no time of its own.
protocol RecordsWhileParsing {
    /// Runs `body` in one write transaction, which commits when it returns and rolls back when
    /// it throws; returns false without running it when the store cannot take reads this way
    /// (it holds reads already, or a rubric version the import might use was saved with other
    /// content, which the usual path reports after the file's own problems). `addingMissing`:
    /// the import adds the students and raters its rosters lack.
    func recordingWhileParsing(
        rubrics: [String: Rubric], at time: Timestamp, addingMissing: Bool, _ body: (any ImportWriter) throws -> Void
    ) throws -> Bool
}

extension RecordsWhileParsing {
    /// Whether a rubric version saved in the store (`snapshots`) differs from the rubric of the
    /// same id and version given: such an import goes the usual way, which reports it.
    static func anySavedVersionDiffers(_ snapshots: [RubricVersionKey: String], from rubrics: [String: Rubric]) -> Bool {
        snapshots.contains { key, canonical in
            guard let rubric = rubrics[key.rubric], rubric.version == key.version else { return false }
            return rubric.canonicalForm != canonical
        }
    }
}

/// What `BatchChannel.put` throws once the taking side went away.
struct ChannelCancelled: Error {}

/// The batches of reads from the parsing thread to the one that records them.
typealias ReadChannel = BatchChannel<[Read]>

/// Thrown inside `recordingWhileParsing` to roll it back and import the usual way: a read the
/// caller's check must look at the store for, which it cannot do inside the transaction.
struct ImportTheUsualWay: Error {}

/// Batches (of reads, of rows) from one thread to another, at most `capacity` waiting.
final class BatchChannel<Batch>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private let capacity: Int
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room, then adds a batch; throws `ChannelCancelled` once the reader went away.
    func put(_ batch: Batch) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity, !cancelled { condition.wait() }
        if cancelled { throw ChannelCancelled() }
        batches.append(batch)
        condition.broadcast()
    }

    /// The next batch; nil once the writer finished and every batch was taken. Rethrows what
    /// the writer failed with.
    func take() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, !finished { condition.wait() }
        if let failure { throw failure }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    /// The writer is done, or failed.
    func finish(throwing error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The reader is done: a writer waiting for room, or putting more, is told so.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// A parse run on a thread of its own. The parser and the file belong to that thread until
/// `join` returns, and to the caller after.
final class ParseJob: @unchecked Sendable {
    private var parser: ScoresFileParser?
    private let file: ImportBytes
    private let bytes: UnsafeBufferPointer<UInt8>
    private let done = DispatchSemaphore(value: 0)

    init(_ parser: ScoresFileParser, file: ImportBytes, bytes: UnsafeBufferPointer<UInt8>) {
        self.parser = parser
        self.file = file
        self.bytes = bytes
    }

    /// Parses on a new thread, handing whole reads to `sink` as they come, or without one to
    /// `channel`; `channel` is finished when the parse ends, with what it threw.
    func start(into channel: ReadChannel, sink: (any ParsedReadSink)?) {
        if let sink { parser?.sink = sink } else { parser?.stream = { try channel.put($0) } }
        let thread = Thread { [self] in
            do {
                try parser?.parse(bytes) { self.file.release(upTo: $0) }
                channel.finish(throwing: nil)
            } catch {
                channel.finish(throwing: error)
            }
            parser?.stream = nil
            parser?.sink = nil
            done.signal()
        }
        thread.stackSize = 1 << 23
        thread.start()
    }

    func join() { done.wait() }

    /// The parser, once `join` returned. The job lets go of it, so that it is the only copy
    /// (settling a statewide file's reads in a second copy took 128 MB at ten million rows).
    func takeParser() -> ScoresFileParser {
        let parser = self.parser!
        self.parser = nil
        return parser
    }
}
