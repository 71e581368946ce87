import Foundation
import StanceDomain
import Testing

/// The quick reading of `recordedBy` may leave any metadata to the general parser, but what it
/// reads must be what the general parser reads.
@Suite("PayloadDecoder reads recordedBy as the general parser does")
struct MetadataDecoderTests {
    func quick(_ metadata: String) -> String?? {
        var metadata = metadata
        return metadata.withUTF8 { PayloadDecoder.recordedBy(metadata: $0) }
    }

    func general(_ metadata: String) -> String? {
        (try? JSON.parse(metadata))?["recordedBy"]?.stringValue
    }

    @Test("the metadata stance writes is read quickly, and as the general parser reads it")
    func plainMetadata() {
        let cases: [(String, String?)] = [
            (#"{"recordedBy":"bench","batch":"f3607d4d-f75a-4a44-9ba9-9d1e769b71a5"}"#, "bench"),
            (#"{"batch":"b","recordedBy":"ana"}"#, "ana"),
            (#" { "recordedBy" : "ana" } "#, "ana"),
            (#"{"batch":"b"}"#, nil),
            ("{}", nil),
            (#"{"recordedBy":""}"#, ""),
        ]
        for (metadata, expected) in cases {
            #expect(quick(metadata) == .some(expected), "\(metadata)")
            #expect(general(metadata) == expected, "\(metadata)")
        }
    }

    @Test("anything else is left to the general parser", arguments: [
        #"{"recordedBy":"Jos\u00e9"}"#, "{\"recordedBy\":\"José\"}", #"{"recordedBy":1}"#, #"{"recordedBy":null}"#,
        #"{"recordedBy":"a","recordedBy":"b"}"#, #"{"n":{"recordedBy":"a"}}"#, #"{"recordedBy":"a"} x"#,
        #"{"recordedBy":"a",}"#, #"["recordedBy"]"#, "", "{", #"{"recordedBy":"a\u0000"}"#, "{\"recordedBy\":\"a\tb\"}",
    ])
    func leftToTheGeneralParser(metadata: String) {
        #expect(quick(metadata) == nil, "\(metadata)")
    }

    @Test("random metadata: whatever is read quickly is what the general parser reads")
    func randomMetadata() {
        var random = SplitMix64(seed: 11)
        let pieces = ["{", "}", "\"recordedBy\"", "\"batch\"", ":", ",", "\"ana\"", "\"b\\\"c\"", " ", "1", "null", "\"é\""]
        for _ in 0..<5000 {
            let metadata = (0..<Int(random.next() % 9)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            if let read = quick(metadata) {
                #expect(read == general(metadata) && (try? JSON.parse(metadata)) != nil, "\(metadata)")
            }
        }
    }
}
