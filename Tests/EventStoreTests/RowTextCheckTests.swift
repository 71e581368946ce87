import Foundation
import StanceDomain
import Testing

@testable import EventStore

/// The byte checks a page read makes of every row before it copies it as it is: whether text
/// reads back through GRDB as the same bytes, and whether an id is in the store's spelling.
/// Each is held to the plain reading it stands in for, on seeded byte strings whose odd bytes
/// fall on every offset of the 16- and 8-byte blocks.
@Suite("Row text checks")
struct RowTextCheckTests {
    /// Bytes that make text not read back, or that look like it might not: NUL, a lone high
    /// byte, the start of a two-byte sequence, a valid é, a valid 4-byte emoji, DEL.
    static let odd: [[UInt8]] = [[0x00], [0x80], [0xC3], [0xC3, 0xA9], [0xF0, 0x9F, 0x98, 0x80], [0x7F], [0xFF]]

    @Test("readsBack is true exactly for valid UTF-8 without NUL", arguments: 1...8)
    func readsBackAgreesWithValidation(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<600 {
            var text = (0..<Int.random(in: 0...70, using: &random)).map { _ in UInt8.random(in: 0x20...0x7E, using: &random) }
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let at = Int.random(in: 0...text.count, using: &random)
                text.insert(contentsOf: Self.odd.randomElement(using: &random)!, at: at)
            }
            let expected = !text.contains(0) && String(validating: text, as: UTF8.self) != nil
            let found = text.withUnsafeBytes { SQLiteEventStore.readsBack($0) }
            #expect(found == expected, "\(text)")
        }
    }

    @Test func anOddByteIsFoundAtEveryOffsetOfALongText() {
        for length in [15, 16, 17, 31, 32, 33, 64] {
            for offset in 0..<length {
                for odd in Self.odd {
                    var text = [UInt8](repeating: 0x61, count: length)
                    text.replaceSubrange(offset..<offset + 1, with: odd)
                    let expected = !text.contains(0) && String(validating: text, as: UTF8.self) != nil
                    #expect(text.withUnsafeBytes { SQLiteEventStore.readsBack($0) } == expected, "\(length) \(offset) \(odd)")
                }
            }
        }
    }

    @Test func anIDIsParsedFromItsCanonicalSpellingOnly() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<300 {
            let id = UUID(uuid: (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }.withUnsafeBytes { $0.loadUnaligned(as: uuid_t.self) })
            let canonical = Array(id.uuidString.lowercased().utf8)
            #expect(canonical.withUnsafeBytes { UUID(canonicalBytes: $0) } == id)
            // Any one byte changed to something else than a lowercase hex digit is refused;
            // an uppercase digit too, since the store spells ids in lowercase.
            let at = Int.random(in: 0..<36, using: &random)
            var changed = canonical
            changed[at] = [UInt8(ascii: "g"), UInt8(ascii: "A"), UInt8(ascii: "-"), 0, 0xFF].randomElement(using: &random)!
            if changed[at] == canonical[at] { continue }
            #expect(changed.withUnsafeBytes { UUID(canonicalBytes: $0) } == nil, "\(String(decoding: changed, as: UTF8.self))")
        }
        #expect(Array("953aeb70-673e-49cb-b3d3-3b666a1e21d".utf8).withUnsafeBytes { UUID(canonicalBytes: $0) } == nil)
    }
}
