@testable import EventStore
import Foundation
import StanceDomain
import Testing

/// A page's bytes live in a buffer of its own kind (``PageBytes``): it must keep every byte
/// through its growth, and pages that share one must still behave as values.
@Suite("Page bytes")
struct PageBytesTests {
    @Test("appends through many doublings read back as an array built alongside", arguments: 1...4)
    func growthKeepsEveryByte(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let buffer = PageBytes(capacity: 0)
        var expected: [UInt8] = []
        for _ in 0..<400 {
            let chunk = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            buffer.reserve(chunk.count)
            chunk.withUnsafeBytes { buffer.append($0) }
            expected += chunk
        }
        #expect(buffer.count == expected.count)
        #expect(buffer.withBuffer { Array($0) } == expected)
        #expect(buffer.copy().withBuffer { Array($0) } == expected)
    }

    @Test("a copy of a page changes alone")
    func copiesOfAPageAreValues() {
        var original = RawEventPageTests.page([(1, nil), (2, nil)])
        let before = original.byteCount
        var copy = original
        copy.append(RawEventPageTests.makeRecorded(seq: 3))
        #expect(original.byteCount == before && original.count == 2)
        #expect(copy.count == 3 && copy.byteCount > before)
        #expect(copy.text(2, .payload) == "{\"n\":3}")
        original.append(RawEventPageTests.makeRecorded(seq: 9))
        #expect(original.text(2, .payload) == "{\"n\":9}")
        #expect(copy.text(2, .payload) == "{\"n\":3}")
    }

    @Test("a page takes in a copy of itself, which shares its buffer")
    func absorbingItsOwnCopy() {
        var page = RawEventPageTests.page([(1, nil), (2, "bad id"), (3, nil)])
        let same = page
        page.absorb(same)
        #expect(page.count == 6)
        #expect(page.byteCount == 2 * same.byteCount)
        #expect(page.indices.map { page.unreadable($0) } == [nil, "bad id", nil, nil, "bad id", nil])
        #expect(page.text(3, .payload) == "{\"n\":1}" && page.text(5, .payload) == "{\"n\":3}")
        #expect(same.count == 3 && same.text(2, .payload) == "{\"n\":3}")
    }
}
