extension PayloadDecoder {
    /// The `recordedBy` of an event's metadata, read straight from its bytes: what a question
    /// shows of the metadata, for each of the hundreds of events it reads, where building the
    /// whole JSON tree cost about a microsecond each.
    ///
    /// Returns `.some(name)`, or `.some(nil)` without one, when the metadata is a flat object
    /// of distinct plain-ASCII keys holding plain-ASCII strings, which it fully checks (the
    /// metadata stance writes); nil, for anything else, valid or not, when the general parser
    /// must decide.
    ///
    /// ```swift
    /// let recordedBy = PayloadDecoder.recordedBy(metadata: bytes) ?? generalReading(bytes)
    /// ```
    public static func recordedBy(metadata: UnsafeBufferPointer<UInt8>) -> String?? {
        var parser = JSONByteParser(bytes: metadata, maxDepth: 64)
        var keys: [UnsafeBufferPointer<UInt8>] = []
        var found: String?
        parser.skipWhitespace()
        guard parser.next(is: "{") else { return nil }
        parser.skipWhitespace()
        if !parser.next(is: "}") {
            while true {
                parser.skipWhitespace()
                guard parser.at("\""), let key = parser.plainString(), !keys.contains(where: { $0.elementsEqual(key) }) else { return nil }
                keys.append(key)
                parser.skipWhitespace()
                guard parser.next(is: ":") else { return nil }
                parser.skipWhitespace()
                guard parser.at("\""), let value = parser.plainString() else { return nil }
                if key.elementsEqual("recordedBy".utf8) { found = String(decoding: value, as: UTF8.self) }
                parser.skipWhitespace()
                if parser.next(is: ",") { continue }
                guard parser.next(is: "}") else { return nil }
                break
            }
        }
        parser.skipWhitespace()
        guard parser.position == parser.end else { return nil }
        return .some(found)
    }
}
