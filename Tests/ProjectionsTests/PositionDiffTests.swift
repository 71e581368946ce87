import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

extension Chronicle {
    /// The replay of the log as it stood after its first `count` events.
    func replay(first count: Int) -> Replay {
        var replay = Replay(zone: zone)
        replay.apply(Array(recorded.prefix(count)))
        return replay
    }
}

/// `stance diff`: how a pair's history differs between two moments of the record, and which
/// events recorded in between made the difference.
@Suite("Position: diff between two moments of the record")
struct PositionDiffTests {
    struct SpanText: Equatable, CustomStringConvertible {
        let start: WorldTime
        let end: WorldTime?
        let old: Position
        let new: Position
        var description: String { "\(start)..<\(end.map { "\($0)" } ?? "onwards"): \(old.rawValue) -> \(new.rawValue)" }
    }

    func spans(_ diff: PositionDiff) -> [SpanText] {
        diff.spans.map { SpanText(start: $0.start, end: $0.end, old: $0.old, new: $0.new) }
    }

    func diff(_ log: Chronicle, _ actor: String, _ toward: String, from: Int, to: Int? = nil) throws -> PositionDiff {
        let before = log.replay(first: from)
        let after = to.map { log.replay(first: $0) } ?? log.replay
        return PositionDiff(actor: try after.query.actor(actor), toward: try after.query.actor(toward), before: before, after: after, recordedAfter: Int64(from))
    }

    func militaryLog() -> Chronicle {
        var log = Chronicle(zone: laPaz)
        log.register("military", kind: .institution)
        log.register("kaliman", "morales")
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        log.record("support-declared", day("2019-11-01"), "military", toward: "morales")
        return log
    }

    /// A call dated the 9th instead of the 10th, corrected: the replacement and the
    /// retraction of the original, recorded together.
    @Test func aCorrectionOfTheDayShowsTheDayThatChangedAndTheCorrection() throws {
        var log = militaryLog()
        let wrong = log.record("resignation-called-for", day("2019-11-09"), "kaliman", toward: "morales")
        log.record("protest-held", day("2019-11-10"), "morales", toward: "kaliman")
        let known = log.recorded.count
        let replacement = log.record(log.make("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales") { $0.replaces = wrong.id })
        let retraction = log.retract(wrong, replacedBy: replacement.id)

        let diff = try diff(log, "military", "morales", from: known)
        #expect(spans(diff) == [SpanText(start: day("2019-11-09"), end: day("2019-11-10"), old: .callsForResignation, new: .supports)])
        #expect(diff.events.map(\.id) == [replacement.id, retraction.id])
        // Kaliman's own history changed the same way, by the same events.
        let own = try self.diff(log, "kaliman", "morales", from: known)
        #expect(spans(own) == [SpanText(start: day("2019-11-09"), end: day("2019-11-10"), old: .callsForResignation, new: .unknown)])
        #expect(own.events.map(\.id) == [replacement.id, retraction.id])
        // Nothing changed toward anyone else.
        let elsewhere = try self.diff(log, "morales", "kaliman", from: known)
        #expect(elsewhere.spans.isEmpty)
    }

    /// The same through a store and `--as-of`, as `stance diff` does it.
    @Test func aCorrectionThroughAStoreAndAsOf() throws {
        var log = militaryLog()
        let wrong = log.record("resignation-called-for", day("2019-11-09"), "kaliman", toward: "morales")
        let replacement = log.make("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales") { $0.replaces = wrong.id }
        let retraction = log.make("event-retracted", day("2019-12-01"), "kaliman") {
            $0.retracts = wrong.id
            $0.reason = "misdated"
            $0.replacedBy = replacement.id
        }
        let store = InMemoryEventStore(clock: ManualClock(1_000_000, step: 1_000).storeClock)
        _ = try store.append(log.recorded.map { newEvent($0.id, $0.event, in: laPaz) })
        _ = try store.append([replacement, retraction].map { newEvent($0.id, $0.event, in: laPaz) })
        let before = try Replayer.replay(store, in: laPaz, asOf: .recordedAt(1_000_000))
        let after = try Replayer.replay(store, in: laPaz)
        #expect(before.events.count == log.recorded.count)
        let diff = PositionDiff(
            actor: try after.query.actor("military"), toward: try after.query.actor("morales"), before: before, after: after,
            recordedAfter: Int64(log.recorded.count))
        #expect(spans(diff) == [SpanText(start: day("2019-11-09"), end: day("2019-11-10"), old: .callsForResignation, new: .supports)])
        #expect(diff.events.map(\.id) == [replacement.id, retraction.id])
    }

    @Test func aLateReportOfAnEarlierDayChangesThePast() throws {
        var log = Chronicle()
        log.register("oas", "morales", "protesters")
        log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        log.record("protest-held", day("2019-11-10"), "oas", toward: "morales")
        let known = log.recorded.count
        let allegation = log.record("allegation-made", day("2019-10-20"), "oas", toward: "morales")
        log.record("protest-held", day("2019-10-21"), "oas", toward: "protesters")
        let diff = try diff(log, "oas", "morales", from: known)
        #expect(spans(diff) == [SpanText(start: day("2019-10-20"), end: day("2019-11-01"), old: .unknown, new: .critical)])
        #expect(diff.events.map(\.id) == [allegation.id], "not the report toward someone else")
    }

    @Test func aNewLatestReportOpensASpanThatRunsOn() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let known = log.recorded.count
        let protest = log.record("protest-held", instant("2019-11-20T12:00Z"), "oas", toward: "morales")
        let diff = try diff(log, "oas", "morales", from: known)
        #expect(spans(diff) == [SpanText(start: instant("2019-11-20T12:00Z"), end: nil, old: .supports, new: .opposes)])
        #expect(diff.events.map(\.id) == [protest.id])
    }

    @Test func aRestatementChangesNoAnswerButBearsOnThePair() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let known = log.recorded.count
        let again = log.record("support-declared", day("2019-11-05"), "oas", toward: "morales")
        let diff = try diff(log, "oas", "morales", from: known)
        #expect(diff.spans.isEmpty)
        #expect(diff.events.map(\.id) == [again.id])
        // Between two equal moments, nothing at all.
        let none = try self.diff(log, "oas", "morales", from: log.recorded.count)
        #expect(none.spans.isEmpty && none.events.isEmpty)
    }

    @Test func neighbouringStretchesThatDisagreeTheSameWayAreOne() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        log.record("support-withdrawn", day("2019-11-05"), "oas", toward: "morales")
        log.record("support-declared", day("2019-11-08"), "oas", toward: "morales")
        let known = log.recorded.count
        // A protest on the 3rd: opposes instead of supports until the 5th; from the 5th on
        // the history is the same again.
        log.record("protest-held", day("2019-11-03"), "oas", toward: "morales")
        log.record("protest-held", day("2019-11-04"), "oas", toward: "morales")
        let diff = try diff(log, "oas", "morales", from: known)
        #expect(spans(diff) == [SpanText(start: day("2019-11-03"), end: day("2019-11-05"), old: .supports, new: .opposes)])
        #expect(diff.events.count == 2)
    }

    @Test func aLateRoleAssignmentIsAmongTheEvents() throws {
        var log = Chronicle(zone: laPaz)
        log.register("military", kind: .institution)
        log.register("kaliman", "morales")
        log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let known = log.recorded.count
        let role = log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let diff = try diff(log, "military", "morales", from: known)
        #expect(spans(diff) == [SpanText(start: day("2019-11-10"), end: nil, old: .unknown, new: .callsForResignation)])
        #expect(diff.events.map(\.id) == [role.id])
    }

    @Test
    func aRetractedRoleAssignmentIsAmongTheEvents() throws {
        var log = militaryLog()
        let role = try #require(log.recorded.first { $0.event.type.name == "role-assigned" })
        log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let known = log.recorded.count
        let retraction = log.retract(role)
        let diff = try diff(log, "military", "morales", from: known)
        #expect(spans(diff) == [SpanText(start: day("2019-11-10"), end: nil, old: .callsForResignation, new: .supports)])
        #expect(diff.events.map(\.id) == [retraction.id])
    }

    @Test(arguments: ["role-ended", "resigned"])
    func aRetractedRoleEndingIsAmongTheEvents(endingType: String) throws {
        var log = militaryLog()
        let ending = endingType == "role-ended"
            ? log.record("role-ended", day("2019-06-01"), "kaliman", in: "military", role: .commander)
            : log.record("resigned", day("2019-06-01"), "kaliman", toward: "military")
        log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let known = log.recorded.count
        let retraction = log.retract(ending)
        let diff = try diff(log, "military", "morales", from: known)
        #expect(spans(diff) == [SpanText(start: day("2019-11-10"), end: nil, old: .supports, new: .callsForResignation)])
        #expect(diff.events.map(\.id) == [retraction.id])
    }

    @Test
    func aRetractedRetractionIsAmongTheEvents() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let protest = log.record("protest-held", day("2019-11-05"), "oas", toward: "morales")
        let retraction = log.retract(protest)
        let known = log.recorded.count
        let restoring = log.retract(retraction)
        let diff = try diff(log, "oas", "morales", from: known)
        #expect(spans(diff) == [SpanText(start: day("2019-11-05"), end: nil, old: .supports, new: .opposes)])
        #expect(diff.events.map(\.id) == [restoring.id])
    }

    /// The withdrawal itself is listed: its target was evidence before.
    @Test func aRetractionOfAReportIsAmongTheEvents() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let protest = log.record("protest-held", day("2019-11-05"), "oas", toward: "morales")
        let known = log.recorded.count
        let retraction = log.retract(protest)
        let diff = try diff(log, "oas", "morales", from: known)
        #expect(spans(diff) == [SpanText(start: day("2019-11-05"), end: nil, old: .opposes, new: .supports)])
        #expect(diff.events.map(\.id) == [retraction.id])
    }

    /// On random logs, one recorded event at a time: whenever an answer changed, the diff names
    /// the event recorded in between.
    @Test(arguments: 0..<20)
    func aChangedAnswerAlwaysComesWithTheEventThatChangedIt(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0xE7E7)
        let events = RandomLog.recordingOrder(RandomLog.events(seed: seed), using: &rng)
        let log = RandomLog.chronicle(events)
        let everyone = log.replay.query
        var before = log.replay(first: 0)
        for split in 0..<events.count {
            let after = log.replay(first: split + 1)
            for actor in RandomLog.askers {
                for target in RandomLog.targets {
                    let diff = PositionDiff(
                        actor: try everyone.actor(actor), toward: try everyone.actor(target), before: before, after: after, recordedAfter: Int64(split))
                    #expect(diff.events.allSatisfy { $0.id == events[split].id })
                    if !diff.spans.isEmpty {
                        #expect(diff.events.map(\.id) == [events[split].id], "seed \(seed), \(actor)->\(target): \(events[split].event.type.name) recorded at @\(split + 1) changed the answer")
                    }
                }
            }
            before = after
        }
    }

    /// On random logs: the spans are exactly the stretches where the two histories disagree.
    @Test(arguments: 0..<20)
    func spansAreWhereTheAnswersDiffer(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0xD1FF)
        let events = RandomLog.recordingOrder(RandomLog.events(seed: seed), using: &rng)
        let log = RandomLog.chronicle(events)
        let split = Int.random(in: 7...events.count, using: &rng)
        let before = log.replay(first: split), after = log.replay
        for actor in RandomLog.askers {
            for target in RandomLog.targets {
                let a = try after.query.actor(actor), t = try after.query.actor(target)
                let diff = PositionDiff(actor: a, toward: t, before: before, after: after, recordedAfter: Int64(split))
                for cut in RandomLog.cuts {
                    let worldCut = WorldCut(cut, in: RandomLog.zone)
                    let old = before.query.answer(actor: a, toward: t, cut: worldCut).position
                    let new = after.query.answer(actor: a, toward: t, cut: worldCut).position
                    // The span holding the cut, if any: from its start (included) to its end (excluded), in world order.
                    let span = diff.spans.last { span in
                        WorldOrder(span.start, seq: 0, in: RandomLog.zone).isIncluded(by: worldCut)
                    }.flatMap { span in
                        span.end.map { !WorldOrder($0, seq: 0, in: RandomLog.zone).isIncluded(by: worldCut) } ?? true ? span : nil
                    }
                    if old == new {
                        #expect(span == nil, "seed \(seed) \(actor)->\(target) at \(cut.formatted(in: RandomLog.zone)): \(old.rawValue) in both, but a span says otherwise")
                    } else {
                        #expect(span?.old == old && span?.new == new, "seed \(seed) \(actor)->\(target) at \(cut.formatted(in: RandomLog.zone)): \(old.rawValue) -> \(new.rawValue), span \(String(describing: span))")
                    }
                }
            }
        }
    }
}
