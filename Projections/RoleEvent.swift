import StanceDomain

/// What the directory keeps of a role event (`role-assigned`, `role-ended`, `resigned`): what
/// role spans are computed from, a fifth of a decoded event's size, since a long log holds
/// tens of thousands of them.
struct RoleEvent: Sendable {
    let seq: Int64
    let order: WorldOrder
    let startMillis: Int64
    let effect: EventEffect
    let actor: String
    let institution: String?
    let toward: String?
    let role: Role?
    let occurred: WorldTime
    let until: WorldTime?

    init(_ projected: borrowing ProjectedEvent) {
        seq = projected.seq
        order = projected.order
        startMillis = projected.startMillis
        effect = projected.event.type.effect
        actor = projected.event.actor
        institution = projected.event.institution
        toward = projected.event.toward
        role = projected.event.role
        occurred = projected.event.occurred
        until = projected.event.until
    }
}
