extension String {
    /// `bytes` as text; nil when they are not valid UTF-8 or hold a NUL byte, which no id, note
    /// or time of ScoreBench may hold.
    ///
    /// ASCII, as ids and times nearly always are, is valid as it is and only copied: the
    /// standard library's validation is generic, and looks its types up at run time each
    /// call, a tenth of a statewide file's parse when it was used for every new value.
    public init?(text bytes: UnsafeBufferPointer<UInt8>) {
        var ascii = true
        for byte in bytes {
            if byte == 0 { return nil }
            if byte >= 0x80 { ascii = false }
        }
        if ascii {
            self = String(decoding: bytes, as: UTF8.self)
        } else {
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            self = text
        }
    }
}
