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
    public var name: String { definition.name }
    /// The fields this type requires, besides the occurred time.
    public var required: [EventField] { definition.required }
    /// The fields this type accepts besides the required and the common ones.
    public var optional: [EventField] { definition.optional }
    public var effect: EventEffect { definition.effect }
    /// CAMEO event codes (see `../shared/data/cameo-codes.tsv`) with their Goldstein scores.
    public var cameo: [CAMEOCode] { definition.cameo }
    /// The PLOVER category, when one fits.
    public var plover: String? { definition.plover }
    /// One sentence for `stance types` and help text.
    public var summary: String { definition.summary }

    /// The entry of the vocabulary, shared: every event carries its type, and a replay copies
    /// each event a few times, so a copy costs one reference rather than one per field (the
    /// name, three arrays and the summary were ~5% of a replay's CPU in retains and releases).
    private let definition: Definition

    private final class Definition: Sendable {
        let name: String
        let required: [EventField]
        let optional: [EventField]
        let effect: EventEffect
        let cameo: [CAMEOCode]
        let plover: String?
        let summary: String

        init(name: String, required: [EventField], optional: [EventField], effect: EventEffect, cameo: [CAMEOCode], plover: String?, summary: String) {
            self.name = name
            self.required = required
            self.optional = optional
            self.effect = effect
            self.cameo = cameo
            self.plover = plover
            self.summary = summary
        }
    }

    init(name: String, required: [EventField], optional: [EventField], effect: EventEffect, cameo: [CAMEOCode], plover: String?, summary: String) {
        definition = Definition(
            name: name, required: required, optional: optional, effect: effect, cameo: cameo, plover: plover, summary: summary)
    }

    /// Types are equal when their names are: a name is one entry of ``all`` (``named(_:)``
    /// would trap on two entries of one name).
    public static func == (lhs: EventType, rhs: EventType) -> Bool {
        lhs.definition === rhs.definition || lhs.name == rhs.name
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
    }

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
