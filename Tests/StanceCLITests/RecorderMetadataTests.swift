import Foundation
import Testing

/// A line's own `recordedBy` is stored byte for byte, even when it is canonically equivalent
/// to `--recorded-by` (the batch's metadata is encoded once and reused only for the same bytes).
@Suite("Import: each line's recorder kept as written")
struct RecorderMetadataTests {
    @Test("a line's recordedBy in NFD survives an import with --recorded-by in NFC")
    func lineRecorderKeptByteForByte() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("original.sqlite")
        let export = try sandbox.run("--db", "original.sqlite", "events", "--format", "ndjson")
        Expect.success(export)
        let nfd = "Jose\u{301}", nfc = "Jos\u{E9}"
        #expect(Array(nfd.utf8) != Array(nfc.utf8))
        // Every line says it was recorded by the NFD spelling.
        let lines = export.stdout.split(separator: "\n").map { line -> String in
            var object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            object["recordedBy"] = nfd
            return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let input = try sandbox.write("in.ndjson", lines.joined(separator: "\n") + "\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)).range(of: Data(nfd.utf8)) != nil, "the input carries the NFD bytes")
        try sandbox.store("copy.sqlite", timezone: "America/La_Paz")
        Expect.success(try sandbox.run("--db", "copy.sqlite", "import", "in.ndjson", "--recorded-by", nfc))
        let out = try sandbox.run("--db", "copy.sqlite", "events", "--format", "ndjson")
        Expect.success(out)
        let data = out.stdoutData
        #expect(data.range(of: Data("\"recordedBy\":\"\(nfd)\"".utf8)) != nil, "the line's own spelling is kept")
        #expect(data.range(of: Data("\"recordedBy\":\"\(nfc)\"".utf8)) == nil, "the batch's spelling replaced the line's")
    }
}
