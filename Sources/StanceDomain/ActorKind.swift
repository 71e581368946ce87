/// What kind of actor an id names.
///
/// ```swift
/// ActorKind(rawValue: "institution") // .institution
/// ```
public enum ActorKind: String, CaseIterable, Sendable, Hashable {
    case person, institution, group, party, state, igo, movement
}
