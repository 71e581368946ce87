import EventStore
import Foundation
import Projections
import StanceDomain

/// What `stance audit` prints: each finding with its seq, then a summary a reader can compare.
struct AuditResult {
    let path: String
    let chain: SQLiteEventStore.ChainReport
    let events: [EventAudit.Finding]
    let digests: AuditDigests
    /// The stored key index against the keys a replay of the log gives; nil when the log
    /// could not be read whole to compare.
    let keys: KeyIndex.Comparison?
    /// The clustered copies questions read instead of the log; nil when not compared.
    let copies: SQLiteEventStore.CopyCheck?
    let heads: Int
    let seconds: Double

    var isClean: Bool { chain.findings.isEmpty && events.isEmpty && digests.agree != false && keys?.matches != false && copies?.isClean != false }

    private var keyFinding: String {
        guard let keys else { return "" }
        return "expected \(keys.expected.count) (key, event) pairs as a replay computes them, "
            + "found \(keys.storedDescription("in the store")); questions read the index, so their answers may differ from a replay's"
    }

    private func copyFinding(_ copies: SQLiteEventStore.CopyCheck) -> String {
        if let unreadable = copies.unreadable {
            return "expected the copies to be readable, found \(unreadable); questions read them, so they may fail or differ from a replay"
        }
        return "expected each copy to equal its event, with a key row under a clustered key, and each such key row to have its copy; "
            + "found \(copies.count) that do not (\(copies.first.map(\.description).joined(separator: "; "))\(copies.count > copies.first.count ? "; …" : "")); "
            + "questions read the copies, so their answers may differ from a replay's"
    }

    var findingLines: [String] {
        var lines = chain.findings.map(\.description) + events.map(\.description)
        if digests.agree == false {
            lines.append("store: replay: expected the same digests from the streaming fold and a full replay, found different digests")
        }
        if keys?.matches == false { lines.append("store: key index: " + keyFinding) }
        if let copies, !copies.isClean { lines.append("store: clustered copies: " + copyFinding(copies)) }
        return lines
    }

    var headText: String { "\(chain.lastSeq ?? 0):\(chain.head.hex)" }

    /// Whether the full replay was compared with the streaming fold, and how it came out: a
    /// log over ``AuditDigests/fullReplayLimit`` events is checked by the fold alone, and
    /// says so rather than passing in silence.
    var fullReplay: String {
        switch digests.agree {
        case true?: "agrees"
        case false?: "DIFFERS"
        case nil: "not run: over \(AuditDigests.fullReplayLimit) events, the fold alone"
        }
    }

    var text: String {
        var lines = ["Audit of \(path): \(isClean ? "clean" : "\(findingLines.count) finding(s)")"]
        if !isClean {
            lines.append("findings:")
            lines += findingLines.map { "  " + $0 }
        }
        lines.append("summary:")
        lines.append("  events checked   \(chain.rows)" + (chain.firstSeq.map { ", seq \($0)-\(chain.lastSeq ?? $0)" } ?? ""))
        lines.append("  chain head       \(headText)")
        lines.append("  published heads  \(heads) checked")
        lines.append("  key index        " + (keys.map { "\($0.stored.count) keys, \($0.matches ? "as replayed" : "NOT as replayed")" } ?? "not compared: the log cannot be read whole"))
        lines.append("  full replay      " + fullReplay)
        for (name, digest) in digests.digests.all {
            lines.append("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(digest.hex)")
        }
        lines.append(String(format: "  time taken       %.3f s", seconds))
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        var findings: [JSON] = chain.findings.map { finding in
            .object(["seq": finding.seq.map(JSON.int) ?? .null, "check": .string(finding.check.rawValue),
                     "expected": .string(finding.expected), "found": .string(finding.found)])
        }
        findings += events.map { finding in
            .object(["seq": .int(finding.seq), "check": .string(finding.check.rawValue),
                     "expected": .string(finding.expected), "found": .string(finding.found)])
        }
        if digests.agree == false {
            findings.append(.object(["seq": .null, "check": "replay", "expected": "equal digests", "found": "different digests"]))
        }
        if let keys, !keys.matches {
            findings.append(.object([
                "seq": .null, "check": "keyIndex",
                "expected": .string("\(keys.expected.count) pairs"),
                "found": .string(keys.storedDescription()),
            ]))
        }
        if let copies, !copies.isClean {
            findings.append(.object([
                "seq": .null, "check": "clusteredCopies",
                "expected": "each copy equal to its event, and one for each key row under a clustered key",
                "found": .string(copies.unreadable.map { "unreadable: \($0)" }
                    ?? "\(copies.count) not: " + copies.first.map(\.description).joined(separator: "; ")),
            ]))
        }
        var digestObject = JSONObject()
        for (name, digest) in digests.digests.all { digestObject[name] = .string(digest.hex) }
        return .object([
            "store": .string(path),
            "clean": .bool(isClean),
            "findings": .array(findings),
            "summary": .object([
                "events": .int(chain.rows),
                "firstSeq": chain.firstSeq.map(JSON.int) ?? .null,
                "lastSeq": chain.lastSeq.map(JSON.int) ?? .null,
                "head": .string(headText),
                "publishedHeads": .int(Int64(heads)),
                "keyIndex": keys.map { .object(["keys": .int(Int64($0.stored.count)), "matchesReplay": .bool($0.matches)]) } ?? .null,
                "fullReplay": digests.agree.map { .string($0 ? "agrees" : "differs") } ?? .string("not run"),
                "digests": .object(digestObject),
                "seconds": .double((seconds * 1000).rounded() / 1000),
            ]),
        ])
    }
}
