import Foundation
import StanceDomain

/// What an event bears on, as the index keys the store keeps beside it: the questions whose
/// answer can change because of it. A question reads the events under its keys instead of
/// the whole log, and its answer is the same as a full replay's because every event that
/// could change it carries one of those keys.
///
/// A retraction carries the keys of the event it withdraws (and of a correction's
/// replacement), so a question that reads an event also reads whatever withdraws it, and
/// whatever restores it.
///
/// ```swift
/// let keys = EventKeys.keys(of: event) { id in try lookup(id) }
/// let pair = EventKeys.pair("bolivian-armed-forces", "morales")   // "pair:bolivian-armed-forces>morales"
/// ```
///
/// The rules are part of the store's schema: a store's index holds the keys these rules gave
/// when each event was appended, and the audit compares it with what they give now. Changing
/// a rule therefore needs a schema migration that empties the index, so that it is rebuilt.
public enum EventKeys {
    /// Every registration and role event: what a full directory is folded from.
    public static let directory = "directory"
    /// Events that could not be decoded when indexed: every keyed read includes them, so that
    /// each answer still warns about them.
    public static let undecodable = "undecodable"

    /// The actor's registration and role events.
    public static func actor(_ id: String) -> String { "actor:\(id)" }
    /// The actor's registration alone: what a question needs of the people speaking for an
    /// institution besides their roles in it, which ``roles(in:)`` holds.
    public static func registration(_ id: String) -> String { "registered:\(id)" }
    /// Registrations answering to a name (id, name, alias or code), case-insensitively.
    public static func name(_ name: String) -> String { "name:\(name.lowercased())" }
    /// Role events in an institution: who speaks for it, when.
    public static func roles(in institution: String) -> String { "roles:\(institution)" }
    /// Events setting `actor`'s position toward `toward`.
    public static func pair(_ actor: String, _ toward: String) -> String { "pair:\(actor)>\(toward)" }
    /// Every position-setting event of an actor, whatever its target.
    public static func positions(of actor: String) -> String { "from:\(actor)" }
    /// An actor's signals.
    public static func signals(of actor: String) -> String { "signal:\(actor)" }
    /// An actor's signals toward one target (nil: the signals toward no one in particular),
    /// which are all a question about that target shows.
    public static func signals(of actor: String, toward target: String?) -> String { "signal:\(actor)>\(target ?? "")" }
    /// The retractions naming an event.
    public static func retractions(of id: UUID) -> String { "retracts:\(id.uuidString.lowercased())" }

    /// The keys of an event. A retraction's include those of the events it names, found
    /// through `lookup` (nil for an id the log does not hold).
    public static func keys<E: Error>(of event: StanceEvent, lookup: (UUID) throws(E) -> StanceEvent?) throws(E) -> [String] {
        var keys = own(event)
        if let target = event.retracts {
            keys.append(retractions(of: target))
            for id in [target, event.replacedBy].compactMap({ $0 }) {
                if let named = try lookup(id) { keys += try Self.keys(of: named, lookup: lookup) }
            }
        }
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// The keys an event carries for what it says itself.
    static func own(_ event: StanceEvent) -> [String] {
        var keys: [String] = []
        switch event.type.effect {
        case .registersActor:
            keys += [directory, actor(event.actor), registration(event.actor)]
            let names = [event.actor] + [event.name].compactMap { $0 } + event.aliases + event.codes
            keys += names.map(name)
        case .assignsRole, .endsRole:
            keys += [directory, actor(event.actor)] + [event.institution].compactMap { $0 }.map { roles(in: $0) }
        case .endsRolesIn:
            keys += [directory, actor(event.actor)] + [event.toward].compactMap { $0 }.map { roles(in: $0) }
        default:
            break
        }
        if event.setsPosition != nil, let toward = event.toward {
            keys += [pair(event.actor, toward), positions(of: event.actor)]
        }
        if event.isSignal {
            keys += [signals(of: event.actor), signals(of: event.actor, toward: event.toward)]
        }
        return keys
    }
}
