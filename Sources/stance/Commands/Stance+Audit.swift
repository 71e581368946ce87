import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that the log is untouched and that every answer replays the same.",
            discussion: """
                Checks the chain (every hash recomputed from the row's columns, seq gap-free from 1, \
                recorded_at never decreasing, the append-only triggers present with their original SQL), \
                the events (each decodes; each reference points at an earlier event), determinism (the \
                projections' digests are the same replayed in two batch sizes) and published heads \
                (--expect-head SEQ:HASH, which catches a log rewritten end to end with a fresh valid chain).
                Exit 0 when clean, 1 with findings, 66 when there is no store.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .customLong("expect-head"), help: ArgumentHelp("A head published earlier, as SEQ:HASH (repeatable).", valueName: "seq:hash"))
        var expectedHeads: [String] = []

        @OptionGroup var output: FormatOption

        func run() throws {
            let heads = try expectedHeads.map(PublishedHead.init)
            let started = Date()
            let context = try StoreContext.open(global)
            var events = EventAudit(zone: context.zone)
            var report = try context.store.auditChain { events.check($0) }
            for head in heads {
                let stored = try context.store.storedHash(at: head.seq)
                if stored != head.hash {
                    report.findings.append(ChainFinding(
                        seq: head.seq, check: .publishedHead, expected: "hash \(head.hash.hex) (published)",
                        found: stored.map { $0.hex } ?? "no event (the log ends at seq \(report.lastSeq ?? 0))"))
                }
            }
            let digests = AuditDigests(events.events, zone: context.zone)
            let result = AuditResult(
                path: context.store.path, chain: report, events: events.findings, digests: digests,
                heads: heads.count, seconds: Date().timeIntervalSince(started))
            StandardOutput.line(output.format == .json ? result.json.serialized(pretty: true) : result.text)
            if !result.isClean { throw ExitCode(1) }
        }
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

/// The projections replayed twice, in batches of different sizes: the digests must agree.
struct AuditDigests {
    let digests: ProjectionDigests
    let agree: Bool
    let batchSizes: (Int, Int)

    init(_ events: [ProjectedEvent], zone: StoreTimeZone) {
        var whole = Replay(zone: zone)
        whole.apply(events)
        var pieces = Replay(zone: zone)
        let size = max(1, min(64, events.count / 2))
        var index = 0
        while index < events.count {
            pieces.apply(Array(events[index..<min(index + size, events.count)]))
            index += size
        }
        digests = ProjectionDigests(whole)
        agree = digests == ProjectionDigests(pieces)
        batchSizes = (events.count, size)
    }
}
