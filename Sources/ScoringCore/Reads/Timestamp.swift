/// A moment in UTC to the second: when a read was given or recorded.
///
/// Stored and printed as ISO 8601 (`2026-10-05T14:03:00Z`), whose text order is time order.
/// Parsing and formatting are hand-written because a statewide import converts a million of
/// them and Foundation's formatters cost microseconds each.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64

    public init(seconds: Int64) {
        self.seconds = seconds
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var description: String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Timestamp.civil(fromDays: days)
        guard (0...9999).contains(year) else { return "\(year)-\(month)-\(day)T\(secondOfDay)s" }
        // Digits written straight into a fixed buffer: exports and imports format a lot of these.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
                    value /= 10
                }
            }
            put(Int(year), 4, at: 0)
            buffer[4] = 0x2D
            put(month, 2, at: 5)
            buffer[7] = 0x2D
            put(day, 2, at: 8)
            buffer[10] = 0x54
            put(secondOfDay / 3600, 2, at: 11)
            buffer[13] = 0x3A
            put(secondOfDay / 60 % 60, 2, at: 14)
            buffer[16] = 0x3A
            put(secondOfDay % 60, 2, at: 17)
            buffer[19] = 0x5A
            return 20
        }
    }

    /// Parses ISO 8601 date-times as spreadsheets and scripts write them, with their time zone:
    /// `2026-10-05T14:03:00Z`, `…T14:03:00.250+02:00`, `…T14:03Z`, `2026-10-05 14:03:00-04:00`, or
    /// a bare date `2026-10-05` (midnight UTC). A time of day without `Z` or an offset is refused,
    /// not guessed: the same clock reading is a different moment in every time zone. Fractions
    /// of a second are dropped.
    ///
    /// - Returns: nil when `text` is not such a date-time, lacks a time zone, or names an
    ///   impossible date; `problem(with:)` says which.
    public init?(iso8601 text: some StringProtocol) {
        var text = String(text)
        guard case .moment(let seconds) = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.seconds = seconds
    }

    /// `init(iso8601:)` over UTF-8 bytes, for scans that never make a string of the text.
    public init?(iso8601UTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard case .moment(let seconds) = Self.parse(bytes) else { return nil }
        self.seconds = seconds
    }

    /// Why `text` is not a date-time `init(iso8601:)` takes, as the end of a sentence naming it
    /// (`--at '…' ` + this); nil when it is one.
    public static func problem(with text: String) -> String? {
        var text = text
        switch text.withUTF8({ parse($0) }) {
        case .moment: return nil
        case .withoutZone: return "has no time zone; add Z for UTC or an offset such as -04:00 (2026-10-05T14:03:00-04:00)"
        case .invalid: return "is not an ISO 8601 date-time such as 2026-10-05T14:03:00Z"
        }
    }

    private enum Parsed {
        case moment(Int64)
        case withoutZone
        case invalid
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed {
        guard let seconds = parseMoment(bytes) else { return .invalid }
        return seconds.zoned ? .moment(seconds.value) : .withoutZone
    }

    private static func parseMoment(_ bytes: UnsafeBufferPointer<UInt8>) -> (value: Int64, zoned: Bool)? {
        var parser = Scanner(bytes)
        guard let year = parser.digits(4), parser.skip(0x2D), let month = parser.digits(2), parser.skip(0x2D),
            let day = parser.digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Timestamp.daysIn(month: month, year: year) else { return nil }
        var secondOfDay: Int64 = 0
        var offset: Int64 = 0
        var zoned = true
        if !parser.atEnd {
            guard parser.skip(0x54) || parser.skip(0x74) || parser.skip(0x20),
                let hour = parser.digits(2), parser.skip(0x3A), let minute = parser.digits(2)
            else { return nil }
            var second: Int64 = 0
            if parser.skip(0x3A) {
                guard let value = parser.digits(2) else { return nil }
                second = value
                if parser.skip(0x2E) || parser.skip(0x2C) {
                    guard parser.skipDigits() else { return nil }
                }
            }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            secondOfDay = hour * 3600 + minute * 60 + second
            if parser.skip(0x5A) || parser.skip(0x7A) {
                // UTC
            } else if let sign = parser.sign() {
                guard let offsetHours = parser.digits(2) else { return nil }
                _ = parser.skip(0x3A)
                guard let offsetMinutes = parser.digits(2), offsetHours < 24, offsetMinutes < 60 else { return nil }
                offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
            } else {
                zoned = false
            }
        }
        guard parser.atEnd else { return nil }
        return (Timestamp.days(year: year, month: month, day: day) * 86_400 + secondOfDay - offset, zoned)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += count
            return value
        }

        mutating func skipDigits() -> Bool {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index > start
        }

        mutating func sign() -> Int64? {
            if skip(0x2B) { return 1 }
            if skip(0x2D) { return -1 }
            return nil
        }
    }
}
