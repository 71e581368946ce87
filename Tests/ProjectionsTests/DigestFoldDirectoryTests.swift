import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// `stance report --actor` resolves names against a ``DigestFold``'s directory rather than a
/// full replay's: they must hold the same actors, names and roles.
@Suite("The digest fold's directory equals a full replay's")
struct DigestFoldDirectoryTests {
    @Test("on logs recorded in any order, with corrections and retractions of roles", arguments: 1...24)
    func directoryEqualsFullReplay(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0x7A56)
        let events = RandomLog.recordingOrder(CorrectionLog.events(seed: seed), using: &rng)
        let projected = RandomLog.projected(events)
        var replay = Replay(zone: RandomLog.zone)
        replay.apply(projected)
        var fold = DigestFold(zone: RandomLog.zone)
        for event in projected { fold.add(event) }
        let directory = fold.directory()
        #expect(directory.sortedActors == replay.directory.sortedActors, "seed \(seed)")
        #expect(directory.roleSpans() == replay.directory.roleSpans(), "seed \(seed)")
        for name in RandomLog.askers + RandomLog.targets + ["nobody"] {
            #expect((try? directory.resolve(name))?.id == (try? replay.directory.resolve(name))?.id)
        }
    }

    /// What another tool's log may hold: a registration withdrawn, and the withdrawal withdrawn.
    @Test("a retracted registration, and one restored by retracting its retraction")
    func retractedRegistrations() {
        var log = Chronicle(zone: laPaz)
        log.register("military", kind: .institution)
        log.register("kaliman", "morales")
        log.record("role-assigned", day("2019-01-01"), "kaliman", in: "military", role: .commander)
        log.retract(log.recorded[1])
        let withdrawal = log.retract(log.recorded[2])
        log.retract(withdrawal)
        var fold = DigestFold(zone: laPaz)
        for event in log.recorded { fold.add(event) }
        let replay = log.replay
        #expect(fold.directory().sortedActors == replay.directory.sortedActors)
        #expect(fold.directory().sortedActors.map(\.id) == ["military", "morales"])
        #expect(fold.directory().roleSpans() == replay.directory.roleSpans())
    }
}
