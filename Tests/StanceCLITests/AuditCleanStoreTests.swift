import Foundation
import Testing

/// `stance audit` on untouched stores, `scripts/verify-chain.py` beside it, and the audit's
/// error paths.
@Suite("Audit: clean stores and errors")
struct AuditCleanStoreTests {
    @Test("The Bolivia example audits clean: 16 events, the head `info` prints, the digests `replay` prints")
    func boliviaIsClean() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let report = try sandbox.audit("b.sqlite")
        #expect(report.result.status == 0, "\(report)")
        #expect(report.result.stderr == "")
        #expect(report.clean == true)
        #expect(report.findings == [])
        #expect(report.summary["events"] as? Int == 16)
        #expect(report.summary["firstSeq"] as? Int == 1)
        #expect(report.summary["lastSeq"] as? Int == 16)
        #expect(report.summary["publishedHeads"] as? Int == 0)
        let head = try sandbox.head("b.sqlite")
        #expect(report.summary["head"] as? String == head)
        #expect(report.digests == (try sandbox.replayDigests("b.sqlite")))
        #expect(Set(report.digests.keys) == ["directory", "positions", "retractions"])
        // A log this small is also replayed whole, and the summary says the two agree.
        #expect(report.summary["fullReplay"] as? String == "agrees")

        // The text format: clean, the same head, and the head accepted as published.
        let text = try sandbox.run("--db", "b.sqlite", "audit", "--expect-head", head)
        Expect.success(text)
        #expect(text.stdout.hasPrefix("Audit of b.sqlite: clean\nsummary:\n  events checked   16, seq 1-16\n  chain head       \(head)\n  published heads  1 checked\n"), "\(text)")
        #expect(text.stdout.contains("\n  full replay      agrees\n"), "\(text)")
        // `info` prints the head as SEQ:HASH, as --expect-head takes it.
        let info = try sandbox.run("--db", "b.sqlite", "info")
        #expect(info.stdout.split(separator: "\n").contains("chain head      \(head)"), "\(info)")
        // Auditing writes nothing.
        let before = try sandbox.snapshot("b.sqlite")
        _ = try sandbox.audit("b.sqlite", ["--expect-head", head])
        #expect(try sandbox.snapshot("b.sqlite") == before)
    }

    @Test("An empty store audits clean with the genesis head")
    func emptyStoreIsClean() throws {
        let sandbox = try Sandbox()
        try sandbox.store("e.sqlite")
        let report = try sandbox.audit("e.sqlite")
        #expect(report.result.status == 0 && report.clean == true && report.findings.isEmpty, "\(report)")
        #expect(report.summary["events"] as? Int == 0)
        #expect(report.summary["head"] as? String == "0:" + String(repeating: "0", count: 64))
        #expect(report.summary["lastSeq"] is NSNull)
        #expect(report.summary["fullReplay"] as? String == "agrees")
    }

    static let verifyChain = StanceBinary.packageRoot.appendingPathComponent("scripts/verify-chain.py").path

    @Test("scripts/verify-chain.py prints the head `stance info` prints, and agrees with the audit on a tampered store",
          .enabled(if: RawStore.hasPython && RawStore.hasSQLite, "needs python3 and sqlite3"))
    func verifyChainAgrees() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let db = sandbox.path("b.sqlite")
        let head = try sandbox.head("b.sqlite")
        let output = try RawStore.tool(RawStore.python3!, [Self.verifyChain, db, "--expect-head", head])
        #expect(output == "16 events checked, head \(head), 0 finding(s)\n")

        try RawStore.tamper(db, sql: "UPDATE events SET payload = replace(payload, 'serious', 'minor') WHERE seq = 9;")
        let tampered = try RawStore.execute(RawStore.python3!, [Self.verifyChain, db])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.hasPrefix("seq 9: hash "), "\(tampered)")
        #expect(tampered.stdout.hasSuffix("16 events checked, head \(head), 1 finding(s)\n"), "\(tampered)")
        let report = try sandbox.audit("b.sqlite")
        #expect(report.findings == ["9:hash"], "\(report)")
    }

    @Test("No store at the path: exit 66, nothing created")
    func noStore() throws {
        let sandbox = try Sandbox()
        for arguments in [["--db", "missing.sqlite", "audit"], ["audit"], ["audit", "--db", "missing.sqlite", "--format", "json"]] {
            let result = try sandbox.run(arguments)
            Expect.status(result, 66)
            #expect(result.stdout == "", "\(result)")
            #expect(result.stderr.hasPrefix("error: No store at "), "\(result)")
        }
        #expect(!sandbox.exists("missing.sqlite") && !sandbox.exists("stance.sqlite"))
    }

    @Test("A malformed --expect-head is a usage error naming the value", arguments: [
        "16", "x:" + String(repeating: "0", count: 64), "0:" + String(repeating: "0", count: 64),
        "16:abc", "16:" + String(repeating: "g", count: 64), "16:" + String(repeating: "0", count: 66), ":",
    ])
    func malformedExpectedHead(_ value: String) throws {
        let sandbox = try Sandbox()
        try sandbox.store("b.sqlite")
        Expect.failure(
            try sandbox.run("--db", "b.sqlite", "audit", "--expect-head", value), 64,
            "error: --expect-head takes SEQ:HASH, such as 16:\(String(repeating: "0", count: 64)) (`stance info` prints the head), not '\(value)'.")
    }

    @Test("A missing --trusted-key file is named, with exit 66")
    func missingTrustedKey() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        Expect.failure(try sandbox.run("--db", "b.sqlite", "audit", "--trusted-key", "nope.pub"), 66, "error: Cannot read the public key at nope.pub.")
        try sandbox.write("short.pub", "abcd\n")
        let short = try sandbox.run("--db", "b.sqlite", "audit", "--trusted-key", "short.pub")
        Expect.status(short, 65)
        #expect(short.stderr.contains("short.pub does not hold a public key"), "\(short)")
    }
}
