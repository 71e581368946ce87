/// One kind of event in the vocabulary: its name, its fields, its effect on positions and its
/// reference codes.
///
/// The whole vocabulary is the table ``EventType/all``: adding a type is adding one entry.
///
/// ```swift
/// let type = EventType.named("resignation-called-for")!
/// type.effect   // .sets(.callsForResignation)
/// type.required // [.actor, .toward]
/// ```
public struct EventType: Sendable, Hashable {
    /// The kebab-case name used on the command line and in JSON.
    public let name: String
    /// The fields this type requires, besides the occurred time.
    public let required: [EventField]
    /// The fields this type accepts besides the required and the common ones.
    public let optional: [EventField]
    public let effect: EventEffect
    /// CAMEO event codes (see `../shared/data/cameo-codes.tsv`) with their Goldstein scores.
    public let cameo: [CAMEOCode]
    /// The PLOVER category, when one fits.
    public let plover: String?
    /// One sentence for `stance types` and help text.
    public let summary: String

    /// A CAMEO event code with its Goldstein score, as published with GDELT's documentation.
    public struct CAMEOCode: Sendable, Hashable {
        public let code: String
        public let goldstein: Double
    }

    /// Every field an event of this type may carry.
    public var accepted: [EventField] {
        var fields = required + optional
        for field in EventField.common where !fields.contains(field) { fields.append(field) }
        if canBeReplaced { fields.append(.replaces) }
        return fields
    }

    /// Whether `stance correct` may replace an event of this type. Registrations are not
    /// corrected (the actor's id is referred to everywhere) and retractions are retracted.
    public var canBeReplaced: Bool {
        effect != .registersActor && effect != .retracts && effect != .recordsCheckpoint
    }

    /// The type with this name, or nil.
    public static func named(_ name: String) -> EventType? {
        byName[name]
    }

    public static let schemaVersion: Int64 = 1

    private static let byName: [String: EventType] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
