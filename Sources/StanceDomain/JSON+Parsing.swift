extension JSON {
    /// Parses exactly one strict RFC 8259 document from UTF-8 bytes.
    ///
    ///     let line: [UInt8] = Array(#"{"actor":"a-17","stance":-1}"#.utf8)
    ///     let event = try JSON.parse(line)
    ///
    /// Rejected, each with a ``JSONParseError`` naming the byte offset: trailing commas,
    /// comments, `NaN`/`Infinity`, single quotes, leading zeros, unescaped control characters,
    /// unpaired surrogate escapes, ill-formed UTF-8 anywhere, duplicate keys, numbers beyond
    /// Double's range, and nesting deeper than `maxDepth` arrays and objects.
    ///
    /// The parser recurses once per nesting level, and so do equality, hashing, writing and
    /// destruction of the value it returns, so `maxDepth` is what keeps hostile input from
    /// overflowing the stack: raise it only as far as real documents need. (Measured: a debug
    /// build needs about 2 KB of stack per level, so 4,000 levels overflow an 8 MB thread;
    /// an optimized build handles 8,000 easily.) Objects with many keys cost linear time.
    @inlinable
    public static func parse(
        _ bytes: some Collection<UInt8>, maxDepth: Int = 64
    ) throws(JSONParseError) -> JSON {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            parseResult(buffer, maxDepth: maxDepth)
        }
        if let result {
            return try result.get()
        }
        return try Array(bytes).withUnsafeBufferPointer { buffer in
            parseResult(buffer, maxDepth: maxDepth)
        }.get()
    }

    /// Parses exactly one strict RFC 8259 document from a string's UTF-8 form.
    ///
    ///     let stance = try JSON.parse(#"{"issue":"tax","stance":-1}"#)
    public static func parse(_ string: String, maxDepth: Int = 64) throws(JSONParseError) -> JSON {
        var string = string
        return try string.withUTF8 { buffer in
            parseResult(buffer, maxDepth: maxDepth)
        }.get()
    }

    // A Result rather than typed throws: the buffer-access closures only rethrow `any Error`.
    @usableFromInline
    static func parseResult(
        _ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int
    ) -> Result<JSON, JSONParseError> {
        var parser = JSONByteParser(bytes: buffer, maxDepth: max(0, maxDepth))
        do {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}
