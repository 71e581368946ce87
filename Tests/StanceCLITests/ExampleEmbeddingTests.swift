import Foundation
import Testing

/// `stance demo` carries the example inside the binary; this keeps the copy honest.
@Suite struct ExampleEmbeddingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedExampleMatchesTheExampleFile() throws {
        let example = try String(contentsOf: Self.root.appendingPathComponent("examples/bolivia-2019.ndjson"), encoding: .utf8)
        let source = try String(contentsOf: Self.root.appendingPathComponent("Sources/stance/BoliviaExample.swift"), encoding: .utf8)
        let start = try #require(source.range(of: "#\"\"\"\n"))
        let end = try #require(source.range(of: "\"\"\"#", options: .backwards))
        let embedded = String(source[start.upperBound..<end.lowerBound])
        #expect(embedded == example, "Sources/stance/BoliviaExample.swift is stale: run scripts/embed-example.sh")
    }
}
