@testable import EventStore
import StanceDomain
import Testing

/// ``SipHash`` against the reference implementation's vectors, and ``MultisetDigest`` as a
/// multiset: order free, counting repeats, additive over parts.
@Suite("SipHash and the multiset digest")
struct SipHashTests {
    /// SipHash-2-4-128 of the bytes 0, 1, … n-1 under the key 0, 1, … 15, from the vectors
    /// of the reference implementation (github.com/veorq/SipHash, vectors.h, vectors_sip128).
    static let vectors: [(Int, [UInt8])] = [
        (0, [0xa3, 0x81, 0x7f, 0x04, 0xba, 0x25, 0xa8, 0xe6, 0x6d, 0xf6, 0x72, 0x14, 0xc7, 0x55, 0x02, 0x93]),
        (1, [0xda, 0x87, 0xc1, 0xd8, 0x6b, 0x99, 0xaf, 0x44, 0x34, 0x76, 0x59, 0x11, 0x9b, 0x22, 0xfc, 0x45]),
        (7, [0xa1, 0xf1, 0xeb, 0xbe, 0xd8, 0xdb, 0xc1, 0x53, 0xc0, 0xb8, 0x4a, 0xa6, 0x1f, 0xf0, 0x82, 0x39]),
        (8, [0x3b, 0x62, 0xa9, 0xba, 0x62, 0x58, 0xf5, 0x61, 0x0f, 0x83, 0xe2, 0x64, 0xf3, 0x14, 0x97, 0xb4]),
        (15, [0x54, 0x93, 0xe9, 0x99, 0x33, 0xb0, 0xa8, 0x11, 0x7e, 0x08, 0xec, 0x0f, 0x97, 0xcf, 0xc3, 0xd9]),
        (16, [0x6e, 0xe2, 0xa4, 0xca, 0x67, 0xb0, 0x54, 0xbb, 0xfd, 0x33, 0x15, 0xbf, 0x85, 0x23, 0x05, 0x77]),
        (63, [0x51, 0x50, 0xd1, 0x77, 0x2f, 0x50, 0x83, 0x4a, 0x50, 0x3e, 0x06, 0x9a, 0x97, 0x3f, 0xbd, 0x7c]),
    ]

    @Test("SipHash-2-4-128 gives the reference vectors", arguments: vectors)
    func referenceVectors(_ length: Int, _ expected: [UInt8]) {
        let hash = SipHash(key: (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908))
        let input = (0..<length).map { UInt8($0) }
        let (low, high) = input.withUnsafeBytes { hash.hash128($0) }
        let bytes = withUnsafeBytes(of: (low.littleEndian, high.littleEndian)) { Array($0) }
        #expect(bytes == expected)
    }

    private func digest(_ strings: [String]) -> MultisetDigest {
        var digest = MultisetDigest()
        for string in strings { Array(string.utf8).withUnsafeBytes { digest.add($0) } }
        return digest
    }

    @Test("Equal for the same strings in any order; a repeat, a change or a missing string differs")
    func multiset() {
        var generator = SplitMix64(seed: 11)
        let strings = (0..<500).map { "key:\($0 % 97)>\(UInt64.random(in: 0...9, using: &generator))" }
        let whole = digest(strings)
        #expect(digest(strings.shuffled(using: &generator)) == whole)
        #expect(whole.count == 500)
        #expect(digest(strings + [strings[0]]) != whole)
        #expect(digest(Array(strings.dropLast())) != whole)
        var changed = strings
        changed[250] += "x"
        #expect(digest(changed) != whole)
        // Two strings swapped for two others with the same bytes in all: still caught.
        #expect(digest(["ab", "cd"]) != digest(["ad", "cb"]))
    }

    @Test("The digests of parts merge to the digest of the whole")
    func merge() {
        let strings = (0..<300).map { "pair:actor-\($0)>actor-\($0 * 7 % 300)" }
        var merged = digest(Array(strings[..<100]))
        merged.merge(digest(Array(strings[100..<250])))
        merged.merge(digest(Array(strings[250...])))
        #expect(merged == digest(strings))
        #expect(merged.count == 300)
    }
}
