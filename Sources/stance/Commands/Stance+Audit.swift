import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Check that the log is untouched and that every answer replays the same.",
            discussion: """
                Checks the chain (every hash recomputed from the row's columns, seq gap-free from 1, \
                recorded_at never decreasing, the append-only triggers of the log, the settings, the key \
                index and the copies present with their original SQL), \
                the file (SQLite's quick_check, and every index holding exactly its table's rows), \
                the events (each decodes; each reference points at an earlier event), the key index and \
                the clustered copies questions read (each as the log gives it), determinism (the \
                streaming fold's digests equal a full replay's, for a log of up to 80000 events; the \
                summary's "full replay" line says when it was not run) and published heads \
                (--expect-head SEQ:HASH, which catches a log rewritten end to end with a fresh valid chain).
                Exit 0 when clean, 1 with findings, 66 when there is no store.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .customLong("expect-head"), help: ArgumentHelp("A head published earlier, as SEQ:HASH (repeatable).", valueName: "seq:hash"))
        var expectedHeads: [String] = []

        @Option(help: ArgumentHelp("Refuse checkpoints this public key (FILE.pub from `stance keygen`) did not sign.", valueName: "pubfile"))
        var trustedKey: String?

        @OptionGroup var output: FormatOption

        func run() throws {
            let heads = try expectedHeads.map(PublishedHead.init)
            let trusted = try trustedKey.map { CheckpointSignature.hex(try CheckpointSignature.readKey($0, kind: .publicKey)) }
            let started = Date()
            let context = try StoreContext.open(global)
            // The chain, the events and the key index in one pass over the log.
            let pass = try AuditPass.run(context.store, in: context.zone)
            var report = pass.chain
            var events = pass.events
            // The digests are worked out on another core while the references are looked up:
            // neither needs the other, and each took ~0.1 s after a million events.
            let digests = try Self.digests(of: events, store: context.store, zone: context.zone) {
                try context.store.withSeqLookup { seqOf in try events.checkReferences(seqOf) }
            }
            for head in heads {
                let stored = try context.store.storedHash(at: head.seq)
                if stored != head.hash {
                    report.findings.append(ChainFinding(
                        seq: head.seq, check: .publishedHead, expected: "hash \(head.hash.hex) (published)",
                        found: stored.map { $0.hex } ?? "no event (the log ends at seq \(report.lastSeq ?? 0))"))
                }
            }
            for checkpoint in events.checkpoints {
                for finding in try CheckpointCheck(checkpoint, digests: digests, store: context.store, trusted: trusted).findings {
                    events.report(finding)
                }
            }
            // A log whose rows cannot all be read is already a finding; its index is not compared.
            let keys = pass.keys
            let result = AuditResult(
                path: context.store.path, chain: report, events: events.findings, digests: digests, keys: keys, copies: pass.copies,
                heads: heads.count, seconds: Date().timeIntervalSince(started))
            StandardOutput.line(output.format == .json ? result.json.serialized(pretty: true) : result.text)
            if !result.isClean { throw ExitCode(1) }
        }
    }
}

extension Stance.Audit {
    /// ``AuditDigests`` of the audit's fold, worked out on a thread of its own while `meanwhile`
    /// runs on this one.
    static func digests(
        of events: EventAudit, store: SQLiteEventStore, zone: StoreTimeZone, meanwhile: () throws -> Void
    ) throws -> AuditDigests {
        nonisolated(unsafe) var digests: AuditDigests?
        // Its database reads (the full replay of a small log) go through the store's queue,
        // which serializes them with this thread's.
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { digests = AuditDigests(events, store: store, zone: zone) }
        let finished = Result { try meanwhile() }
        group.wait()
        try finished.get()
        return digests!
    }
}

/// A head as published beside an article: `SEQ:HASH`.
struct PublishedHead {
    let seq: Int64
    let hash: ChainHash.Digest

    init(_ text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let seq = Int64(parts[0]), seq >= 1, let hash = ChainHash.Digest(hex: parts[1]) else {
            throw ValidationError("--expect-head takes SEQ:HASH, such as 16:\(String(repeating: "0", count: 64)) (`stance info` prints the head), not '\(text)'.")
        }
        self.seq = seq
        self.hash = hash
    }
}

/// The projections' digests from the audit's streaming fold, at the end of the log and at
/// every seq a checkpoint covers; and, for a log small enough to hold whole, the same digests
/// from a full replay, which must agree: two implementations of one rule.
struct AuditDigests {
    let digests: ProjectionDigests
    /// Whether a full replay agrees; nil when the log is too large to replay whole in memory.
    let agree: Bool?
    /// The digests of the log up to each seq a checkpoint covers.
    let atSeq: [Int64: ProjectionDigests]

    /// Above this many events the full replay is not run: it holds every event in memory,
    /// ~1.6 KB an event even without the display texts, and an audit stays within 200 MB
    /// (the benchmark's log: 153 MB at 80,000 events; under the 200,000 of before, 229 MB at
    /// 100,000, and ~400 MB at the limit).
    static let fullReplayLimit = 80_000

    init(_ audit: EventAudit, store: any EventStore, zone: StoreTimeZone) {
        digests = audit.fold.digests()
        // Digests are taken at each covered seq whether or not that event decodes: the state
        // after every decodable event up to it.
        var atSeq: [Int64: ProjectionDigests] = [:]
        for covered in Set(audit.checkpoints.compactMap(\.event.coversSeq)) {
            atSeq[covered] = audit.fold.digests(through: covered)
        }
        self.atSeq = atSeq
        // A log whose rows cannot all be read is already a finding of the chain check.
        let folded = digests
        agree = audit.fold.count <= Self.fullReplayLimit
            ? (try? Replayer.replayForDigests(store, in: zone)).map { ProjectionDigests($0) == folded }
            : nil
    }
}

/// One checkpoint checked against the log: its head, its digests and its signature.
struct CheckpointCheck {
    var findings: [EventAudit.Finding] = []

    init(_ checkpoint: ProjectedEvent, digests: AuditDigests, store: SQLiteEventStore, trusted: String?) throws {
        let event = checkpoint.event
        guard let covered = event.coversSeq, let head = event.head else { return }
        func fail(_ expected: String, _ found: String) {
            findings.append(.init(seq: checkpoint.seq, check: .checkpoint, expected: expected, found: found))
        }
        let stored = try store.storedHash(at: covered)
        if stored?.hex != head {
            fail("the head it records (\(covered):\(head))", stored.map { "\(covered):\($0.hex) in the log" } ?? "no event \(covered)")
        }
        if let replayed = digests.atSeq[covered] {
            for (name, digest) in replayed.all where event.digests[name] != digest.hex {
                fail("\(name) digest \(event.digests[name] ?? "(none)") as recorded", "\(digest.hex) replayed up to seq \(covered)")
            }
        }
        let message = CheckpointSignature.message(coversSeq: covered, head: head, digests: event.digests)
        if let signature = event.signature, let key = event.publicKey {
            if !CheckpointSignature.verify(message, signature: signature, publicKey: key) {
                fail("a valid Ed25519 signature by \(key)", "a signature that does not verify")
            } else if let trusted, key != trusted {
                fail("a signature by the trusted key \(trusted)", "a signature by \(key)")
            }
        } else if let trusted {
            fail("a signature by the trusted key \(trusted)", "an unsigned checkpoint")
        }
    }
}
