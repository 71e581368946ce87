import EventStore
import Foundation
import StanceDomain

/// One SHA-256 digest per projection, over a canonical serialization of its whole state, so
/// that two machines (or two replays) can compare state without shipping it.
///
/// The serialization: one line per fact, each a compact JSON array (the deterministic writer:
/// keys in order, no spaces, strings escaped as documented), the lines sorted bytewise, each
/// ending in a newline. The facts:
///
/// - `directory`: `["actor", id, name, kind, [aliases], [codes], registeredSeq]` per actor and
///   `["role", person, institution, role, startMs, endMs|null, assignedSeq, endedBySeq|null]`
///   per role span;
/// - `positions`: `["stated", actor, toward, [seq, …]]` per pair, the seqs in world order, and
///   `["signals", actor, [seq, …]]` per actor;
/// - `retractions`: `["withdrawn", id, retractionId]` per withdrawn event.
///
/// ```swift
/// let digests = ProjectionDigests(replay)
/// print(digests.all.map { "\($0.name) \($0.digest)" })
/// ```
public struct ProjectionDigests: Sendable, Hashable {
    public let directory: ChainHash.Digest
    public let positions: ChainHash.Digest
    public let retractions: ChainHash.Digest

    public init(_ replay: Replay) {
        self.init(
            directory: replay.directory,
            stated: replay.positions.stated.mapValues { $0.map(\.seq) },
            signals: replay.positions.signals.mapValues { $0.map(\.seq) },
            withdrawnBy: replay.retractions.withdrawnBy.mapValues(\.id))
    }

    /// The digests of a directory, the seqs of each position and signal list in world order,
    /// and the withdrawals.
    init(directory: ActorDirectory, stated: [Positions.Pair: [Int64]], signals: [String: [Int64]], withdrawnBy: [UUID: UUID]) {
        self.init(
            directory: Self.digest(of: directory), positions: Self.digest(stated: stated, signals: signals),
            retractions: Self.digest(withdrawnBy: withdrawnBy))
    }

    /// The three digests, each worked out already (a fold works out two at once).
    init(directory: ChainHash.Digest, positions: ChainHash.Digest, retractions: ChainHash.Digest) {
        self.directory = directory
        self.positions = positions
        self.retractions = retractions
    }

    /// The `directory` digest.
    static func digest(of directory: ActorDirectory) -> ChainHash.Digest {
        digest(directoryFacts(directory))
    }

    /// The `positions` digest: each list's seqs in world order.
    static func digest(stated: [Positions.Pair: [Int64]], signals: [String: [Int64]]) -> ChainHash.Digest {
        // Written line by line rather than as JSON values: a million-event log's lists would
        // otherwise become a million JSON numbers in memory at once.
        var lines: [[UInt8]] = []
        lines.reserveCapacity(stated.count + signals.count)
        for (pair, seqs) in stated { lines.append(line(["stated", .string(pair.actor), .string(pair.toward)], seqs)) }
        for (actor, seqs) in signals { lines.append(line(["signals", .string(actor)], seqs)) }
        return digest(lines: lines)
    }

    /// The `retractions` digest.
    static func digest(withdrawnBy: [UUID: UUID]) -> ChainHash.Digest {
        digest(withdrawnBy.map { id, by in
            ["withdrawn", .string(id.uuidString.lowercased()), .string(by.uuidString.lowercased())]
        })
    }

    /// The digests by projection name, in a fixed order.
    public var all: [(name: String, digest: ChainHash.Digest)] {
        [("directory", directory), ("positions", positions), ("retractions", retractions)]
    }

    static func directoryFacts(_ directory: ActorDirectory) -> [JSON] {
        var facts: [JSON] = directory.actors.values.map { actor in
            ["actor", .string(actor.id), .string(actor.name), .string(actor.kind.rawValue),
             .array(actor.aliases.map(JSON.string)), .array(actor.codes.map(JSON.string)), .int(actor.registeredSeq)]
        }
        facts += directory.roleSpans().map { span in
            ["role", .string(span.person), .string(span.institution), .string(span.role.rawValue), .int(span.start),
             span.end.map(JSON.int) ?? .null, .int(span.assignedSeq), span.endedBySeq.map(JSON.int) ?? .null]
        }
        return facts
    }

    static func digest(_ facts: [JSON]) -> ChainHash.Digest {
        // Straight to bytes: through a String and back, each of a large log's ~40,000 facts
        // was copied twice more.
        digest(lines: facts.map { fact in
            var line: [UInt8] = []
            line.reserveCapacity(96)
            fact.appendSerialized(to: &line)
            line.append(0x0A)
            return line
        })
    }

    static func digest(lines: [[UInt8]]) -> ChainHash.Digest {
        // Hashed line by line: joined, the lines of a large log would be a second copy.
        ChainHash.sha256(concatenating: lines.sorted(by: precedes))
    }

    /// Bytewise order, as `lexicographicallyPrecedes` gives it, through `memcmp`.
    private static func precedes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        let order = lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                left.isEmpty || right.isEmpty ? 0 : memcmp(left.baseAddress!, right.baseAddress!, min(left.count, right.count))
            }
        }
        return order != 0 ? order < 0 : lhs.count < rhs.count
    }

    /// The line of `JSON.array(head + [.array(seqs)])`, byte for byte, written directly.
    static func line(_ head: [JSON], _ seqs: [Int64]) -> [UInt8] {
        var bytes = Array(JSON.array(head).serialized().utf8)
        bytes.removeLast()  // the closing bracket, reopened below
        bytes.append(contentsOf: ",[".utf8)
        bytes.reserveCapacity(bytes.count + seqs.count * 8 + 3)
        for (index, seq) in seqs.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            appendDecimal(seq, to: &bytes)
        }
        bytes.append(contentsOf: "]]\n".utf8)
        return bytes
    }

    /// `String(value).utf8`, without the String: a million seqs are written per digest.
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        guard value > 0 else {
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                count += 1
                buffer[24 - count] = UInt8(truncatingIfNeeded: rest % 10) + 0x30
                rest /= 10
            }
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }
}
