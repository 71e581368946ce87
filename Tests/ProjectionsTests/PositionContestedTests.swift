import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// Contested answers: reports from different sources that set different positions at the same
/// world time. The answer still gives one position, by the world-order rule, and lists every
/// competing report.
@Suite("Position: contested reports")
struct PositionContestedTests {
    func chronicle(zone: StoreTimeZone = .utc) -> Chronicle {
        var log = Chronicle(zone: zone)
        log.register("oas", "morales")
        return log
    }

    @discardableResult
    func report(_ log: inout Chronicle, _ type: String, _ time: WorldTime, source: String?, confidence: Double? = nil, actor: String = "oas") -> ProjectedEvent {
        log.record(log.make(type, time, actor, toward: "morales") { event in
            event.source = source
            event.confidence = confidence
        })
    }

    @Test func sameDayDifferentSourcesIsContestedAndTheRuleDecides() throws {
        var log = chronicle()
        let support = report(&log, "support-declared", day("2019-11-10"), source: "AP", confidence: 0.8)
        let protest = report(&log, "protest-held", day("2019-11-10"), source: "Reuters", confidence: 0.4)
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        // The higher confidence comes last and decides, although recorded first.
        #expect(answer.position == .supports)
        #expect(answer.since?.entry.event.id == support.id)
        #expect(answer.contested)
        #expect(answer.competing.map(\.event.id) == [protest.id, support.id])
        #expect(answer.since?.competing.map(\.event.id) == [protest.id])
        #expect(answer.since?.isContested == true)
        // Each change of the day is contested by the other.
        let timeline = try log.query.timeline("oas", "morales")
        #expect(timeline.changes.map(\.entry.event.id) == [protest.id, support.id])
        #expect(timeline.changes.map(\.isContested) == [true, true])
        #expect(timeline.changes.first?.competing.map(\.event.id) == [support.id])
        // The next day the answer is still the contested one.
        #expect(try log.query.answer("oas", "morales", day("2019-11-11")).contested)
    }

    @Test func withoutConfidencesTheLowerIDDecides() throws {
        var log = chronicle()
        let first = log.make("support-declared", day("2019-11-10"), "oas", toward: "morales") { $0.source = "AP" }
        let second = log.make("protest-held", day("2019-11-10"), "oas", toward: "morales") { $0.source = "Reuters" }
        log.record(second)
        log.record(first)
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == .supports)
        #expect(answer.contested)
        #expect(answer.competing.map(\.event.id) == [second.id, first.id])
    }

    @Test func theSameSourceOnTheSameDayIsARevisionNotAContest() throws {
        var log = chronicle()
        report(&log, "support-declared", day("2019-11-10"), source: "AP", confidence: 0.9)
        let protest = report(&log, "protest-held", day("2019-11-10"), source: "AP", confidence: 0.3)
        report(&log, "allegation-made", instant("2019-11-10T12:00Z"), source: "AP")
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == .supports)
        #expect(!answer.contested)
        #expect(answer.competing.isEmpty)
        #expect(try log.query.timeline("oas", "morales").changes.allSatisfy { !$0.isContested })
        _ = protest
    }

    @Test func theSameInstantFromTwoSourcesIsContested() throws {
        var log = chronicle()
        let time = instant("2019-11-10T16:50Z")
        let support = report(&log, "support-declared", time, source: "AP")
        let protest = report(&log, "protest-held", time, source: "Reuters")
        let answer = try log.query.answer("oas", "morales", time)
        #expect(answer.contested)
        #expect(Set(answer.competing.map(\.event.id)) == [support.id, protest.id])
        #expect(answer.position == .supports, "the lower id comes last")
    }

    @Test func differentInstantsOfTheSameDayAreNotContested() throws {
        var log = chronicle()
        report(&log, "support-declared", instant("2019-11-10T09:00Z"), source: "AP")
        let later = report(&log, "protest-held", instant("2019-11-10T09:00:00.001Z"), source: "Reuters")
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == .opposes)
        #expect(answer.since?.entry.event.id == later.id)
        #expect(!answer.contested)
        #expect(try log.query.timeline("oas", "morales").changes.allSatisfy { !$0.isContested })
    }

    @Test(arguments: ["2019-11-10T00:00Z", "2019-11-10T12:00Z", "2019-11-10T23:59:59.999Z"])
    func aDayReportAndAnInstantOfThatDayFromTwoSourcesAreContested(time: String) throws {
        var log = chronicle()
        let dayReport = report(&log, "protest-held", day("2019-11-10"), source: "AP")
        let instantReport = report(&log, "support-declared", instant(time), source: "Reuters", confidence: 1)
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        // The day report sorts after the instants of its day, whatever the confidences.
        #expect(answer.position == .opposes)
        #expect(answer.since?.entry.event.id == dayReport.id)
        #expect(answer.contested)
        #expect(answer.competing.map(\.event.id) == [instantReport.id, dayReport.id])
    }

    @Test func aDayReportAndAnInstantOfAnotherDayAreNotContested() throws {
        var log = chronicle()
        report(&log, "protest-held", day("2019-11-10"), source: "AP")
        report(&log, "support-declared", instant("2019-11-11T00:00Z"), source: "Reuters")
        report(&log, "allegation-made", instant("2019-11-09T23:59:59.999Z"), source: "Reuters")
        let timeline = try log.query.timeline("oas", "morales")
        #expect(timeline.changes.count == 3)
        #expect(timeline.changes.allSatisfy { !$0.isContested })
    }

    @Test func reportsOfDifferentDaysAreNotContested() throws {
        var log = chronicle()
        report(&log, "protest-held", day("2019-11-10"), source: "AP")
        report(&log, "support-declared", day("2019-11-11"), source: "Reuters")
        #expect(!(try log.query.answer("oas", "morales", day("2019-11-11")).contested))
    }

    /// A report that names no source could come from anyone: it contests every other report.
    @Test(arguments: [(nil, nil), (nil, "AP"), ("AP", nil)] as [(String?, String?)])
    func reportsWithoutASourceCountAsDifferentSources(first: String?, second: String?) throws {
        var log = chronicle()
        report(&log, "support-declared", day("2019-11-10"), source: first)
        report(&log, "protest-held", day("2019-11-10"), source: second)
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.contested)
        #expect(answer.competing.count == 2)
    }

    @Test func reportsOfTheSamePositionDoNotContest() throws {
        var log = chronicle()
        let first = report(&log, "protest-held", day("2019-11-10"), source: "AP")
        let second = report(&log, "statement-issued", day("2019-11-10"), source: "Reuters")
        #expect(second.event.setsPosition == nil)
        let third = log.record(log.make("statement-issued", day("2019-11-10"), "oas", toward: "morales", position: .opposes) { $0.source = "AFP" })
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        #expect(!answer.contested)
        #expect(Set(answer.evidenceIDs) == [first.id, third.id])
    }

    @Test func threeSourcesThreePositions() throws {
        var log = chronicle()
        let a = report(&log, "support-declared", day("2019-11-10"), source: "a", confidence: 0.2)
        let b = report(&log, "protest-held", day("2019-11-10"), source: "b", confidence: 0.5)
        let c = report(&log, "allegation-made", day("2019-11-10"), source: "c", confidence: 0.7)
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == .critical)
        #expect(answer.competing.map(\.event.id) == [a.id, b.id, c.id])
    }

    /// Same day is the store's day: 22:00 in La Paz on the 10th is 02:00Z on the 11th.
    @Test func theSameDayIsTheStoresCivilDay() throws {
        let late = instant("2019-11-11T02:00Z")
        var laPazLog = chronicle(zone: laPaz)
        report(&laPazLog, "protest-held", day("2019-11-10"), source: "AP")
        report(&laPazLog, "support-declared", late, source: "Reuters")
        #expect(try laPazLog.query.answer("oas", "morales", day("2019-11-10")).contested)

        var utcLog = chronicle(zone: .utc)
        report(&utcLog, "protest-held", day("2019-11-10"), source: "AP")
        report(&utcLog, "support-declared", late, source: "Reuters")
        #expect(!(try utcLog.query.answer("oas", "morales", day("2019-11-11")).contested))
        #expect(try utcLog.query.timeline("oas", "morales").changes.allSatisfy { !$0.isContested })
    }

    @Test func aSpeakerAndTheInstitutionItselfCanContest() throws {
        var log = Chronicle()
        log.register("military", kind: .institution)
        log.register("kaliman", "morales")
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let call = report(&log, "resignation-called-for", day("2019-11-10"), source: "a", actor: "kaliman")
        let support = report(&log, "support-declared", day("2019-11-10"), source: "b", confidence: 0.9, actor: "military")
        let answer = try log.query.answer("military", "morales", day("2019-11-10"))
        #expect(answer.position == .supports)
        #expect(answer.contested)
        #expect(answer.competing.map(\.event.id) == [call.id, support.id])
        #expect(answer.competing.first?.via?.person == "kaliman")
        // Kaliman's own position is not contested: the military's report is not his.
        #expect(!(try log.query.answer("kaliman", "morales", day("2019-11-10")).contested))
    }

    /// Whether an answer is contested may not depend on which report happened to open the
    /// span. Here source b revises itself within the day (opposes, then supports) and source c
    /// supports: c's report contradicts b's first one, from a different source, so by the rule
    /// the answer is contested; yet only the report that opened the span is compared.
    /// Compare `aContestWithTheSameShapeIsReported`, where the reports that agree come in the
    /// other order and the answer is contested.
    @Test
    func aRestatementFromAnotherSourceContestsTooWhenTheSpanWasOpenedByARevision() throws {
        var log = chronicle()
        let first = report(&log, "protest-held", day("2019-11-10"), source: "b", confidence: 0.1)
        let revision = report(&log, "support-declared", day("2019-11-10"), source: "b", confidence: 0.5)
        let other = report(&log, "support-declared", day("2019-11-10"), source: "c", confidence: 0.9)
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == .supports)
        #expect(answer.since?.entry.event.id == revision.id)
        #expect(answer.evidenceIDs == [revision.id, other.id])
        // The timeline already says that the protest was contested by c's support.
        let timeline = try log.query.timeline("oas", "morales")
        #expect(timeline.changes.first?.competing.map(\.event.id) == [other.id])
        let contested = answer.contested
        let competing = Set(answer.competing.map(\.event.id))
        #expect(contested)
        #expect(competing.isSuperset(of: [first.id, other.id]))
    }

    @Test func aContestWithTheSameShapeIsReported() throws {
        var log = chronicle()
        // Source a supports, b opposes, then a revises itself to agree with b.
        let first = report(&log, "support-declared", day("2019-11-10"), source: "a", confidence: 0.1)
        let other = report(&log, "protest-held", day("2019-11-10"), source: "b", confidence: 0.5)
        report(&log, "protest-held", day("2019-11-10"), source: "a", confidence: 0.9)
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == .opposes)
        #expect(answer.since?.entry.event.id == other.id)
        #expect(answer.contested)
        #expect(answer.competing.map(\.event.id) == [first.id, other.id])
    }

    // MARK: the rule itself, on random logs

    /// `Contest.conflicts` agrees with the rule written out independently, and is symmetric.
    @Test(arguments: 0..<20)
    func conflictsFollowTheRule(seed: UInt64) throws {
        let query = RandomLog.chronicle(RandomLog.events(seed: seed)).query
        let zone = RandomLog.zone
        let contest = Contest(zone: zone)
        for actor in RandomLog.askers {
            for toward in RandomLog.targets {
                let entries = query.entries(actor: actor, toward: toward)
                for a in entries {
                    for b in entries {
                        let sameTime: Bool = switch (a.event.event.occurred, b.event.event.occurred) {
                        case (.instant(let x), .instant(let y)): x == y
                        default: zone.civilDate(at: a.event.startMillis) == zone.civilDate(at: b.event.startMillis)
                        }
                        let sameSource = a.event.event.source != nil && a.event.event.source == b.event.event.source
                        let expected = a.event.id != b.event.id && a.position != b.position && sameTime && !sameSource
                        #expect(contest.conflicts(a, b) == expected, "seed \(seed): \(a.event.event) vs \(b.event.event)")
                        #expect(contest.conflicts(a, b) == contest.conflicts(b, a))
                    }
                }
                // Every change is contested exactly by the reports conflicting with one of its span's.
                for change in query.changes(in: entries) {
                    let expected = entries.filter { other in change.evidence.contains { contest.conflicts($0, other) } }
                    #expect(change.competing.map(\.event.id) == expected.map(\.event.id))
                }
            }
        }
    }
}
