import Foundation
import Projections
import StanceDomain
import Testing

/// The timeline: every change of a position, with restatements as evidence, between two times.
@Suite("Position: timeline")
struct PositionTimelineTests {
    /// supports (Nov 1, restated Nov 2), critical (Nov 3 10:00Z), restated on Nov 3,
    /// neutral (Nov 5), neutral again (Nov 6), opposes (Nov 8).
    func chronicle() -> (Chronicle, [String: UUID]) {
        var log = Chronicle()
        log.register("oas", "morales")
        var ids: [String: UUID] = [:]
        ids["supports"] = log.record("support-declared", day("2019-11-01"), "oas", toward: "morales").id
        ids["supports again"] = log.record("statement-issued", day("2019-11-02"), "oas", toward: "morales", position: .supports).id
        ids["critical"] = log.record("allegation-made", instant("2019-11-03T10:00Z"), "oas", toward: "morales").id
        ids["critical again"] = log.record("allegation-made", day("2019-11-03"), "oas", toward: "morales").id
        ids["neutral"] = log.record("support-withdrawn", day("2019-11-05"), "oas", toward: "morales").id
        ids["neutral again"] = log.record("resignation-call-withdrawn", day("2019-11-06"), "oas", toward: "morales").id
        ids["opposes"] = log.record("protest-held", day("2019-11-08"), "oas", toward: "morales").id
        log.record("dialogue-called-for", day("2019-11-07"), "oas", toward: "morales")
        return (log, ids)
    }

    @Test func aTimelineHasAChangeOnlyWhenThePositionChanges() throws {
        let (log, ids) = chronicle()
        let timeline = try log.query.timeline("oas", "morales")
        #expect(timeline.before == .unknown)
        #expect(timeline.actor.id == "oas" && timeline.toward.id == "morales")
        #expect(timeline.changes.map(\.transition) == ["unknown->supports", "supports->critical", "critical->neutral", "neutral->opposes"])
        #expect(timeline.changes.map(\.entry.event.id) == [ids["supports"], ids["critical"], ids["neutral"], ids["opposes"]])
        #expect(timeline.changes.map { $0.evidence.map(\.event.id) } == [
            [ids["supports"]!, ids["supports again"]!],
            [ids["critical"]!, ids["critical again"]!],
            [ids["neutral"]!, ids["neutral again"]!],
            [ids["opposes"]!],
        ])
        for change in timeline.changes { #expect(change.evidence.first == change.entry) }
    }

    @Test func fromAndUntilFilterTheChanges() throws {
        let (log, ids) = chronicle()
        let query = log.query

        let fromThird = try query.timeline("oas", "morales", from: day("2019-11-03"))
        #expect(fromThird.before == .supports)
        #expect(fromThird.changes.map(\.entry.event.id) == [ids["critical"], ids["neutral"], ids["opposes"]])

        let untilThird = try query.timeline("oas", "morales", until: day("2019-11-03"))
        #expect(untilThird.before == .unknown)
        #expect(untilThird.changes.map(\.entry.event.id) == [ids["supports"], ids["critical"]])

        let third = try query.timeline("oas", "morales", from: day("2019-11-03"), until: day("2019-11-03"))
        #expect(third.before == .supports)
        #expect(third.changes.map(\.entry.event.id) == [ids["critical"]])

        let between = try query.timeline("oas", "morales", from: day("2019-11-04"), until: day("2019-11-07"))
        #expect(between.before == .critical)
        #expect(between.changes.map(\.entry.event.id) == [ids["neutral"]])

        let quiet = try query.timeline("oas", "morales", from: day("2019-11-06"), until: day("2019-11-07"))
        #expect(quiet.before == .neutral)
        #expect(quiet.changes.isEmpty)

        let after = try query.timeline("oas", "morales", from: day("2019-12-01"))
        #expect(after.before == .opposes)
        #expect(after.changes.isEmpty)

        let beforeAll = try query.timeline("oas", "morales", until: day("2019-10-31"))
        #expect(beforeAll.before == .unknown)
        #expect(beforeAll.changes.isEmpty)
    }

    @Test func instantBoundsAreInclusive() throws {
        let (log, ids) = chronicle()
        let query = log.query
        #expect(try query.timeline("oas", "morales", from: instant("2019-11-03T10:00Z")).changes.first?.entry.event.id == ids["critical"])
        #expect(try query.timeline("oas", "morales", from: instant("2019-11-03T10:00:00.001Z")).changes.first?.entry.event.id == ids["neutral"])
        #expect(try query.timeline("oas", "morales", until: instant("2019-11-03T10:00Z")).changes.last?.entry.event.id == ids["critical"])
        #expect(try query.timeline("oas", "morales", until: instant("2019-11-03T09:59:59.999Z")).changes.last?.entry.event.id == ids["supports"])
    }

    @Test func aTimelineAgreesWithTheAnswers() throws {
        let (log, _) = chronicle()
        let query = log.query
        let timeline = try query.timeline("oas", "morales")
        for change in timeline.changes {
            let answer = try query.answer("oas", "morales", .instant(change.entry.event.order.millis))
            #expect(answer.position == change.to)
        }
    }

    @Test func aPairWithNothingRecordedHasAnEmptyTimeline() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", day("2019-11-01"), "morales", toward: "oas")
        let timeline = try log.query.timeline("oas", "morales")
        #expect(timeline.before == .unknown)
        #expect(timeline.changes.isEmpty)
    }
}
