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

    init(_ projected: ProjectedEvent) {
        let event = projected.event
        seq = projected.seq
        order = projected.order
        startMillis = projected.startMillis
        effect = event.type.effect
        actor = event.actor
        institution = event.institution
        toward = event.toward
        role = event.role
        occurred = event.occurred
        until = event.until
    }
}
