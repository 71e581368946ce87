@testable import EventStore
import StanceDomain
import Testing

/// ``KeySpans`` answers as the dictionary it replaces would, dense ids or not.
@Suite("Key spans")
struct KeySpansTests {
    @Test("The same answers as a dictionary, for dense, sparse and negative ids", arguments: [1, 2, 3, 4])
    func sameAsDictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let count = Int.random(in: 0...300, using: &random)
        // Dense ids, ids twice as spread, ids from -5 (damage), and ids anywhere.
        let range: ClosedRange<Int64> = [0...Int64(count), 0...(2 * Int64(count) + 2000), -5...Int64(count), Int64.min...Int64.max][Int(seed) - 1]
        var spans: [KeySpans.Span] = []
        var dictionary: [Int64: (start: Int, end: Int)] = [:]
        var offset = 0
        for _ in 0..<count {
            let id = Int64.random(in: range, using: &random)
            let length = Int.random(in: 0...40, using: &random)
            spans.append((id, offset, offset + length))
            dictionary[id] = (offset, offset + length)
            offset += length
        }
        let keys = KeySpans(spans)
        let probes = spans.map(\.id) + [-1, 0, Int64.max, Int64.min] + (0..<50).map { _ in Int64.random(in: -10...(Int64(count) * 5 + 3000), using: &random) }
        for id in probes {
            #expect(keys[id].map { [$0.start, $0.end] } == dictionary[id].map { [$0.start, $0.end] }, "id \(id)")
        }
    }
}
