import EventStore
import Foundation
import Projections
import StanceDomain

/// An open store with its time zone: what every command that touches a store starts from.
struct StoreContext {
    let store: SQLiteEventStore
    let zone: StoreTimeZone

    /// The setting that holds the store's IANA time zone.
    static let timezoneKey = "timezone"

    /// Opens the store that `--db` (or `$STANCE_DB`) names.
    static func open(_ options: GlobalOptions) throws -> StoreContext {
        let store = try SQLiteEventStore.open(at: options.storePath, clock: SystemClock.clock())
        let name = try store.setting(timezoneKey) ?? "UTC"
        guard let zone = StoreTimeZone(identifier: name) else {
            throw CLIError(.failure, "The store at \(store.path) names the time zone '\(name)', which this system does not know.")
        }
        return StoreContext(store: store, zone: zone)
    }

    /// Replays the log, or the part of it recorded up to `asOf`, into the projections.
    func replay(asOf: ResolvedAsOf? = nil) throws -> Replay {
        try Replayer.replay(store, in: zone, asOf: asOf?.asOf)
    }

    /// Parses a `--on`/`--at`/`--from` value in the store's time zone, naming the option on error.
    func time(_ text: String, option: String) throws -> WorldTime {
        do { return try WorldTime.parse(text, in: zone) } catch {
            throw CLIError(.dataError, "--\(option): \(error.description)")
        }
    }
}

/// Where the command line reads the time: the system clock, or `$STANCE_NOW` (an instant such
/// as 2026-01-01T00:00:00Z) so that tests and reproducible demos get fixed `recorded_at` values.
/// The store itself never reads a clock: it is handed this one.
enum SystemClock {
    static func clock() throws -> StoreClock {
        if let fixed = ProcessInfo.processInfo.environment["STANCE_NOW"], !fixed.isEmpty {
            guard case .instant(let ms)? = try? WorldTime.parse(fixed, in: .utc) else {
                throw CLIError(.usage, "$STANCE_NOW must be an instant such as 2026-01-01T00:00:00Z, not '\(fixed)'.")
            }
            return StoreClock.fixed(ms * 1000)
        }
        return StoreClock { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }
    }
}

extension StoreContext {
    /// Runs `body` with a recorder inside one store write, once the key index is level with
    /// the log (a store from before the index is indexed here, once).
    ///
    /// With `pipelined`, for a large batch, `body` runs on a thread of its own while SQLite
    /// inserts on the connection's (see ``EventPipeline``); the outcome is the same.
    func record<T>(
        directory: Recorder.DirectoryScope = .asNeeded, recordedBy: String?, batch: UUID?, pipelined: Bool = false,
        _ body: (inout Recorder) throws -> T
    ) throws -> T {
        try KeyIndex.catchUp(store, in: zone)
        return try store.write { writer in
            guard pipelined else {
                var recorder = try Recorder(writer: writer, zone: zone, directory: directory, recordedBy: recordedBy, batch: batch)
                return try body(&recorder)
            }
            return try EventPipeline.run(writer) { writer in
                var recorder = try Recorder(writer: writer, zone: zone, directory: directory, recordedBy: recordedBy, batch: batch)
                return try body(&recorder)
            }
        }
    }
}

extension StoreContext {
    /// What a question about `actor`'s positions (toward `targets`, or toward everyone when nil)
    /// needs: the events under its keys when the key index is level with the log, so that the
    /// answer costs what its evidence costs; the whole log otherwise (a read-only store from
    /// before the index). Either way the answer is the same.
    ///
    /// With `positions` false, only the actor's registration and roles (held, and held in it).
    func replay(about actor: String, toward targets: [String]?, asOf: ResolvedAsOf?, positions: Bool = true) throws -> Replay {
        try scope(about: actor, toward: targets, asOf: asOf, positions: positions)?.scope.replay ?? replay(asOf: asOf)
    }

    /// What `position ACTOR --toward TARGET` needs at `cut`: the pair's events, then the
    /// signals its answer shows, those since the position's last change up to the cut.
    /// With `explaining`, also what role holders and the people named said while not speaking
    /// for it (see ``QueryScope/includePositions(of:toward:explaining:)``): what `--explain` lists.
    func replay(about actor: String, toward target: String, at cut: WorldCut, asOf: ResolvedAsOf?, explaining: Set<String>? = nil) throws -> Replay {
        guard var found = try scope(about: actor, toward: [target], asOf: asOf, positions: true, explaining: explaining) else {
            return try replay(asOf: asOf)
        }
        guard let subject = found.subject, let toward = found.targets?.first else { return found.scope.replay }
        try found.scope.includeSignals(of: subject.id, toward: toward.id, at: cut)
        return found.scope.replay
    }

    /// The two moments `stance diff` compares: through the key index (see
    /// ``PositionDiff/scopes(_:zone:actor:toward:from:to:)``), or replayed whole when it cannot
    /// be used (a read-only store from before it).
    func replays(about actor: String, toward target: String?, from: ResolvedAsOf, to: ResolvedAsOf) throws -> (before: Replay, after: Replay) {
        guard try keyIndexIsCurrent() else { return (try replay(asOf: from), try replay(asOf: to)) }
        return try PositionDiff.scopes(store, zone: zone, actor: actor, toward: target, from: (from.seq, from.asOf), to: (to.seq, to.asOf))
    }

    /// Every position of the actors these names resolve to, toward everyone, with the
    /// registrations of the names, of `others` and of everyone the positions name, as of a
    /// moment (`seq` its last event, nil for the whole log): what `report` and `chart` draw for
    /// several actors, read through the key index. A name that does not resolve is left for the
    /// caller to report, as a full replay's directory would. Nil when the index cannot be used
    /// (a read-only store from before it).
    func replay(drawing names: [String], alsoNaming others: [String] = [], through seq: Int64?, asOf: AsOf?) throws -> Replay? {
        guard try keyIndexIsCurrent() else { return nil }
        var scope = try QueryScope(store: store, zone: zone, through: seq, asOf: asOf)
        try scope.include(names: names + others)
        let directory = scope.directory
        for actor in names.compactMap({ try? directory.resolve($0) }) {
            try scope.includePositions(of: actor.id, toward: nil)
        }
        return scope.replay
    }

    /// A scope holding what a question about `actor` needs, or nil when the key index cannot
    /// be used (a read-only store from before it). When a name does not resolve, the scope
    /// holds the registrations read so far, and the command reports the name with the same
    /// message a full replay would give.
    private func scope(
        about actor: String, toward targets: [String]?, asOf: ResolvedAsOf?, positions: Bool, explaining: Set<String>? = nil
    ) throws -> (scope: QueryScope, subject: Actor?, targets: [Actor]?)? {
        guard try keyIndexIsCurrent() else { return nil }
        var scope = try QueryScope(store: store, zone: zone, through: asOf?.seq, asOf: asOf?.asOf)
        try scope.include(names: [actor] + (targets ?? []))
        let directory = scope.directory
        guard let subject = try? directory.resolve(actor) else { return (scope, nil, nil) }
        guard positions else {
            try scope.widen([EventKeys.actor(subject.id), EventKeys.roles(in: subject.id)])
            return (scope, subject, nil)
        }
        var resolved: [Actor]?
        if let targets {
            resolved = targets.compactMap { try? directory.resolve($0) }
            guard resolved?.count == targets.count else { return (scope, subject, nil) }
        }
        try scope.includePositions(of: subject.id, toward: resolved?.map(\.id), explaining: explaining)
        return (scope, subject, resolved)
    }

    /// Whether keyed reads see the whole log, catching the index up when the store can be written.
    func keyIndexIsCurrent() throws -> Bool {
        let (indexed, head) = try store.keyIndexState()
        if indexed == head { return true }
        guard store.hasKeyIndex, (try? KeyIndex.catchUp(store, in: zone)) != nil else { return false }
        let now = try store.keyIndexState()
        return now.indexed == now.head
    }
}

extension StoreContext {
    /// Every actor and role, as of a moment: the directory's events only, through the key
    /// index when it is level with the log.
    func directoryReplay(asOf: ResolvedAsOf?) throws -> Replay {
        guard try keyIndexIsCurrent() else { return try replay(asOf: asOf) }
        var scope = try QueryScope(store: store, zone: zone, through: asOf?.seq, asOf: asOf?.asOf)
        try scope.widen([EventKeys.directory])
        return scope.replay
    }
}
