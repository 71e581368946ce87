import Foundation

extension SQLiteEventStore {
    /// The chain rules that run from row to row: `seq` gap-free from 1, ids unique, each
    /// `prev_hash` the previous hash, `recorded_at` never decreasing.
    struct ChainState {
        var expectedSeq: Int64 = 1
        /// The previous row's hash, as stored; nil after an unreadable row.
        var previousHash: HashBytes? = HashBytes(ChainHash.genesis.bytes)
        var previousRecordedAt: Int64?
        var seenIDs: [UUID: Int64] = [:]
        /// The hash of the last readable row, as stored.
        var head: ChainHash.Digest? { lastHash.map { $0.digest } }
        private var lastHash: HashBytes?

        init(expectedRows: Int) {
            // Sized once: growing would hold the old table and the new one at once.
            seenIDs.reserveCapacity(expectedRows)
        }

        /// Checks one row; true when it is readable.
        mutating func check(_ page: RawEventPage, _ index: Int, recomputed: ChainHash.Digest?, into report: inout ChainReport) -> Bool {
            let row = page[index]
            let seq = row.seq
            report.rows += 1
            if report.firstSeq == nil { report.firstSeq = seq }
            report.lastSeq = seq
            if seq != expectedSeq {
                report.findings.append(ChainFinding(seq: seq, check: .sequence, expected: "seq \(expectedSeq)", found: "seq \(seq)"))
            }
            expectedSeq = seq + 1
            if let reason = page.unreadable(index) {
                report.findings.append(ChainFinding(seq: seq, check: .unreadable, expected: "a readable row", found: reason))
                previousHash = nil
                return false
            }
            if let first = seenIDs.updateValue(seq, forKey: row.id) {
                report.findings.append(ChainFinding(seq: seq, check: .unreadable, expected: "an id no other event has", found: "the id of seq \(first)"))
            }
            let prevHash = page.withBytes(index, .prevHash, HashBytes.init)
            let hash = page.withBytes(index, .hash, HashBytes.init)
            if let previousHash, prevHash != previousHash {
                report.findings.append(ChainFinding(seq: seq, check: .link, expected: "prev_hash \(previousHash.digest.hex)", found: prevHash.digest.hex))
            }
            if let recomputed {
                report.findings.append(ChainFinding(seq: seq, check: .hash, expected: "hash \(recomputed.hex) (recomputed)", found: hash.digest.hex))
            }
            if let previousRecordedAt, row.recordedAt < previousRecordedAt {
                report.findings.append(ChainFinding(seq: seq, check: .recordedAt, expected: "recorded_at at or after \(previousRecordedAt)", found: "\(row.recordedAt)"))
            }
            previousRecordedAt = row.recordedAt
            previousHash = hash
            lastHash = hash
            return true
        }
    }
}
