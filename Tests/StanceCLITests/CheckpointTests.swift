import Foundation
import Testing

/// `stance keygen`, `stance checkpoint [--key]` and `stance audit [--trusted-key]`: a checkpoint
/// is verified against the log, and a signed one against the key a reader trusts.
@Suite("Checkpoints")
struct CheckpointTests {
    /// A Bolivia store with a key pair `key`/`key.pub`; checkpointed (seq 17) when `signed` is
    /// non-nil, with the key when it is true.
    private func store(signed: Bool? = true) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        Expect.success(try sandbox.run("keygen", "key"))
        if let signed {
            let checkpoint = try sandbox.run(["--db", "b.sqlite", "checkpoint"] + (signed ? ["--key", "key"] : []))
            Expect.success(checkpoint)
        }
        return sandbox
    }

    /// The key's hex, from a key file: its kind, a space, then the hex.
    private func hex(_ name: String, in sandbox: Sandbox) throws -> String {
        let line = String(decoding: try sandbox.read(name), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return String(line.split(separator: " ").last ?? "")
    }

    @Test("keygen writes a private key (0600) and FILE.pub, each its kind then 32 bytes as hex")
    func keygenWritesAPair() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run("keygen", "key")
        Expect.success(result)
        let publicKey = try hex("key.pub", in: sandbox)
        let privateKey = try hex("key", in: sandbox)
        #expect(result.stdout == "Wrote the private key to key (keep it secret) and the public key \(publicKey) to key.pub.\n")
        for key in [publicKey, privateKey] {
            #expect(key.count == 64 && key.allSatisfy { "0123456789abcdef".contains($0) }, "\(key)")
        }
        #expect(publicKey != privateKey)
        #expect(String(decoding: try sandbox.read("key"), as: UTF8.self).hasPrefix("stance-ed25519-private-key "))
        #expect(String(decoding: try sandbox.read("key.pub"), as: UTF8.self).hasPrefix("stance-ed25519-public-key "))
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.path("key"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("keygen never overwrites: an existing FILE or FILE.pub is refused and left as it was")
    func keygenRefusesExistingFiles() throws {
        let sandbox = try Sandbox()
        try sandbox.write("key", "precious\n")
        let refused = try sandbox.run("keygen", "key")
        Expect.failure(refused, 1, "error: key already exists; keygen never overwrites a key. Choose another file.")
        #expect(try sandbox.read("key") == Data("precious\n".utf8))
        #expect(!sandbox.exists("key.pub"))

        try sandbox.write("other.pub", "public\n")
        Expect.failure(try sandbox.run("keygen", "other"), 1, "error: other.pub already exists; keygen never overwrites a key. Choose another file.")
        #expect(!sandbox.exists("other"))
        #expect(try sandbox.read("other.pub") == Data("public\n".utf8))
    }

    @Test("A signed checkpoint audits clean with its key trusted, and records the head and the digests")
    func signedCheckpointIsClean() throws {
        let sandbox = try store(signed: nil)
        let head = try sandbox.head("b.sqlite")
        let digests = try sandbox.replayDigests("b.sqlite")
        let result = try sandbox.run("--db", "b.sqlite", "checkpoint", "--key", "key", "--format", "json")
        Expect.success(result)
        let object = try JSONHelpers.object(result.stdout)
        let publicKey = try hex("key.pub", in: sandbox)
        #expect(object["seq"] as? Int == 17 && object["coversSeq"] as? Int == 16, "\(result)")
        #expect("16:\(object["head"] as? String ?? "")" == head)
        #expect(object["publicKey"] as? String == publicKey)

        let event = try JSONHelpers.lines(try sandbox.run("--db", "b.sqlite", "events", "--format", "ndjson").stdout).last ?? [:]
        #expect(event["type"] as? String == "checkpoint-recorded")
        #expect(event["digests"] as? [String: String] == digests)
        #expect(event["publicKey"] as? String == publicKey)
        #expect((event["signature"] as? String)?.count == 128)

        for extra in [[], ["--trusted-key", "key.pub"]] {
            let report = try sandbox.audit("b.sqlite", extra)
            #expect(report.result.status == 0 && report.clean == true && report.findings.isEmpty, "\(report)")
            #expect(report.summary["events"] as? Int == 17)
            // The checkpoint itself is not a fact of any projection.
            #expect(report.digests == digests)
        }
    }

    @Test("A checkpoint signed by another key than the trusted one is a finding at its seq")
    func otherKey() throws {
        let sandbox = try store()
        Expect.success(try sandbox.run("keygen", "other"))
        let report = try sandbox.audit("b.sqlite", ["--trusted-key", "other.pub"])
        #expect(report.result.status == 1 && report.findings == ["17:checkpoint"], "\(report)")
        #expect(report.findingObjects.first?["found"] as? String == "a signature by \(try hex("key.pub", in: sandbox))")
    }

    @Test("An unsigned checkpoint is clean alone and a finding when a key is trusted")
    func unsignedCheckpoint() throws {
        let sandbox = try store(signed: false)
        let alone = try sandbox.audit("b.sqlite")
        #expect(alone.result.status == 0 && alone.findings.isEmpty, "\(alone)")
        let trusted = try sandbox.audit("b.sqlite", ["--trusted-key", "key.pub"])
        #expect(trusted.result.status == 1 && trusted.findings == ["17:checkpoint"], "\(trusted)")
        #expect(trusted.findingObjects.first?["found"] as? String == "an unsigned checkpoint")
    }

    @Test("A checkpoint's head or digest altered afterwards is a checkpoint finding (and a hash finding)",
          .enabled(if: RawStore.hasSQLite, "needs sqlite3"), arguments: ["head", "digest"])
    func alteredCheckpoint(_ field: String) throws {
        let sandbox = try store()
        let db = sandbox.path("b.sqlite")
        let head = try RawStore.query(db, "SELECT json_extract(payload, '$.head') AS head FROM events WHERE seq = 17").first?["head"] as? String ?? "?"
        let positions = try sandbox.replayDigests("b.sqlite")["positions"] ?? ""
        let (old, new) = field == "head" ? (head, String(repeating: "ab", count: 32)) : (positions, String(repeating: "0", count: 64))
        try RawStore.tamper(db, sql: "UPDATE events SET payload = replace(payload, '\(old)', '\(new)') WHERE seq = 17;")
        #expect(try sandbox.run("--db", "b.sqlite", "events", "--format", "ndjson").stdout.contains(new))
        // The recorded value no longer matches the log, and the signature no longer matches the payload.
        let report = try sandbox.audit("b.sqlite")
        #expect(report.result.status == 1 && report.findings == ["17:hash", "17:checkpoint", "17:checkpoint"], "\(report)")
        let found = report.findingObjects.compactMap { $0["found"] as? String }
        #expect(found.contains("a signature that does not verify"), "\(report)")

        guard RawStore.hasPython else { return }
        // Re-hashed, the row passes the chain check; the checkpoint still does not.
        try RawStore.tamper(db) { try RawStore.rechain(db, from: 17, through: 17) }
        let rehashed = try sandbox.audit("b.sqlite")
        #expect(rehashed.result.status == 1 && rehashed.findings == ["17:checkpoint", "17:checkpoint"], "\(rehashed)")
    }

    @Test("A signed checkpoint catches a history rewritten with a fresh valid chain",
          .enabled(if: RawStore.hasSQLite && RawStore.hasPython, "needs sqlite3 and python3"))
    func checkpointCatchesRewrite() throws {
        let sandbox = try store()
        let db = sandbox.path("b.sqlite")
        try RawStore.tamper(db) {
            try RawStore.sql(db, "UPDATE events SET payload = replace(payload, 'serious irregularities', 'minor irregularities') WHERE seq = 9;")
            try RawStore.rechain(db, from: 9, through: 17)
        }
        let report = try sandbox.audit("b.sqlite", ["--trusted-key", "key.pub"])
        #expect(report.result.status == 1 && report.findings == ["17:checkpoint"], "\(report)")
        #expect((report.findingObjects.first?["expected"] as? String)?.hasPrefix("the head it records (16:") == true, "\(report)")
    }

    @Test("checkpoint --key with a missing or malformed file names it and writes nothing")
    func badKeyFile() throws {
        let sandbox = try store(signed: nil)
        let before = try sandbox.snapshot("b.sqlite")
        Expect.failure(try sandbox.run("--db", "b.sqlite", "checkpoint", "--key", "missing-file"), 66,
                       "error: Cannot read the private key at missing-file.")
        try sandbox.write("bad.key", "not hex\n")
        Expect.failure(try sandbox.run("--db", "b.sqlite", "checkpoint", "--key", "bad.key"), 65,
                       "error: bad.key does not hold a private key as `stance keygen` writes it.")
        // A file far longer than a key (the store itself, say) is not read whole, and not one;
        // nor is a folder.
        Expect.failure(try sandbox.run("--db", "b.sqlite", "checkpoint", "--key", "b.sqlite"), 65,
                       "error: b.sqlite does not hold a private key as `stance keygen` writes it.")
        try FileManager.default.createDirectory(atPath: sandbox.path("keys"), withIntermediateDirectories: true)
        Expect.failure(try sandbox.run("--db", "b.sqlite", "checkpoint", "--key", "keys"), 66,
                       "error: Cannot read the private key at keys.")
        // A public key is never taken for the private one.
        Expect.failure(try sandbox.run("--db", "b.sqlite", "checkpoint", "--key", "key.pub"), 65,
                       "error: key.pub holds a public key, not a private key; sign with the file without .pub.")
        #expect(try sandbox.snapshot("b.sqlite") == before)
    }

    @Test("checkpoint on an empty store is refused")
    func emptyStore() throws {
        let sandbox = try Sandbox()
        try sandbox.store("e.sqlite")
        Expect.failure(try sandbox.run("--db", "e.sqlite", "checkpoint"), 65, "error: The store is empty; there is nothing to checkpoint yet.")
    }
}
