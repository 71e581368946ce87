/// A String compared by its UTF-8 bytes, as SQLite compares text, rather than by Unicode
/// canonical equivalence as Swift compares Strings: two spellings of "café" (one é, or e and a
/// combining accent) are two streams and two keys in the store, so they are two here too.
///
/// ```swift
/// var ids: [ExactText: Int64] = [:]
/// ids[ExactText("name:caf\u{E9}")] = 1
/// ids[ExactText("name:cafe\u{301}")]   // nil, though the two Strings are ==
/// ```
struct ExactText: Hashable {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }
}
