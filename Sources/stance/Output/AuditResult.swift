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
    let heads: Int
    let seconds: Double

    var isClean: Bool { chain.findings.isEmpty && events.isEmpty && digests.agree }

    var findingLines: [String] {
        var lines = chain.findings.map(\.description) + events.map(\.description)
        if !digests.agree {
            lines.append("store: replay: expected the same digests replayed whole and in batches of \(digests.batchSizes.1), found different digests")
        }
        return lines
    }

    var headText: String { "\(chain.lastSeq ?? 0):\(chain.head.hex)" }

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
        if !digests.agree {
            findings.append(.object(["seq": .null, "check": "replay", "expected": "equal digests", "found": "different digests"]))
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
                "digests": .object(digestObject),
                "seconds": .double((seconds * 1000).rounded() / 1000),
            ]),
        ])
    }
}
