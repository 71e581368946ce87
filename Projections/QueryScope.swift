import EventStore
import Foundation
import StanceDomain

/// The part of the log a question needs, read through the key index in a few rounds: the
/// registrations answering to the names asked about, then the roles of the actors they
/// resolve to, then the positions of those actors and of the people speaking for them.
///
/// Its ``replay`` folds only those events, with the same code as a full replay, and answers
/// the question exactly as a full replay would: every event that can change the answer carries
/// one of the keys read (see ``EventKeys``). The cost follows the size of the answer's
/// evidence, not of the log.
///
/// ```swift
/// var scope = try QueryScope(store: store, zone: zone, through: nil)
/// try scope.include(names: ["military", "morales"])
/// let military = try scope.replay.directory.resolve("military")
/// try scope.includePositions(of: military.id, toward: [morales.id])
/// let answer = scope.replay.query.answer(actor: military, toward: morales, cut: cut)
/// ```
public struct QueryScope {
    public let zone: StoreTimeZone
    /// Reads the events under some keys, in `seq` order.
    private let read: (Set<String>) throws -> [RecordedEvent]
    private let asOf: AsOf?
    private var keys: Set<String> = []
    private var events: [Int64: ProjectedEvent] = [:]
    private var skipped: [Int64: String] = [:]
    /// The fold of every event read so far.
    public private(set) var replay: Replay

    /// A scope over the store's log, up to `through` (an as-of moment's last `seq`; nil for
    /// the whole log).
    public init(store: any EventStore, zone: StoreTimeZone, through: Int64?, asOf: AsOf? = nil) throws {
        try self.init(zone: zone, asOf: asOf) { keys in try store.events(withAnyOf: keys, through: through) }
    }

    /// A scope over what a writer sees: the log and what this write appended so far.
    public init(writer: any EventWriter, zone: StoreTimeZone) throws {
        try self.init(zone: zone, asOf: nil) { keys in try writer.events(withAnyOf: keys) }
    }

    private init(zone: StoreTimeZone, asOf: AsOf?, read: @escaping (Set<String>) throws -> [RecordedEvent]) throws {
        self.read = read
        self.zone = zone
        self.asOf = asOf
        self.replay = Replay(zone: zone, asOf: asOf)
        try widen([EventKeys.undecodable])
    }

    /// Reads the events under keys not read yet, and folds everything read again.
    public mutating func widen(_ more: Set<String>) throws {
        let fresh = more.subtracting(keys)
        guard !fresh.isEmpty else { return }
        keys.formUnion(fresh)
        for recorded in try read(fresh) where events[recorded.seq] == nil && skipped[recorded.seq] == nil {
            do {
                events[recorded.seq] = try ProjectedEvent(recorded, in: zone)
            } catch {
                skipped[recorded.seq] = "\(error)"
            }
        }
        var replay = Replay(zone: zone, asOf: asOf)
        replay.apply(events.keys.sorted().map { events[$0]! })
        replay.skipped = skipped.keys.sorted().map { ($0, skipped[$0]!) }
        self.replay = replay
    }

    /// The registrations that answer to these names, so that the directory resolves them as
    /// the full one would (an ambiguous name stays ambiguous).
    public mutating func include(names: [String]) throws {
        try widen(Set(names.map(EventKeys.name)))
    }

    /// Everything that sets or shows the actor's position toward each of `targets` (every
    /// target when nil): its own events and those of the people who hold roles in it, with the
    /// registrations of everyone involved.
    public mutating func includePositions(of actor: String, toward targets: [String]?) throws {
        try widen([EventKeys.actor(actor), EventKeys.roles(in: actor)])
        let speakers = Set(replay.directory.roleSpans().filter { $0.institution == actor }.map(\.person))
        var more: Set<String> = []
        for speaker in [actor] + speakers.sorted() {
            more.insert(EventKeys.actor(speaker))
            more.insert(EventKeys.signals(of: speaker))
            if let targets {
                for target in targets { more.insert(EventKeys.pair(speaker, target)) }
            } else {
                more.insert(EventKeys.positions(of: speaker))
            }
        }
        more.formUnion((targets ?? []).map(EventKeys.actor))
        try widen(more)
        if targets == nil {
            try widen(Set(replay.query.targets(of: actor).map(EventKeys.actor)))
        }
    }
}
