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
    /// Reads the events under some windows of the key index, each once, in `seq` order.
    private let read: ([KeyWindow]) throws -> RawEventPage
    private let asOf: AsOf?
    /// Whether a window reads what withdraws the events in it (see
    /// ``KeyWindow/timelessKeyPrefix``); else each event read through a window has its
    /// retractions looked up.
    private let windowsReadRetractions: Bool
    /// The keys read whole; a window of one of them would read nothing new.
    private var keys: Set<String> = []
    /// Every seq read so far, decoded or not; the decoded events themselves are `events`.
    private var seen: Set<Int64> = []
    /// The ids of the events folded.
    private var folded: Set<UUID> = []
    private var skipped: [Int64: String] = [:]
    /// Every event read so far and kept, in `seq` order.
    private var events: [ProjectedEvent] = []
    /// The folds of `events`, made when first asked for; a new one each time `events` or
    /// `skipped` grows.
    private var folds = Folds()
    private var skippedFolded = 0

    /// The fold of every event read so far.
    public var replay: Replay {
        if let replay = folds.replay { return replay }
        var replay = Replay(zone: zone, asOf: asOf, folding: events)
        replay.skipped = skipped.keys.sorted().map { ($0, skipped[$0]!) }
        folds.replay = replay
        return replay
    }

    /// The directory of every event read so far: ``replay``'s, without folding the positions,
    /// which the rounds that only choose what to read next never look at.
    public var directory: ActorDirectory {
        if let directory = folds.replay?.directory ?? folds.directory { return directory }
        let directory = Replay.directory(folding: events, zone: zone)
        folds.directory = directory
        return directory
    }

    /// Where the folds are kept once made: a class, so that reading them stays non-mutating.
    private final class Folds {
        var replay: Replay?
        var directory: ActorDirectory?
    }

    /// A scope over the store's log, up to `through` (an as-of moment's last `seq`; nil for
    /// the whole log).
    public init(store: any EventStore, zone: StoreTimeZone, through: Int64?, asOf: AsOf? = nil) throws {
        try self.init(zone: zone, asOf: asOf, windowsReadRetractions: store.timelessEventsInEveryWindow) { windows in
            try store.eventPage(in: windows, through: through)
        }
    }

    /// A scope over what a writer sees: the log and what this write appended so far.
    public init(writer: any EventWriter, zone: StoreTimeZone) throws {
        // A writer's store is at the current schema: opening it for writing upgraded it.
        try self.init(zone: zone, asOf: nil, windowsReadRetractions: true) { windows in RawEventPage(try writer.events(in: windows)) }
    }

    private init(zone: StoreTimeZone, asOf: AsOf?, windowsReadRetractions: Bool, read: @escaping ([KeyWindow]) throws -> RawEventPage) throws {
        self.read = read
        self.windowsReadRetractions = windowsReadRetractions
        self.zone = zone
        self.asOf = asOf
        try widen([EventKeys.undecodable])
    }

    /// Reads the events under keys not read yet; ``replay`` and ``directory`` fold everything
    /// read when next asked for.
    public mutating func widen(_ more: Set<String>) throws {
        try widen(more.sorted().map { KeyWindow($0) })
    }

    /// Reads the events in these windows of the index (``replay`` folds them when next asked
    /// for). A window without bounds reads its key whole and marks it read; the events of a
    /// bounded one bring what withdraws or confirms them, which may have occurred at any time:
    /// the window reads those itself (a retraction carries the keys of what it names, and is
    /// timeless), but in a store from before that rule, where they are looked up.
    public mutating func widen(_ windows: [KeyWindow]) throws {
        let whole = windows.filter { $0.occurred == nil && !keys.contains($0.key) }
        let bounded = windows.filter { $0.occurred != nil && !keys.contains($0.key) }
        guard !whole.isEmpty || !bounded.isEmpty else { return }
        keys.formUnion(whole.map(\.key))
        var fresh = whole.isEmpty ? [] : decode(try read(whole))
        if !bounded.isEmpty {
            let fromBounded = decode(try read(bounded))
            fresh += fromBounded
            guard !windowsReadRetractions else { return fold(fresh) }
            // A retraction carries the keys of what it names, and `retracts:` finds it (and any
            // retraction of it) wherever it occurred.
            var named: Set<String> = []
            for event in fromBounded {
                named.insert(EventKeys.retractions(of: event.id))
                if let replaces = event.event.replaces { named.insert(EventKeys.retractions(of: replaces)) }
            }
            named.subtract(keys)
            keys.formUnion(named)
            if !named.isEmpty { fresh += decode(try read(named.sorted().map { KeyWindow($0) })) }
        }
        fold(fresh)
    }

    /// Decodes the events not read before, from their bytes; those that cannot be decoded are
    /// kept as skipped.
    private mutating func decode(_ page: RawEventPage) -> [ProjectedEvent] {
        var fresh: [ProjectedEvent] = []
        for index in page.indices where seen.insert(page[index].seq).inserted {
            do {
                fresh.append(try ProjectedEvent(answeringRow: index, of: page, in: zone))
            } catch {
                skipped[page[index].seq] = "\(error)"
            }
        }
        return fresh
    }

    /// Takes in the events just decoded; everything read is folded again when next asked for.
    private mutating func fold(_ fresh: [ProjectedEvent]) {
        let kept = anchored(fresh)
        guard !kept.isEmpty || skipped.count != skippedFolded else { return }
        // New folds whenever anything changed, never the old ones emptied: a copy of this
        // scope may still share them.
        folds = Folds()
        skippedFolded = skipped.count
        // After `folds` let go of their replay, so that `events` is this scope's alone and
        // grows in place.
        if !kept.isEmpty { Self.merge(fresh, inOrder: kept, into: &events) }
    }

    /// The events just decoded but the retractions that name nothing read: a window reads
    /// every retraction under its keys whenever it occurred (see
    /// ``KeyWindow/timelessKeyPrefix``), and one that names no event read (nor the replacement
    /// it confirms) changes no answer, but would have everything folded again. It is set
    /// aside unread: it carries every key of what it names, so whatever reads that reads it
    /// again. In `seq` order, a retraction of a retraction set aside is set aside too.
    ///
    /// What a retraction names may come later in the log than the retraction (a log written by
    /// another tool and indexed by the catch-up, whose lookups find any event): a full replay
    /// honours it, so the events just decoded count as read whatever their seq, and setting
    /// aside goes on until it sets aside nothing more.
    ///
    /// Returns the indices of the events kept, in `seq` order: a decoded event is large to move.
    private mutating func anchored(_ fresh: [ProjectedEvent]) -> [Int] {
        let order = fresh.indices.sorted { fresh[$0].seq < fresh[$1].seq }
        var aside = Set<Int>()
        // Most rounds read no retraction, and then set nothing aside.
        if fresh.contains(where: { $0.event.retracts != nil }) {
            var present = folded.union(fresh.lazy.map(\.id))
            var settled = false
            while !settled {
                settled = true
                for index in order where !aside.contains(index) {
                    let event = fresh[index].event
                    guard let target = event.retracts, !present.contains(target), !(event.replacedBy.map(present.contains) ?? false) else { continue }
                    aside.insert(index)
                    present.remove(fresh[index].id)
                    settled = false
                }
            }
        }
        var kept: [Int] = []
        kept.reserveCapacity(fresh.count - aside.count)
        folded.reserveCapacity(folded.count + fresh.count - aside.count)
        for index in order {
            if !aside.isEmpty && aside.contains(index) {
                seen.remove(fresh[index].seq)
                continue
            }
            folded.insert(fresh[index].id)
            kept.append(index)
        }
        return kept
    }

    /// Merges the events just decoded (in any order) into those read before (in `seq` order),
    /// in place: the new ones go on the end in `seq` order, then the two runs are merged from
    /// the back, each event moving at most once (a decoded event is hundreds of bytes; sorting
    /// the events themselves moved each a dozen times). In place, and with room left over for
    /// the rounds after, so that a round that reads a few more events does not hold two copies
    /// of a wide question's tens of thousands: that raised a question's peak by ~20 MB.
    static func merge(_ fresh: [ProjectedEvent], into events: inout [ProjectedEvent]) {
        merge(fresh, inOrder: fresh.indices.sorted { fresh[$0].seq < fresh[$1].seq }, into: &events)
    }

    /// ``merge(_:into:)`` of the events of `fresh` at `order`'s indices, which are in `seq` order.
    static func merge(_ fresh: [ProjectedEvent], inOrder order: [Int], into events: inout [ProjectedEvent]) {
        let old = events.count, total = old + order.count
        if events.capacity < total { events.reserveCapacity(total + total / 4) }
        for index in order { events.append(fresh[index]) }
        events.withUnsafeMutableBufferPointer { all in
            var read = old - 1, next = order.count - 1, slot = total - 1
            // On a tie (never, as each seq is read once) the event read before goes last, as
            // a merge from the front would leave it.
            while next >= 0 {
                if read >= 0 && all[read].seq >= fresh[order[next]].seq {
                    all[slot] = all[read]
                    read -= 1
                } else {
                    all[slot] = fresh[order[next]]
                    next -= 1
                }
                slot -= 1
            }
        }
    }

    /// The registrations that answer to these names, so that the directory resolves them as
    /// the full one would (an ambiguous name stays ambiguous).
    public mutating func include(names: [String]) throws {
        try widen(Set(names.map(EventKeys.name)))
    }

    /// Everything that sets or shows the actor's position toward each of `targets` (every
    /// target when nil): its own events and those of the people who spoke for it while they
    /// did, with the registrations of everyone who held a role in it.
    ///
    /// With `explaining`, also everything said toward the targets by everyone who ever had a
    /// role event in the actor (withdrawn ones included) and by the people named, whether it
    /// counted or not: what ``PositionExplanation`` lists. An explanation as of a moment names
    /// the people the whole log knows (``PositionExplanation/everyone(in:institution:)``).
    public mutating func includePositions(of actor: String, toward targets: [String]?, explaining: Set<String>? = nil) throws {
        var first = [EventKeys.registration(actor), EventKeys.roles(in: actor)] + (targets ?? []).map(EventKeys.registration)
        first += Self.positionKeys(of: actor, toward: targets)
        try widen(Set(first))
        if let explaining {
            let everyone = explaining.union(PositionExplanation.everyone(in: events, institution: actor))
            try widen(Set(everyone.flatMap { [EventKeys.registration($0)] + Self.positionKeys(of: $0, toward: targets) }))
        }
        // A member's events count for the institution only while a speaking role lasts, so
        // only those are read: an institution with many members would otherwise read each
        // member's every statement. The spans are final: every role event in the actor, and
        // whatever withdraws one, was read whole above.
        try widen(Self.speakerWindows(of: actor, toward: targets, in: self))
        if targets == nil {
            try widen(Set(replay.query.targets(of: actor).map(EventKeys.registration)))
        }
    }

    /// Also reads what the actor's speakers said toward `targets` while they spoke for it as
    /// `other`, a scope of the same log at another moment, knows its roles: for a diff, whose
    /// later moment must show what the earlier one counted, though a role withdrawn in between
    /// no longer counts it. What was read counts only as this scope's own roles say.
    public mutating func includeSpeakers(of actor: String, toward targets: [String]?, asIn other: QueryScope) throws {
        try widen(Self.speakerWindows(of: actor, toward: targets, in: other))
    }

    /// The registrations of everyone who held a role in the actor, and what each said toward
    /// `targets` while speaking for it, as `scope` knows the roles.
    private static func speakerWindows(of actor: String, toward targets: [String]?, in scope: QueryScope) -> [KeyWindow] {
        var windows = scope.roleHolders(of: actor).map { KeyWindow(EventKeys.registration($0)) }
        for (person, spans) in scope.speakingSpans(of: actor) {
            for span in spans {
                windows += positionKeys(of: person, toward: targets).map { KeyWindow($0, occurred: span) }
            }
        }
        return windows
    }

    /// The keys of what an actor states toward `targets`, or everything it states and shows
    /// when nil.
    private static func positionKeys(of actor: String, toward targets: [String]?) -> [String] {
        guard let targets else { return [EventKeys.signals(of: actor), EventKeys.positions(of: actor)] }
        return targets.map { EventKeys.pair(actor, $0) }
    }

    /// The signals an answer shows beside the position: those of the actor and its speakers
    /// (while they spoke for it) toward its target or toward no one, since the answer's last
    /// change up to the cut. Call after ``includePositions(of:toward:explaining:)``, which reads
    /// what the answer is made of.
    public mutating func includeSignals(shownWith answer: PositionAnswer) throws {
        try includeSignals(of: answer.actor.id, toward: answer.toward.id, since: answer.since, cut: answer.cut)
    }

    /// ``includeSignals(shownWith:)`` for the answer at `cut`, found from its last change alone
    /// (``PositionQuery/lastChange(actor:toward:cut:)``): the answer itself is worked out once,
    /// with its signals.
    public mutating func includeSignals(of actor: String, toward: String, at cut: WorldCut) throws {
        try includeSignals(of: actor, toward: toward, since: replay.query.lastChange(actor: actor, toward: toward, cut: cut), cut: cut)
    }

    private mutating func includeSignals(of actor: String, toward: String, since change: PositionChange?, cut: WorldCut) throws {
        let since = PositionQuery.signalStart(since: change, in: zone)
        let shown = Self.widened(since...max(since, cut.millis))
        var windows: [KeyWindow] = []
        var spans = speakingSpans(of: actor)
        spans[actor] = [shown]
        for (speaker, ranges) in spans {
            for range in ranges where range.overlaps(shown) {
                let window = max(range.lowerBound, shown.lowerBound)...min(range.upperBound, shown.upperBound)
                windows.append(KeyWindow(EventKeys.signals(of: speaker, toward: toward), occurred: window))
                windows.append(KeyWindow(EventKeys.signals(of: speaker, toward: nil), occurred: window))
            }
        }
        try widen(windows)
    }
}
