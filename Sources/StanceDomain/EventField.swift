/// A field of an event's payload: its JSON key, the kind of value it holds and how it is shown.
///
/// The order of the cases is the canonical order of keys in a stored payload, so the same
/// event always encodes to the same bytes.
public enum EventField: String, CaseIterable, Sendable, Hashable {
    case actor
    case toward
    case position
    case strength
    case name
    case kind
    case aliases
    case codes
    case institution = "in"
    case role
    case until
    /// The id of the event a retraction withdraws.
    case retracts
    /// Why an event is retracted.
    case reason
    /// On a retraction made by `stance correct`: the id of the replacement.
    case replacedBy
    /// On a replacement made by `stance correct`: the id of the event it replaces.
    case replaces
    /// On a checkpoint: the last seq it covers.
    case coversSeq
    /// On a checkpoint: the chain head (hash of `coversSeq`), as hex.
    case head
    /// On a checkpoint: each projection's digest, as hex, by projection name.
    case digests
    /// On a signed checkpoint: the Ed25519 signature, as hex.
    case signature
    /// On a signed checkpoint: the Ed25519 public key that made the signature, as hex.
    case publicKey
    case summary
    case quote
    case source
    case confidence

    /// The kind of value a field holds, which decides how it is parsed and checked.
    public enum ValueKind: Sendable, Hashable {
        /// An actor id; aliases and codes are resolved to the id before the event is stored.
        case actorReference
        /// The id of the actor being registered: a lowercase slug.
        case newActorID
        case text
        case textList
        case position
        case strength
        case actorKind
        case role
        /// A day or an instant.
        case worldTime
        /// A number from 0 to 1.
        case confidence
        /// The id (UUID) of another event in the log.
        case eventReference
        /// A whole number, 1 or more.
        case positiveInteger
        /// Lowercase hexadecimal bytes.
        case hex
        /// An object of names to lowercase hexadecimal digests.
        case digestMap
    }

    public var valueKind: ValueKind {
        switch self {
        case .actor, .toward, .institution: return .actorReference
        case .position: return .position
        case .strength: return .strength
        case .name, .summary, .quote, .source: return .text
        case .kind: return .actorKind
        case .aliases, .codes: return .textList
        case .role: return .role
        case .until: return .worldTime
        case .confidence: return .confidence
        case .retracts, .replacedBy, .replaces: return .eventReference
        case .reason: return .text
        case .coversSeq: return .positiveInteger
        case .head, .signature, .publicKey: return .hex
        case .digests: return .digestMap
        }
    }

    /// The fields every event type accepts: where the report came from and how sure it is.
    public static let common: [EventField] = [.summary, .quote, .source, .confidence]

    /// The longest text a field may hold, in bytes: generous for a quote, small enough that a
    /// runaway value is caught as an error rather than stored.
    public static let maximumTextBytes = 64 * 1024
}
