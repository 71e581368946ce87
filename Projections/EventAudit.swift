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
    /// The actors registered so far, hashed on the threads that decoded their events.
    private var actors: Set<Prehashed<String>> = []
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
        do {
            check(Checked(try ProjectedEvent(recorded, in: zone), stream: recorded.stream, in: zone))
        } catch {
            reportUndecodable(seq: recorded.seq, error.description)
        }
    }

    /// An event that could not be decoded, with why: quarantined.
    public mutating func reportUndecodable(seq: Int64, _ reason: String) {
        findings.append(Finding(seq: seq, check: .decode, expected: "an event this stance can read", found: reason))
    }

    /// What the checks read of one decoded event, worked out from the event alone, so that it
    /// can be made on the thread that decoded it.
    public struct Checked: Sendable {
        let seq: Int64
        let effect: EventEffect
        let actor: Prehashed<String>
        let toward: Prehashed<String>?
        let institution: Prehashed<String>?
        let coversSeq: Int64?
        let retracts: UUID?
        let replaces: UUID?
        let replacedBy: UUID?
        /// The row's stream, when it is not the event's actor.
        let strayStream: String?
        let item: DigestFold.Item
        /// The event itself, for a checkpoint; boxed, so that every other event's Checked
        /// (made on one thread, handed to another) stays small to move.
        private let checkpointBox: CheckpointBox?
        var checkpoint: ProjectedEvent? { checkpointBox?.event }

        private final class CheckpointBox: Sendable {
            let event: ProjectedEvent
            init(_ event: ProjectedEvent) { self.event = event }
        }

        public init(_ projected: borrowing ProjectedEvent, stream: String, in zone: StoreTimeZone) {
            // Through `projected` rather than a local copy of its event: see RetractionRule.Link.
            seq = projected.seq
            effect = projected.event.type.effect
            actor = Prehashed(projected.event.actor)
            toward = projected.event.toward.map(Prehashed.init)
            institution = projected.event.institution.map(Prehashed.init)
            coversSeq = projected.event.coversSeq
            retracts = projected.event.retracts
            replaces = projected.event.replaces
            replacedBy = projected.event.replacedBy
            strayStream = stream == projected.event.actor ? nil : stream
            item = DigestFold.Item(projected, in: zone)
            checkpointBox = effect == .recordsCheckpoint ? CheckpointBox(copy projected) : nil
        }
    }

    /// Checks one decoded event, in `seq` order.
    public mutating func check(_ event: Checked) {
        if event.effect == .registersActor {
            if actors.contains(event.actor) {
                findings.append(Finding(seq: event.seq, check: .reference, expected: "a new actor id", found: "'\(event.actor.value)' registered earlier"))
            }
            actors.insert(event.actor)
        } else if event.effect == .recordsCheckpoint {
            if let covered = event.coversSeq, covered >= event.seq {
                findings.append(Finding(seq: event.seq, check: .reference, expected: "coversSeq before the checkpoint's own seq", found: "\(covered)"))
            }
        } else {
            requireActor(event.actor, field: "actor", seq: event.seq)
        }
        if let stream = event.strayStream {
            findings.append(Finding(seq: event.seq, check: .reference, expected: "stream '\(event.actor.value)' (the event's actor)", found: "stream '\(stream)'"))
        }
        if let toward = event.toward { requireActor(toward, field: "toward", seq: event.seq) }
        if let institution = event.institution { requireActor(institution, field: "in", seq: event.seq) }
        if let id = event.retracts { references.append((event.seq, "retracts", id)) }
        if let id = event.replaces { references.append((event.seq, "replaces", id)) }
        if let id = event.replacedBy { references.append((event.seq, "replacedBy", id)) }
        fold.add(event.item)
        if let checkpoint = event.checkpoint { checkpoints.append(checkpoint) }
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

    private mutating func requireActor(_ id: Prehashed<String>, field: String, seq: Int64) {
        if !actors.contains(id) {
            findings.append(Finding(seq: seq, check: .reference, expected: "\(field) naming an actor registered earlier", found: "'\(id.value)'"))
        }
    }
}
