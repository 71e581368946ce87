import Foundation
import Projections
import StanceDomain

/// The rules of retractions and corrections, which need the log to check:
///
/// - a retraction names an event already in the log (or earlier in the batch), about the same
///   actor, that still counts; retracting a retraction restores what it withdrew;
/// - actor registrations are never retracted: actors stay, the events about them go;
/// - a replacement (`replaces`) and its retraction (`replacedBy`) name each other, and
///   arrive in one batch, replacement first, so that every reference points back in the log.
extension Recorder {
    func checkRetraction(_ retraction: StanceEvent) throws {
        guard let targetID = retraction.retracts else { return }
        let target = try existing(targetID, field: "retracts")
        if target.event.type.effect == .recordsCheckpoint {
            throw DomainError(.invalidValue, field: "retracts", "\(Self.name(target)) is a checkpoint, which vouches for the log as it was and cannot be retracted.")
        }
        if target.event.type.effect == .registersActor {
            throw DomainError(.invalidValue, field: "retracts", "\(Self.name(target)) registers an actor, and registrations cannot be retracted; retract the events about the actor instead.")
        }
        if let earlier = try withdrawal(of: targetID) {
            throw DomainError(.invalidValue, field: "retracts", "\(Self.name(target)) is already retracted by \(Self.name(earlier)); retract that retraction to restore it.")
        }
        if target.event.actor != retraction.actor {
            throw DomainError(.invalidValue, field: "actor", "the retracted event \(Self.name(target)) is about '\(target.event.actor)', not '\(retraction.actor)'.")
        }
        if let replacementID = retraction.replacedBy {
            let replacement = try existing(replacementID, field: "replacedBy")
            guard replacement.event.replaces == targetID else {
                throw DomainError(.invalidValue, field: "replacedBy", "\(Self.name(replacement)) does not say it replaces \(targetID.uuidString.lowercased()); a replacement names the event it replaces with 'replaces'.")
            }
        }
    }

    func checkReplacement(_ replacement: StanceEvent) throws {
        guard let targetID = replacement.replaces else { return }
        let target = try existing(targetID, field: "replaces")
        guard target.event.type.canBeReplaced else {
            throw DomainError(.invalidValue, field: "replaces", "\(Self.name(target)) cannot be replaced: registrations stay, and a retraction is undone by retracting it.")
        }
        if let earlier = try withdrawal(of: targetID) {
            throw DomainError(.invalidValue, field: "replaces", "\(Self.name(target)) is already retracted by \(Self.name(earlier)); a retracted event is not corrected again.")
        }
    }

    /// Checks, once the whole batch is recorded, that every replacement it holds is retracted
    /// in the same batch by a retraction naming it, so that a replacement never stands beside
    /// the event it replaces.
    func checkBatchIsComplete() throws(BatchError) {
        guard let replacement = replacementsWithoutRetraction.first, let targetID = replacement.event.replaces else { return }
        throw BatchError(eventID: replacement.id, error: DomainError(
            .invalidValue, field: "replaces",
            "\(Self.name(replacement)) replaces \(targetID.uuidString.lowercased()), but no retraction of it in the same batch names it with 'replacedBy'; use `stance correct`."))
    }

    /// The retraction that withdraws the event, if one does: the rule of ``Retractions``,
    /// applied to the chain of retractions naming the event (and naming those), which the key
    /// index finds without reading the log.
    func withdrawal(of id: UUID) throws -> ProjectedEvent? {
        var chain: [UUID: ProjectedEvent] = [:]
        var pending = [id]
        while let next = pending.popLast() {
            for recorded in try writer.events(withAnyOf: [EventKeys.retractions(of: next)]) where chain[recorded.id] == nil {
                guard let retraction = try? ProjectedEvent(recorded, in: zone), retraction.event.retracts == next else { continue }
                chain[retraction.id] = retraction
                pending.append(retraction.id)
            }
        }
        return Retractions(chain.values.sorted { $0.seq < $1.seq }).withdrawnBy[id]
    }

    /// A batch-wide rule broken by one event, named so that an import can point at its line.
    struct BatchError: Error {
        let eventID: UUID
        let error: DomainError
    }

    private func existing(_ id: UUID, field: String) throws -> ProjectedEvent {
        guard let event = try event(withID: id) else {
            throw DomainError(.unknownEvent, field: field, "no event has the id \(id.uuidString.lowercased()); `stance events` lists the ids.")
        }
        return event
    }

    /// An event as messages name it: its id and, once stored, its seq.
    static func name(_ event: ProjectedEvent) -> String {
        "event \(event.id.uuidString.lowercased()) (seq \(event.seq), \(event.event.type.name))"
    }
}
