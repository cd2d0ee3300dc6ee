import Foundation
import ScoringCore

extension TaskReads {
    /// Builds `TaskReads` from rows as a scan reads them, field by field as UTF-8 bytes, with
    /// no per-row objects: both engines' scans feed it, so they intern and decode alike.
    ///
    /// Rows must come in the order `TaskReads` describes (by component, then student): a
    /// repeated student or component then costs a comparison, not a lookup.
    struct Builder {
        private var students = ByteInterner(capacity: 1024)
        private var raters = ByteInterner(capacity: 64)
        private var components = ByteInterner()
        private var criteria = ByteInterner()
        private var studentNames: [String] = []
        private var previousStudent: [UInt8] = []
        private var previousComponent: [UInt8] = []
        /// The criterion ids of the last read decoded, by position, with their indexes: reads of
        /// a task list the same criteria in the same order, so a comparison usually replaces a
        /// lookup.
        private var recentCriteria: [[UInt8]] = []
        private var recentCriterionIndexes: [Int32] = []
        private var result = TaskReads()

        /// How many rows the scan will give (at most), if known: the columns are sized once, not
        /// grown by doubling (which at millions of reads holds the old and the new array at once).
        private var expected = 0

        init(expected: Int = 0) {
            self.expected = expected
            guard expected > 0 else { return }
            result.student.reserveCapacity(expected)
            result.component.reserveCapacity(expected)
            result.rater.reserveCapacity(expected)
            result.kind.reserveCapacity(expected)
            result.scoredAt.reserveCapacity(expected)
            result.code.reserveCapacity(expected)
            result.scoreStart.reserveCapacity(expected + 1)
        }

        /// The rows appended so far.
        var count: Int { result.student.count }

        /// Appends one read. `scores` is the store's encoding (`claim=3;evidence=2`), `scoredAt`
        /// ISO 8601 text, and `code` empty when the read has none.
        mutating func append(
            student: UnsafeBufferPointer<UInt8>, component: UnsafeBufferPointer<UInt8>, rater: UnsafeBufferPointer<UInt8>,
            kind: UnsafeBufferPointer<UInt8>, scores: UnsafeBufferPointer<UInt8>, scoredAt: UnsafeBufferPointer<UInt8>,
            code: UnsafeBufferPointer<UInt8>
        ) {
            let known = students.count
            result.student.append(Self.intern(student, in: &students, previous: &previousStudent, last: result.student.last))
            // Named as they come, on the thread that decodes: not all at once when the scan ends.
            if students.count > known { studentNames.append(students.string(Int32(known)) ?? "") }
            result.component.append(Self.intern(component, in: &components, previous: &previousComponent, last: result.component.last))
            result.rater.append(raters.intern(rater))
            result.kind.append(Self.kind(kind))
            decodeScores(scores)
            if result.student.count == 1, expected > 1 {
                // Reads of a task score the same criteria: the first tells how many to expect.
                let perRead = result.scoreValue.count
                result.scoreCriterion.reserveCapacity(perRead * expected)
                result.scoreValue.reserveCapacity(perRead * expected)
            }
            result.scoredAt.append(Timestamp(iso8601UTF8: scoredAt) ?? Timestamp(seconds: 0))
            result.code.append(code.isEmpty ? nil : ConditionCode(rawValue: String(decoding: code, as: UTF8.self)))
        }

        /// The reads appended, with their ids.
        mutating func finish() -> TaskReads {
            result.students = studentNames
            result.raters = raters.strings()
            result.components = components.strings()
            result.criteria = criteria.strings()
            return result
        }

        /// `bytes` interned, reusing `last` when they equal the previous row's (kept in `previous`).
        private static func intern(
            _ bytes: UnsafeBufferPointer<UInt8>, in interner: inout ByteInterner, previous: inout [UInt8], last: Int32?
        ) -> Int32 {
            if let last, previous.count == bytes.count,
                previous.withUnsafeBufferPointer({ $0.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
            {
                return last
            }
            previous.removeAll(keepingCapacity: true)
            previous.append(contentsOf: bytes)
            return interner.intern(bytes)
        }

        private static let kinds: [(bytes: [UInt8], kind: ReadKind)] = ReadKind.allCases.map { (Array($0.rawValue.utf8), $0) }

        private static func kind(_ bytes: UnsafeBufferPointer<UInt8>) -> ReadKind {
            kinds.first { $0.bytes.elementsEqual(bytes) }?.kind ?? .read
        }

        /// Decodes `claim=3;evidence=2` (the store's encoding) without making strings.
        private mutating func decodeScores(_ bytes: UnsafeBufferPointer<UInt8>) {
            var start = 0
            var position = 0
            while start < bytes.count {
                var equals = start
                while equals < bytes.count, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                var end = equals
                while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
                if equals < end {
                    let name = UnsafeBufferPointer(rebasing: bytes[start..<equals])
                    var value: Int32 = 0
                    var negative = false
                    var index = equals + 1
                    if index < end, bytes[index] == UInt8(ascii: "-") {
                        negative = true
                        index += 1
                    }
                    while index < end {
                        value = value &* 10 &+ Int32(bytes[index] &- UInt8(ascii: "0"))
                        index += 1
                    }
                    result.scoreCriterion.append(Int16(truncatingIfNeeded: criterionIndex(name, at: position)))
                    result.scoreValue.append(negative ? 0 &- value : value)
                    position += 1
                }
                start = end + 1
            }
            result.scoreStart.append(Int32(result.scoreValue.count))
        }

        /// The index of criterion id `name`, the `position`th of its read.
        private mutating func criterionIndex(_ name: UnsafeBufferPointer<UInt8>, at position: Int) -> Int32 {
            if position < recentCriteria.count {
                let same = recentCriteria[position].withUnsafeBufferPointer { recent in
                    recent.count == name.count && (name.isEmpty || memcmp(recent.baseAddress!, name.baseAddress!, name.count) == 0)
                }
                if same { return recentCriterionIndexes[position] }
            } else {
                recentCriteria.append([])
                recentCriterionIndexes.append(0)
            }
            let index = criteria.intern(name)
            recentCriteria[position].removeAll(keepingCapacity: true)
            recentCriteria[position].append(contentsOf: name)
            recentCriterionIndexes[position] = index
            return index
        }
    }
}
