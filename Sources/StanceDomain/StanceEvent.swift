import Foundation

/// One event in the political vocabulary: who did what toward whom, when, on what evidence.
///
/// Actor fields hold ids once the event is recorded; before that, a caller may put any alias or
/// code there and resolve it against the actor directory.
///
/// ```swift
/// var event = StanceEvent(type: .named("resignation-called-for")!, occurred: .day(date), actor: "kaliman")
/// event.toward = "morales"
/// event.strength = .suggested
/// ```
public struct StanceEvent: Sendable, Hashable {
    public var type: EventType
    public var occurred: WorldTime
    public var actor: String
    public var toward: String?
    public var position: Position?
    public var strength: ResignationStrength?
    public var name: String?
    public var kind: ActorKind?
    public var aliases: [String] = []
    public var codes: [String] = []
    public var institution: String?
    public var role: Role?
    public var until: WorldTime?
    public var retracts: UUID?
    public var reason: String?
    public var replacedBy: UUID?
    public var replaces: UUID?
    public var coversSeq: Int64?
    public var head: String?
    public var digests: [String: String] = [:]
    public var signature: String?
    public var publicKey: String?
    public var summary: String?
    public var quote: String?
    public var source: String?
    public var confidence: Double?

    public init(type: EventType, occurred: WorldTime, actor: String) {
        self.type = type
        self.occurred = occurred
        self.actor = actor
    }

    /// The stream of store-level events (checkpoints), which are about the store, not an actor.
    /// Not a valid actor id (actor ids never start with an underscore), so it cannot clash.
    public static let storeStream = "_store"

    /// The position this event sets toward `toward`, or nil when it sets none.
    public var setsPosition: Position? {
        switch type.effect {
        case .sets(let position): return position
        case .setsGivenPosition: return position
        default: return nil
        }
    }

    /// Whether the event is shown beside positions as a signal.
    public var isSignal: Bool { type.effect == .signal }

    /// The strength of a resignation call, with its default.
    public var effectiveStrength: ResignationStrength? {
        type.name == "resignation-called-for" ? (strength ?? .demanded) : nil
    }

    /// The actor ids this event refers to besides its own actor, with the field naming each.
    public var references: [(field: EventField, id: String)] {
        var refs: [(EventField, String)] = []
        if let toward { refs.append((.toward, toward)) }
        if let institution { refs.append((.institution, institution)) }
        return refs
    }
}
