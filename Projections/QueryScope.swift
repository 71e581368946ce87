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
    /// Reads the events under some keys that occurred in a range (nil: any), in `seq` order.
    private let read: (Set<String>, ClosedRange<Int64>?) throws -> [RecordedEvent]
    private let asOf: AsOf?
    private var keys: Set<String> = []
    /// Every seq read so far, decoded or not; the decoded events themselves live in `replay`.
    private var seen: Set<Int64> = []
    private var skipped: [Int64: String] = [:]
    /// The fold of every event read so far.
    public private(set) var replay: Replay

    /// A scope over the store's log, up to `through` (an as-of moment's last `seq`; nil for
    /// the whole log).
    public init(store: any EventStore, zone: StoreTimeZone, through: Int64?, asOf: AsOf? = nil) throws {
        try self.init(zone: zone, asOf: asOf) { keys, occurred in try store.events(withAnyOf: keys, through: through, occurred: occurred) }
    }

    /// A scope over what a writer sees: the log and what this write appended so far.
    public init(writer: any EventWriter, zone: StoreTimeZone) throws {
        try self.init(zone: zone, asOf: nil) { keys, occurred in
            try writer.events(withAnyOf: keys).filter { occurred?.contains($0.occurredAt) ?? true }
        }
    }

    private init(zone: StoreTimeZone, asOf: AsOf?, read: @escaping (Set<String>, ClosedRange<Int64>?) throws -> [RecordedEvent]) throws {
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
        try fold(try read(fresh, nil))
    }

    /// Reads the events under `keys` that occurred in `occurred` (ms since the epoch; a day's
    /// event counts by its first instant), and folds everything read again. The keys are not
    /// marked read: their other events are not.
    public mutating func widen(_ keys: Set<String>, occurred: ClosedRange<Int64>) throws {
        let fresh = try fold(try read(keys.subtracting(self.keys), occurred))
        // What withdraws or confirms them may have occurred at any time: a retraction carries
        // the keys of what it names, and `retracts:` finds it (and any retraction of it).
        var named: Set<String> = []
        for event in fresh {
            named.insert(EventKeys.retractions(of: event.id))
            if let replaces = event.event.replaces { named.insert(EventKeys.retractions(of: replaces)) }
        }
        try widen(named)
    }

    /// Decodes the events not read before and folds everything read again; returns those it
    /// decoded.
    @discardableResult
    private mutating func fold(_ recordedEvents: [RecordedEvent]) throws -> [ProjectedEvent] {
        var fresh: [ProjectedEvent] = []
        var failed = false
        for recorded in recordedEvents where seen.insert(recorded.seq).inserted {
            do {
                fresh.append(try ProjectedEvent(recorded, in: zone))
            } catch {
                skipped[recorded.seq] = "\(error)"
                failed = true
            }
        }
        if failed { replay.skipped = skipped.keys.sorted().map { ($0, skipped[$0]!) } }
        guard !fresh.isEmpty else { return [] }
        // The replay's own array is taken over rather than copied: a decoded event is large,
        // and a wide question holds tens of thousands.
        var all = replay.events
        replay = Replay(zone: zone, asOf: asOf)
        all.append(contentsOf: fresh)
        all.sort { $0.seq < $1.seq }
        replay = Replay(zone: zone, asOf: asOf, folding: all)
        replay.skipped = skipped.keys.sorted().map { ($0, skipped[$0]!) }
        return fresh
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
        try widen([EventKeys.registration(actor), EventKeys.roles(in: actor)])
        // Of the speakers, their registrations (their roles in the actor are read already),
        // and only what bears on the targets asked about: an institution with many members
        // would otherwise read each member's every signal and role.
        var more: Set<String> = []
        for speaker in speakers(of: actor) {
            more.insert(EventKeys.registration(speaker))
            if let targets {
                for target in targets { more.insert(EventKeys.pair(speaker, target)) }
            } else {
                more.insert(EventKeys.signals(of: speaker))
                more.insert(EventKeys.positions(of: speaker))
            }
        }
        more.formUnion((targets ?? []).map(EventKeys.registration))
        try widen(more)
        if targets == nil {
            try widen(Set(replay.query.targets(of: actor).map(EventKeys.registration)))
        }
    }

    /// The signals an answer shows beside the position: those of the actor and its speakers
    /// toward its target or toward no one, since the answer's last change up to the cut. Call
    /// after ``includePositions(of:toward:)``, which reads what the answer is made of.
    public mutating func includeSignals(shownWith answer: PositionAnswer) throws {
        let since = PositionQuery.signalStart(since: answer.since, in: zone)
        var keys: Set<String> = []
        for speaker in speakers(of: answer.actor.id) {
            keys.insert(EventKeys.signals(of: speaker, toward: answer.toward.id))
            keys.insert(EventKeys.signals(of: speaker, toward: nil))
        }
        try widen(keys, occurred: since...max(since, answer.cut.millis))
    }

    /// The actor and everyone who holds (or held) a role in it, in id order.
    private func speakers(of actor: String) -> [String] {
        [actor] + Set(replay.directory.roleSpans().filter { $0.institution == actor }.map(\.person)).sorted()
    }
}
