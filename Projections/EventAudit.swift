import EventStore
import Foundation
import StanceDomain

/// Checks the events themselves as an audit reads the log: every payload decodes under its
/// type and schema version, and every reference (an actor, a role's institution, a retracted or
/// replaced event) points at an event earlier in the log. A pure fold in `seq` order.
public struct EventAudit: Sendable {
    /// Something wrong with one event.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public enum Check: String, Sendable, Hashable {
            /// The event cannot be decoded: unknown type, newer schema, bad payload. It is
            /// quarantined: answers skip it and say so.
            case decode
            /// A reference does not point at an earlier event.
            case reference
            /// A checkpoint disagrees with the log: its head, its digests or its signature.
            case checkpoint
        }

        public let seq: Int64
        public let check: Check
        public let expected: String
        public let found: String

        public init(seq: Int64, check: Check, expected: String, found: String) {
            self.seq = seq
            self.check = check
            self.expected = expected
            self.found = found
        }

        public var description: String { "seq \(seq): \(check.rawValue): expected \(expected), found \(found)" }
    }

    public private(set) var findings: [Finding] = []
    /// The projections of the events that decoded, folded for their digests.
    public private(set) var fold: DigestFold
    /// The checkpoints that decoded, in `seq` order.
    public private(set) var checkpoints: [ProjectedEvent] = []
    private var actors: Set<String> = []
    /// References to other events (`retracts`, `replaces`, `replacedBy`), checked once the
    /// whole log is read (``checkReferences(_:)``): a set of every id would cost more memory
    /// than the rest of the audit.
    private var references: [(seq: Int64, field: String, id: UUID)] = []
    private let zone: StoreTimeZone

    public init(zone: StoreTimeZone) {
        self.zone = zone
        self.fold = DigestFold(zone: zone)
    }

    public mutating func check(_ recorded: RecordedEvent) {
        let projected: ProjectedEvent
        do {
            projected = try ProjectedEvent(recorded, in: zone)
        } catch {
            findings.append(Finding(seq: recorded.seq, check: .decode, expected: "an event this stance can read", found: error.description))
            return
        }
        let event = projected.event
        if event.type.effect == .registersActor {
            if actors.contains(event.actor) {
                findings.append(Finding(seq: recorded.seq, check: .reference, expected: "a new actor id", found: "'\(event.actor)' registered earlier"))
            }
            actors.insert(event.actor)
        } else if event.type.effect == .recordsCheckpoint {
            if let covered = event.coversSeq, covered >= recorded.seq {
                findings.append(Finding(seq: recorded.seq, check: .reference, expected: "coversSeq before the checkpoint's own seq", found: "\(covered)"))
            }
        } else {
            requireActor(event.actor, field: "actor", seq: recorded.seq)
        }
        if recorded.stream != event.actor {
            findings.append(Finding(seq: recorded.seq, check: .reference, expected: "stream '\(event.actor)' (the event's actor)", found: "stream '\(recorded.stream)'"))
        }
        if let toward = event.toward { requireActor(toward, field: "toward", seq: recorded.seq) }
        if let institution = event.institution { requireActor(institution, field: "in", seq: recorded.seq) }
        for (field, id) in [("retracts", event.retracts), ("replaces", event.replaces), ("replacedBy", event.replacedBy)] {
            if let id { references.append((recorded.seq, field, id)) }
        }
        fold.add(projected)
        if event.type.effect == .recordsCheckpoint { checkpoints.append(projected) }
    }

    /// Checks each reference to another event, given where the log holds an id (its seq, or
    /// nil): it must name an earlier event. Its findings join the others in `seq` order.
    public mutating func checkReferences(_ seqOf: (UUID) throws -> Int64?) rethrows {
        for reference in references {
            let found = try seqOf(reference.id)
            if found.map({ $0 >= reference.seq }) ?? true {
                findings.append(Finding(
                    seq: reference.seq, check: .reference, expected: "\(reference.field) naming an earlier event",
                    found: reference.id.uuidString.lowercased()))
            }
        }
        references = []
        // Stable: a seq's findings keep the order they were found in, references last.
        findings = findings.enumerated().sorted { ($0.element.seq, $0.offset) < ($1.element.seq, $1.offset) }.map(\.element)
    }

    /// Adds a finding found by a check that needs more than one event (checkpoints, replays).
    public mutating func report(_ finding: Finding) {
        findings.append(finding)
    }

    private mutating func requireActor(_ id: String, field: String, seq: Int64) {
        if !actors.contains(id) {
            findings.append(Finding(seq: seq, check: .reference, expected: "\(field) naming an actor registered earlier", found: "'\(id)'"))
        }
    }
}
