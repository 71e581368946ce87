import Foundation
import Projections
import StanceDomain
import Testing

/// World order, not recording order: back-dated events, the tie rule, days against instants
/// and the store's time zone.
@Suite("Position: world order, days and instants")
struct PositionWorldOrderTests {
    // MARK: back-dated events

    @Test func aLateRecordedEarlierEventChangesTheAnswerForThePast() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        let support = log.record("support-declared", day("2019-11-12"), "oas", toward: "morales")
        #expect(try log.query.position("oas", "morales", day("2019-11-11")) == .unknown)

        let allegation = log.record("allegation-made", day("2019-11-10"), "oas", toward: "morales")
        let query = log.query
        #expect(try query.position("oas", "morales", day("2019-11-09")) == .unknown)
        let past = try query.answer("oas", "morales", day("2019-11-11"))
        #expect(past.position == .critical)
        #expect(past.evidenceIDs == [allegation.id])
        // The present answer keeps its position; only its history changed.
        let present = try query.answer("oas", "morales", day("2019-11-12"))
        #expect(present.position == .supports)
        #expect(present.since?.entry.event.id == support.id)
        #expect(present.since?.from == .critical)
        #expect(try query.timeline("oas", "morales").changes.map(\.entry.event.id) == [allegation.id, support.id])
    }

    @Test func aLateRecordedRestatementJoinsTheEvidenceInWorldOrder() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        let first = log.record("protest-held", day("2019-11-10"), "oas", toward: "morales")
        let third = log.record("protest-held", day("2019-11-14"), "oas", toward: "morales")
        let second = log.record("protest-held", instant("2019-11-12T10:00Z"), "oas", toward: "morales")
        #expect(try log.query.answer("oas", "morales", day("2019-11-20")).evidenceIDs == [first.id, second.id, third.id])
    }

    // MARK: the tie rule

    @Test(arguments: [day("2019-11-10"), instant("2019-11-10T16:50-04:00")])
    func atTheSameWorldTimeTheLowerEventIDWinsWhateverTheRecordingOrder(time: WorldTime) throws {
        var log = Chronicle()
        log.register("oas", "morales")
        // Made first, so with the lower id: it sorts last and decides.
        let support = log.make("support-declared", time, "oas", toward: "morales")
        let protest = log.make("protest-held", time, "oas", toward: "morales")
        #expect(support.id.uuidString < protest.id.uuidString)

        for reversed in [false, true] {
            var ordered = log
            let recorded = reversed ? [ordered.record(protest), ordered.record(support)] : [ordered.record(support), ordered.record(protest)]
            let (first, second) = reversed ? (recorded[1], recorded[0]) : (recorded[0], recorded[1])
            let answer = try ordered.query.answer("oas", "morales", day("2019-11-10"))
            #expect(answer.position == .supports, "recorded \(reversed ? "protest first" : "support first")")
            #expect(answer.changes.map(\.entry.event.id) == [protest.id, support.id])
            #expect(answer.changes.map(\.transition) == ["unknown->opposes", "opposes->supports"])
            #expect(second.order < first.order, "the higher id sorts first")
            #expect(first.order.isSimultaneous(with: second.order))
        }
    }

    @Test(arguments: [day("2019-11-10"), instant("2019-11-10T16:50-04:00")])
    func atTheSameWorldTimeTheHigherConfidenceWinsBeforeTheID(time: WorldTime) throws {
        var log = Chronicle()
        log.register("oas", "morales")
        // The lower id would win the tie, but the protest is reported with more confidence.
        let support = log.make("support-declared", time, "oas", toward: "morales") { $0.confidence = 0.4 }
        let protest = log.make("protest-held", time, "oas", toward: "morales") { $0.confidence = 0.9 }
        // No confidence at all sorts before any given confidence.
        let unsure = log.make("allegation-made", time, "oas", toward: "morales")
        for order in [[support, protest, unsure], [unsure, protest, support], [protest, unsure, support]] {
            var ordered = log
            for event in order { ordered.record(event) }
            let answer = try ordered.query.answer("oas", "morales", day("2019-11-10"))
            #expect(answer.position == .opposes)
            #expect(answer.changes.map(\.entry.event.id) == [unsure.id, support.id, protest.id])
        }
    }

    /// The tie key is part of the order, so it must be part of equality too: two orders are
    /// equal exactly when neither sorts before the other (Comparable's contract).
    @Test
    func equalityAgreesWithTheOrder() {
        let zone = StoreTimeZone.utc
        let date = day("2019-11-10")
        let sure = WorldOrder(date, seq: 1, in: zone, confidence: 0.9, id: eventID(1))
        let unsure = WorldOrder(date, seq: 1, in: zone, confidence: 0.1, id: eventID(2))
        #expect(unsure < sure)
        #expect(unsure != sure)
        let sameSeqOtherID = WorldOrder(date, seq: 1, in: zone, id: eventID(3))
        let sameSeqThisID = WorldOrder(date, seq: 1, in: zone, id: eventID(4))
        #expect(sameSeqThisID < sameSeqOtherID)
        #expect(sameSeqThisID != sameSeqOtherID)
    }

    @Test func aDayEventSortsAfterTheInstantsOfItsDay() throws {
        let zone = StoreTimeZone.utc
        let date = day("2019-11-10")
        let last = instant("2019-11-10T23:59:59.999Z")
        let midnight = instant("2019-11-11T00:00Z")
        // Whatever the seq.
        #expect(WorldOrder(last, seq: 9, in: zone) < WorldOrder(date, seq: 1, in: zone))
        #expect(WorldOrder(instant("2019-11-10T00:00Z"), seq: 9, in: zone) < WorldOrder(date, seq: 1, in: zone))
        #expect(WorldOrder(date, seq: 9, in: zone) < WorldOrder(midnight, seq: 1, in: zone))
        #expect(WorldOrder(day("2019-11-09"), seq: 9, in: zone) < WorldOrder(instant("2019-11-10T00:00Z"), seq: 1, in: zone))

        var log = Chronicle()
        log.register("oas", "morales")
        let dayEvent = log.record("allegation-made", date, "oas", toward: "morales")
        log.record("support-declared", last, "oas", toward: "morales")
        let answer = try log.query.answer("oas", "morales", date)
        #expect(answer.position == .critical)
        #expect(answer.since?.entry.event.id == dayEvent.id)
        let next = log.record("protest-held", midnight, "oas", toward: "morales")
        #expect(try log.query.answer("oas", "morales", midnight).since?.entry.event.id == next.id)
    }

    // MARK: day questions

    @Test func aDayQuestionIncludesAllOfTheDay() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", instant("2019-11-10T00:00Z"), "oas", toward: "morales")
        let lastInstant = log.record("protest-held", instant("2019-11-10T23:59:59.999Z"), "oas", toward: "morales")
        log.record("support-declared", instant("2019-11-11T00:00Z"), "oas", toward: "morales")
        var query = log.query
        #expect(try query.answer("oas", "morales", day("2019-11-10")).since?.entry.event.id == lastInstant.id)
        #expect(try query.position("oas", "morales", day("2019-11-09")) == .unknown)

        let dayEvent = log.record("allegation-made", day("2019-11-10"), "oas", toward: "morales")
        query = log.query
        let answer = try query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == .critical)
        #expect(answer.since?.entry.event.id == dayEvent.id)
        #expect(answer.certain)
        #expect(try query.position("oas", "morales", day("2019-11-11")) == .supports)
    }

    @Test func aDayQuestionListsEachChangeOfThatDayInOrder() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", day("2019-11-09"), "oas", toward: "morales")
        let atMidnight = log.record("allegation-made", instant("2019-11-10T00:00Z"), "oas", toward: "morales")
        log.record("allegation-made", instant("2019-11-10T08:00Z"), "oas", toward: "morales")
        let noon = log.record("protest-held", instant("2019-11-10T12:00Z"), "oas", toward: "morales")
        let wholeDay = log.record("resignation-called-for", day("2019-11-10"), "oas", toward: "morales")
        let evening = log.record("support-declared", instant("2019-11-10T20:00Z"), "oas", toward: "morales")
        log.record("support-withdrawn", instant("2019-11-11T00:00Z"), "oas", toward: "morales")
        let query = log.query

        let answer = try query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == .callsForResignation)
        #expect(answer.changes.map(\.entry.event.id) == [atMidnight.id, noon.id, evening.id, wholeDay.id])
        #expect(answer.changes.map(\.transition) == [
            "supports->critical", "critical->opposes", "opposes->supports", "supports->calls-for-resignation",
        ])
        #expect(answer.changes.first?.evidence.count == 2, "the 08:00 restatement is evidence")
        // A day without changes lists none but still answers.
        let quiet = try query.answer("oas", "morales", day("2019-11-15"))
        #expect(quiet.changes.isEmpty)
        #expect(quiet.position == .neutral)
        // An instant question lists no day changes.
        #expect(try query.answer("oas", "morales", instant("2019-11-10T13:00Z")).changes.isEmpty)
    }

    // MARK: instant questions

    @Test func anInstantInsideADayWithADayEventIsUncertain() throws {
        var log = Chronicle()
        log.register("oas", "morales", "protesters")
        log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let dayEvent = log.record("allegation-made", day("2019-11-10"), "oas", toward: "morales")
        log.record("protest-held", day("2019-11-10"), "protesters", toward: "morales")
        let query = log.query

        for time in ["2019-11-10T00:00Z", "2019-11-10T12:00Z", "2019-11-10T23:59:59.999Z"] {
            let answer = try query.answer("oas", "morales", instant(time))
            #expect(!answer.certain, "at \(time)")
            #expect(answer.uncertainBecause.map(\.event.id) == [dayEvent.id], "at \(time)")
            #expect(answer.position == .supports, "at \(time): the day event is not yet counted")
        }
        let before = try query.answer("oas", "morales", instant("2019-11-09T23:59:59.999Z"))
        #expect(before.certain)
        #expect(before.position == .supports)
        // Exactly at the next midnight the whole day is over.
        let midnight = try query.answer("oas", "morales", instant("2019-11-11T00:00Z"))
        #expect(midnight.certain)
        #expect(midnight.position == .critical)
        #expect(midnight.since?.entry.event.id == dayEvent.id)
        // Another pair's day event says nothing about this one.
        #expect(try query.answer("oas", "protesters", instant("2019-11-10T12:00Z")).certain)
    }

    @Test func instantEventsAloneLeaveAnInstantAnswerCertain() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", instant("2019-11-10T08:00Z"), "oas", toward: "morales")
        log.record("protest-held", instant("2019-11-10T18:00Z"), "oas", toward: "morales")
        let answer = try log.query.answer("oas", "morales", instant("2019-11-10T12:00Z"))
        #expect(answer.certain)
        #expect(answer.position == .supports)
        // An event exactly at the instant asked about is included.
        #expect(try log.query.position("oas", "morales", instant("2019-11-10T18:00Z")) == .opposes)
        #expect(try log.query.position("oas", "morales", instant("2019-11-10T17:59:59.999Z")) == .supports)
    }

    @Test func aDayEventSpokenThroughARoleMakesTheInstitutionUncertainToo() throws {
        var log = Chronicle()
        log.register("military", kind: .institution)
        log.register("kaliman", "morales")
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let answer = try log.query.answer("military", "morales", instant("2019-11-10T16:50-04:00"))
        #expect(!answer.certain)
        #expect(answer.uncertainBecause.map(\.event.id) == [call.id])
        #expect(answer.uncertainBecause.first?.via?.person == "kaliman")
    }

    // MARK: time zones

    @Test func aDayInLaPazStartsAt0400UTC() throws {
        let date = day("2019-11-10")
        #expect(date.startMillis(in: laPaz) == instant("2019-11-10T04:00Z").startMillis(in: .utc))
        #expect(date.endMillis(in: laPaz) == instant("2019-11-11T04:00Z").startMillis(in: .utc))

        var log = Chronicle(zone: laPaz)
        log.register("oas", "morales")
        let dayEvent = log.record("allegation-made", date, "oas", toward: "morales")
        let lateEvening = log.record("protest-held", instant("2019-11-11T03:59:59.999Z"), "oas", toward: "morales")
        log.record("support-declared", instant("2019-11-11T04:00Z"), "oas", toward: "morales")
        let query = log.query

        #expect(try query.answer("oas", "morales", instant("2019-11-10T03:59:59.999Z")).certain)
        let atStart = try query.answer("oas", "morales", instant("2019-11-10T04:00Z"))
        #expect(!atStart.certain)
        #expect(atStart.uncertainBecause.map(\.event.id) == [dayEvent.id])
        // 23:59 local on the 10th is 03:59Z on the 11th: still the 10th in La Paz.
        let onTheDay = try query.answer("oas", "morales", date)
        #expect(onTheDay.position == .critical)
        #expect(onTheDay.changes.map(\.entry.event.id) == [lateEvening.id, dayEvent.id])
        #expect(try query.position("oas", "morales", day("2019-11-11")) == .supports)
        #expect(try query.answer("oas", "morales", instant("2019-11-11T04:00Z")).certain)
        #expect(try query.answer("oas", "morales", instant("2019-11-11T03:59Z")).uncertainBecause.map(\.event.id) == [dayEvent.id])
        #expect(try query.position("oas", "morales", instant("2019-11-11T00:00-04:00")) == .supports)

        // The same events in a UTC store: the 03:59Z instant belongs to the 11th.
        var utc = Chronicle(zone: .utc)
        utc.register("oas", "morales")
        utc.record("allegation-made", date, "oas", toward: "morales")
        utc.record("protest-held", instant("2019-11-11T03:59:59.999Z"), "oas", toward: "morales")
        let utcAnswer = try utc.query.answer("oas", "morales", date)
        #expect(utcAnswer.position == .critical)
        #expect(utcAnswer.changes.count == 1)
        #expect(try utc.query.answer("oas", "morales", instant("2019-11-10T03:00Z")).certain == false)
    }
}
