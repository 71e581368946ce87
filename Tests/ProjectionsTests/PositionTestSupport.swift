import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

let laPaz = StoreTimeZone(identifier: "America/La_Paz")!

/// A day, written `YYYY-MM-DD`.
func day(_ text: String) -> WorldTime {
    guard let date = CivilDate.parse(text) else { fatalError("not a day: \(text)") }
    return .day(date)
}

/// An instant, written with an offset (or read as local time in `zone`).
func instant(_ text: String, in zone: StoreTimeZone = .utc) -> WorldTime {
    guard let time = try? WorldTime.parse(text, in: zone), case .instant = time else { fatalError("not an instant: \(text)") }
    return time
}

/// A deterministic UUID for the n-th event made in a test.
func eventID(_ n: Int) -> UUID {
    UUID(uuidString: String(format: "00000000-0000-4000-8000-%012x", n))!
}

/// A log written by hand: events get ids as they are made and `seq` as they are recorded, and
/// a replay folds them in recording order, as `Replayer` does with a store.
struct Chronicle {
    let zone: StoreTimeZone
    private(set) var recorded: [ProjectedEvent] = []
    private var made = 0

    init(zone: StoreTimeZone = .utc) {
        self.zone = zone
    }

    /// Makes an event without recording it (for recording later, or in another order).
    mutating func make(
        _ typeName: String, _ occurred: WorldTime, _ actor: String, toward: String? = nil,
        position: Position? = nil, strength: ResignationStrength? = nil, in institution: String? = nil,
        role: Role? = nil, until: WorldTime? = nil, summary: String? = nil,
        configure: (inout StanceEvent) -> Void = { _ in }
    ) -> (id: UUID, event: StanceEvent) {
        guard let type = EventType.named(typeName) else { fatalError("no type \(typeName)") }
        var event = StanceEvent(type: type, occurred: occurred, actor: actor)
        event.toward = toward
        event.position = position
        event.strength = strength
        event.institution = institution
        event.role = role
        event.until = until
        event.summary = summary ?? (type.required.contains(.summary) || type.effect == .setsGivenPosition ? "said so" : nil)
        configure(&event)
        do { try event.validate(in: zone) } catch { fatalError("invalid test event: \(error)") }
        made += 1
        return (eventID(made), event)
    }

    /// Records a made event with the next `seq`.
    @discardableResult
    mutating func record(_ made: (id: UUID, event: StanceEvent)) -> ProjectedEvent {
        let projected = ProjectedEvent(
            seq: Int64(recorded.count + 1), id: made.id, recordedAt: Int64(recorded.count + 1) * 1_000,
            recordedBy: "test", event: made.event, in: zone)
        recorded.append(projected)
        return projected
    }

    /// Makes and records an event.
    @discardableResult
    mutating func record(
        _ typeName: String, _ occurred: WorldTime, _ actor: String, toward: String? = nil,
        position: Position? = nil, strength: ResignationStrength? = nil, in institution: String? = nil,
        role: Role? = nil, until: WorldTime? = nil, summary: String? = nil
    ) -> ProjectedEvent {
        record(make(
            typeName, occurred, actor, toward: toward, position: position, strength: strength,
            in: institution, role: role, until: until, summary: summary))
    }

    /// Registers actors (as of 2000-01-01, long before anything else in the tests).
    mutating func register(_ ids: String..., kind: ActorKind = .person) {
        for id in ids { register(id, kind: kind, aliases: []) }
    }

    mutating func register(_ id: String, kind: ActorKind, name: String? = nil, aliases: [String], codes: [String] = []) {
        record(make("actor-registered", day("2000-01-01"), id) { event in
            event.name = name ?? id.capitalized
            event.kind = kind
            event.aliases = aliases
            event.codes = codes
        })
    }

    var replay: Replay {
        var replay = Replay(zone: zone)
        for event in recorded { replay.apply(event) }
        return replay
    }

    var query: PositionQuery { replay.query }
}

extension PositionQuery {
    func actor(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Actor {
        try #require(directory.actors[id], "no actor \(id)", sourceLocation: sourceLocation)
    }

    /// The answer to "what was `actor`'s position toward `toward` at `time`?".
    func answer(_ actor: String, _ toward: String, _ time: WorldTime, sourceLocation: SourceLocation = #_sourceLocation) throws -> PositionAnswer {
        answer(
            actor: try self.actor(actor, sourceLocation: sourceLocation),
            toward: try self.actor(toward, sourceLocation: sourceLocation),
            cut: WorldCut(time, in: directory.zone))
    }

    func position(_ actor: String, _ toward: String, _ time: WorldTime, sourceLocation: SourceLocation = #_sourceLocation) throws -> Position {
        try answer(actor, toward, time, sourceLocation: sourceLocation).position
    }

    func timeline(_ actor: String, _ toward: String, from: WorldTime? = nil, until: WorldTime? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Timeline {
        timeline(
            actor: try self.actor(actor, sourceLocation: sourceLocation),
            toward: try self.actor(toward, sourceLocation: sourceLocation), from: from, until: until)
    }
}

extension PositionAnswer {
    var evidenceIDs: [UUID] { evidence.map(\.event.id) }
    var signalIDs: [UUID] { signals.map(\.event.id) }
}

extension PositionChange {
    var transition: String { "\(from.rawValue)->\(to.rawValue)" }
}

/// The envelope a recorder would append for an event: canonical payload, day or instant.
func newEvent(_ id: UUID, _ event: StanceEvent, in zone: StoreTimeZone, recordedBy: String = "test") -> NewEvent {
    NewEvent(
        id: id, stream: event.actor, type: event.type.name, schemaVersion: EventType.schemaVersion,
        occurredAt: event.occurred.startMillis(in: zone),
        precision: event.occurred.precisionName == "day" ? .day : .instant,
        payload: JSON.object(event.payload(in: zone)).serialized(),
        metadata: JSON.object(["recordedBy": .string(recordedBy)]).serialized())
}
