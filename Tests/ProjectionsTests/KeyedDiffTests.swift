import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// `stance diff` reads each of its two moments as a question does, through the key index
/// (``PositionDiff/scopes(_:zone:actor:toward:from:to:)``). Its
/// diffs must be those of two full replays, on logs recorded in any order (registrations late,
/// retractions of retractions, roles given and ended in between).
@Suite("Keyed diffs equal the diffs of full replays")
struct KeyedDiffTests {
    @Test("every pair, and every target at once, between moments of the record", arguments: 1...48)
    func keyedDiffsEqualFullReplays(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0xD1FF)
        let events = RandomLog.recordingOrder(CorrectionLog.events(seed: seed), using: &rng)
        let store = try KeyedReplayTests.keyedStore(events)
        let head = try store.head().seq
        for _ in 0..<3 {
            let from = Int64.random(in: 0...head, using: &rng), to = Int64.random(in: from...head, using: &rng)
            let before = try Replayer.replay(store, in: RandomLog.zone, asOf: .seq(from))
            let after = try Replayer.replay(store, in: RandomLog.zone, asOf: .seq(to))
            for asker in RandomLog.askers {
                for target in RandomLog.targets.map(Optional.some) + [nil] {
                    let (keyedBefore, keyedAfter) = try PositionDiff.scopes(
                        store, zone: RandomLog.zone, actor: asker, toward: target, from: (from, .seq(from)), to: (to, .seq(to)))
                    #expect(
                        Self.lines(before: keyedBefore, after: keyedAfter, asker: asker, target: target, from: from)
                            == Self.lines(before: before, after: after, asker: asker, target: target, from: from),
                        "seed \(seed), \(asker) -> \(target ?? "everyone"), @\(from) against @\(to)")
                }
            }
        }
    }

    /// A speaker's role and report withdrawn in between: the later moment no longer counts the
    /// report, but the diff still shows its retraction, and both by the speaker's name.
    @Test("a speaker's report withdrawn with the role still shows, by the speaker's name")
    func speakerWithdrawnWithTheRole() throws {
        var log = Chronicle(zone: RandomLog.zone)
        log.register("morales")
        log.register("military", kind: .institution)
        log.register("kaliman", kind: .person, name: "Williams Kaliman", aliases: [])
        let role = log.record("role-assigned", day("2019-11-01"), "kaliman", in: "military", role: .commander)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let from = Int64(log.recorded.count)
        log.record(log.make("event-retracted", day("2019-11-12"), "kaliman") { $0.retracts = role.id; $0.reason = "never held" })
        log.record(log.make("event-retracted", day("2019-11-12"), "kaliman") { $0.retracts = call.id; $0.reason = "misreported" })
        let events = log.recorded.map { (id: $0.id, event: $0.event) }
        let store = try KeyedReplayTests.keyedStore(events)
        let to = try store.head().seq
        let (before, after) = try PositionDiff.scopes(
            store, zone: RandomLog.zone, actor: "military", toward: "morales", from: (from, .seq(from)), to: (to, .seq(to)))
        let full = (try Replayer.replay(store, in: RandomLog.zone, asOf: .seq(from)), try Replayer.replay(store, in: RandomLog.zone, asOf: .seq(to)))
        let keyed = Self.lines(before: before, after: after, asker: "military", target: "morales", from: from)
        #expect(keyed == Self.lines(before: full.0, after: full.1, asker: "military", target: "morales", from: from))
        #expect(keyed.first?.hasSuffix("recorded in between: 6 by Williams Kaliman, 7 by Williams Kaliman") == true, "\(keyed)")
    }

    /// A diff's spans and the seqs of its events recorded in between, toward the target or,
    /// without one, toward everyone either moment has a position toward.
    static func lines(before: Replay, after: Replay, asker: String, target: String?, from: Int64) -> [String] {
        guard let subject = after.directory.actors[asker] else { return ["\(asker) unregistered"] }
        var targets: [Actor]
        if let target {
            guard let toward = after.directory.actors[target] else { return ["\(target) unregistered"] }
            targets = [toward]
        } else {
            targets = Set(before.query.targets(of: subject.id) + after.query.targets(of: subject.id)).sorted()
                .compactMap { after.directory.actors[$0] }
        }
        return targets.map { toward in
            let diff = PositionDiff(actor: subject, toward: toward, before: before, after: after, recordedAfter: from)
            let spans = diff.spans.map { span in
                "\(span.start.formatted(in: RandomLog.zone))..\(span.end.map { $0.formatted(in: RandomLog.zone) } ?? "on") \(span.old.rawValue)->\(span.new.rawValue)"
            }
            // Each event with its actor's name, as the text output prints it.
            let events = diff.events.map { "\($0.seq) by \(after.directory.actors[$0.event.actor]?.name ?? "?")" }
            return "\(toward.id): \(spans.joined(separator: ", ")) | recorded in between: \(events.joined(separator: ", "))"
        }
    }
}
