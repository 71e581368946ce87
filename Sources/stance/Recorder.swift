import EventStore
import Foundation
import Projections
import StanceDomain

/// Turns events written by people (names, aliases, codes) into envelopes for the store:
/// resolves every actor reference to an id, checks what the type table cannot (an actor
/// registered twice, a reference to nobody), and encodes the payload canonically.
///
/// It keeps its own directory current as it goes, so that a file may register an actor on
/// one line and refer to it on the next.
struct Recorder {
    private(set) var directory: ActorDirectory
    private let zone: StoreTimeZone
    private var nextSeq: Int64
    /// The seq the batch's first event will get.
    let firstSeq: Int64
    private let recordedBy: String
    private let batch: String?
    /// Ids already in the store or earlier in this batch: appending one again is the store's
    /// call (a no-op when identical), not a duplicate registration.
    private var knownIDs: Set<UUID>
    private let storedIDs: Set<UUID>
    /// Every event of the log and of this batch so far, in `seq` order, retracted ones included:
    /// what a retraction or a replacement may refer to.
    private(set) var events: [ProjectedEvent]
    private var position: [UUID: Int]
    /// The retraction withdrawing each withdrawn event, kept current line by line: recomputing
    /// it from the whole log for every retraction would make an import quadratic.
    private(set) var withdrawnBy: [UUID: ProjectedEvent]

    init(replay: Replay, head: ChainHead, zone: StoreTimeZone, recordedBy: String?, batch: UUID?) {
        self.directory = replay.directory
        self.zone = zone
        self.nextSeq = head.seq + 1
        self.firstSeq = head.seq + 1
        self.recordedBy = recordedBy ?? Self.defaultRecorder
        self.batch = batch.map { $0.uuidString.lowercased() }
        self.knownIDs = Set(replay.events.map(\.id))
        self.storedIDs = knownIDs
        self.events = replay.events
        self.withdrawnBy = replay.retractions.withdrawnBy
        self.position = Dictionary(replay.events.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The event with this id, in the store or earlier in the batch.
    func event(withID id: UUID) -> ProjectedEvent? {
        position[id].map { events[$0] }
    }

    /// Whether the store already holds an event with this id (not counting this batch).
    func isStored(_ id: UUID) -> Bool {
        storedIDs.contains(id)
    }

    /// Who records when `--recorded-by` is not given: `$STANCE_USER`, else `$USER`.
    static var defaultRecorder: String {
        let env = ProcessInfo.processInfo.environment
        return env["STANCE_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? env["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    }

    /// Resolves and encodes one event.
    mutating func prepare(_ line: EventLine) throws(DomainError) -> NewEvent {
        var event = line.event
        let isKnown = line.id.map { knownIDs.contains($0) } ?? false
        if event.type.effect == .registersActor && !isKnown {
            try StanceEvent.checkActorID(event.actor)
            if let existing = try? directory.resolve(event.actor), existing.id == event.actor {
                throw DomainError(.duplicateActor, field: "actor", "an actor with id '\(event.actor)' is already registered (\(existing.name)).")
            }
        } else if event.type.effect != .recordsCheckpoint {
            event.actor = try directory.resolve(event.actor, field: "actor").id
        }
        if let toward = event.toward { event.toward = try directory.resolve(toward, field: "toward").id }
        if let institution = event.institution { event.institution = try directory.resolve(institution, field: "in").id }
        try event.validate(in: zone)
        if event.type.effect == .assignsRole || event.type.effect == .endsRole {
            try checkRole(event)
        }
        let id = line.id ?? UUID()
        if !isKnown {
            if event.retracts != nil { try checkRetraction(event) }
            if event.replaces != nil { try checkReplacement(event) }
        }
        let new = NewEvent(
            id: id, stream: event.actor, type: event.type.name, schemaVersion: EventType.schemaVersion,
            occurredAt: event.occurred.startMillis(in: zone),
            precision: event.occurred.precisionName == "day" ? .day : .instant,
            payload: JSON.object(event.payload(in: zone)).serialized(),
            metadata: metadata(line.recordedBy))
        if !isKnown {
            let projected = ProjectedEvent(seq: nextSeq, id: id, recordedAt: 0, recordedBy: nil, event: event, in: zone)
            if event.retracts == nil { directory.apply(projected) }
            position[id] = events.count
            events.append(projected)
            if let target = event.retracts {
                // Retracting a retraction restores what that retraction withdrew.
                if let restored = self.event(withID: target)?.event.retracts, withdrawnBy[restored]?.id == target {
                    withdrawnBy[restored] = nil
                }
                withdrawnBy[target] = projected
            }
            knownIDs.insert(id)
            nextSeq += 1
        }
        return new
    }

    /// A role is held by a person in an institution or group, never in a person or in oneself.
    private func checkRole(_ event: StanceEvent) throws(DomainError) {
        if let holder = directory.actors[event.actor], holder.kind != .person {
            throw DomainError(.invalidValue, field: "actor", "'\(holder.id)' is \("aeiou".contains(holder.kind.rawValue.first!) ? "an" : "a") \(holder.kind.rawValue); only a person holds a role.")
        }
        if let institution = event.institution.flatMap({ directory.actors[$0] }), institution.kind == .person {
            throw DomainError(.invalidValue, field: "in", "'\(institution.id)' is a person; a role is held in an institution, group, party, state, igo or movement.")
        }
    }

    private func metadata(_ lineRecorder: String?) -> String {
        var object = JSONObject()
        object["recordedBy"] = .string(lineRecorder ?? recordedBy)
        if let batch { object["batch"] = .string(batch) }
        return JSON.object(object).serialized()
    }
}
