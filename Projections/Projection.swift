/// A pure fold from events to state: no I/O, no clock, the same state for the same events.
///
/// Projections accept events in recording (`seq`) order and keep whatever they need in world
/// order themselves, so that a back-dated event lands where it happened.
public protocol Projection: Sendable {
    mutating func apply(_ event: ProjectedEvent)
}

extension ActorDirectory: Projection {}
