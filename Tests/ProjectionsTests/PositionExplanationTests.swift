import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// `--explain`: every event that could bear on an answer, in world order, with what became of it.
@Suite("Position: explanations")
struct PositionExplanationTests {
    func explain(_ log: Chronicle, _ actor: String, _ toward: String, _ time: WorldTime, knownUpTo count: Int? = nil) throws -> PositionExplanation {
        let full = log.replay
        let known = count.map { log.replay(first: $0) } ?? full
        let answer = try known.query.answer(actor, toward, time)
        return PositionExplanation(answer: answer, known: known, full: full)
    }

    func verdicts(_ explanation: PositionExplanation) -> [String] {
        explanation.steps.map(\.verdict.name)
    }

    func ids(_ explanation: PositionExplanation) -> [UUID] {
        explanation.steps.map(\.event.id)
    }

    @Test func setsRestatesAndSuperseded() throws {
        var log = Chronicle()
        log.register("oas", "morales", "protesters")
        let support = log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let again = log.record("statement-issued", day("2019-11-02"), "oas", toward: "morales", position: .supports)
        log.record("protest-held", day("2019-11-02"), "oas", toward: "protesters")
        log.record("statement-issued", day("2019-11-02"), "oas", toward: "morales")
        let protest = log.record("protest-held", day("2019-11-03"), "oas", toward: "morales")
        let later = log.record("support-declared", day("2019-11-05"), "oas", toward: "morales")

        let early = try explain(log, "oas", "morales", day("2019-11-02"))
        #expect(ids(early) == [support.id, again.id], "only the pair's position reports up to the cut")
        #expect(verdicts(early) == ["sets", "restates"])
        #expect(early.steps.allSatisfy { $0.via == nil && !$0.contested })
        #expect(early.answer.position == .supports)

        let middle = try explain(log, "oas", "morales", day("2019-11-04"))
        #expect(ids(middle) == [support.id, again.id, protest.id])
        #expect(verdicts(middle) == ["superseded", "superseded", "sets"])

        let end = try explain(log, "oas", "morales", day("2019-11-30"))
        #expect(ids(end) == [support.id, again.id, protest.id, later.id])
        #expect(verdicts(end) == ["superseded", "superseded", "superseded", "sets"])
    }

    @Test func aDayEventOnTheDayOfAnInstantQuestionIsUncertain() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        let support = log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let allegation = log.record("allegation-made", day("2019-11-10"), "oas", toward: "morales")
        let explanation = try explain(log, "oas", "morales", instant("2019-11-10T12:00Z"))
        #expect(ids(explanation) == [support.id, allegation.id])
        #expect(verdicts(explanation) == ["sets", "uncertain"])
        #expect(!explanation.answer.certain)
    }

    @Test func aRetractedReportIsShownWithItsRetraction() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        let support = log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let protest = log.record("protest-held", day("2019-11-03"), "oas", toward: "morales")
        let retraction = log.retract(protest)
        let explanation = try explain(log, "oas", "morales", day("2019-11-05"))
        #expect(ids(explanation) == [support.id, protest.id], "the retraction itself is not a step")
        #expect(verdicts(explanation) == ["sets", "retracted"])
        #expect(explanation.steps.last?.verdict == .retracted(by: retraction))
    }

    @Test func aReportRecordedAfterTheAsOfMomentIsNotYetRecorded() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        let support = log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let protest = log.record("protest-held", day("2019-11-03"), "oas", toward: "morales")
        let known = log.recorded.count
        let allegation = log.record("allegation-made", day("2019-11-02"), "oas", toward: "morales")
        // Withdrawn later, but not yet as of the moment asked about.
        log.retract(protest)

        let explanation = try explain(log, "oas", "morales", day("2019-11-05"), knownUpTo: known)
        #expect(explanation.answer.position == .opposes)
        #expect(ids(explanation) == [support.id, allegation.id, protest.id])
        #expect(verdicts(explanation) == ["superseded", "not-yet-recorded", "sets"])

        let now = try explain(log, "oas", "morales", day("2019-11-05"))
        #expect(now.answer.position == .critical)
        #expect(verdicts(now) == ["superseded", "sets", "retracted"])
    }

    @Test func contestedReportsAreMarked() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        let earlier = log.record("allegation-made", day("2019-11-01"), "oas", toward: "morales")
        let support = log.record(log.make("support-declared", day("2019-11-05"), "oas", toward: "morales") { $0.source = "AP"; $0.confidence = 0.9 })
        let protest = log.record(log.make("protest-held", day("2019-11-05"), "oas", toward: "morales") { $0.source = "Reuters" })
        let explanation = try explain(log, "oas", "morales", day("2019-11-05"))
        #expect(ids(explanation) == [earlier.id, protest.id, support.id])
        #expect(verdicts(explanation) == ["superseded", "superseded", "sets"])
        #expect(explanation.steps.map(\.contested) == [false, true, true])
    }

    // MARK: speaking for an institution

    func militaryLog() -> Chronicle {
        var log = Chronicle(zone: laPaz)
        log.register("military", kind: .institution)
        log.register("kaliman", "romero", "morales")
        return log
    }

    @Test func aSpeakersReportIsShownWithItsRole() throws {
        var log = militaryLog()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let explanation = try explain(log, "military", "morales", day("2019-11-10"))
        #expect(ids(explanation) == [call.id])
        #expect(verdicts(explanation) == ["sets"])
        #expect(explanation.steps.first?.via?.role == .commander)
    }

    @Test func aMembersReportDoesNotSpeakForTheInstitution() throws {
        var log = militaryLog()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .member)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let explanation = try explain(log, "military", "morales", day("2019-11-10"))
        #expect(explanation.answer.position == .unknown)
        #expect(ids(explanation) == [call.id])
        guard case .notSpeakingForInstitution(let reason) = explanation.steps.first?.verdict else {
            Issue.record("expected not-speaking-for-institution, got \(verdicts(explanation))")
            return
        }
        #expect(reason.contains("only a member"))
        #expect(explanation.steps.first?.via == nil)
    }

    @Test(arguments: ["role-ended", "resigned", "until"])
    func aReportAfterTheRoleEndedDoesNotSpeakForTheInstitution(ending: String) throws {
        var log = militaryLog()
        switch ending {
        case "until":
            log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander, until: day("2019-06-01"))
        case "role-ended":
            log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
            log.record("role-ended", day("2019-06-01"), "kaliman", in: "military", role: .commander)
        default:
            log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
            log.record("resigned", day("2019-06-01"), "kaliman", toward: "military")
        }
        let before = log.record("support-declared", day("2019-05-01"), "kaliman", toward: "morales")
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let explanation = try explain(log, "military", "morales", day("2019-11-10"))
        #expect(explanation.answer.position == .supports)
        #expect(ids(explanation) == [before.id, call.id])
        #expect(verdicts(explanation) == ["sets", "not-speaking-for-institution"])
        #expect(explanation.steps.last?.verdict == .notSpeakingForInstitution(reason: "kaliman's role had ended"))
    }

    @Test func aReportBeforeTheRoleBeganDoesNotSpeakForTheInstitution() throws {
        var log = militaryLog()
        log.record("role-assigned", day("2019-12-01"), "kaliman", in: "military", role: .commander)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let explanation = try explain(log, "military", "morales", day("2019-11-10"))
        #expect(ids(explanation) == [call.id])
        #expect(explanation.steps.first?.verdict == .notSpeakingForInstitution(reason: "kaliman's role had not begun"))
    }

    /// As of a moment before the role was recorded, the statement did not yet speak for the
    /// institution.
    @Test func aRoleRecordedAfterTheAsOfMomentDoesNotCountYet() throws {
        var log = militaryLog()
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let known = log.recorded.count
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let explanation = try explain(log, "military", "morales", day("2019-11-10"), knownUpTo: known)
        #expect(explanation.answer.position == .unknown)
        #expect(ids(explanation) == [call.id])
        guard case .notSpeakingForInstitution(let reason) = explanation.steps.first?.verdict else {
            Issue.record("expected not-speaking-for-institution, got \(verdicts(explanation))")
            return
        }
        #expect(reason.contains("not yet recorded"))
        // Now it does.
        #expect(verdicts(try explain(log, "military", "morales", day("2019-11-10"))) == ["sets"])
    }

    @Test func aWithdrawnRoleThatIsRestoredLaterIsWithdrawnAsOfBefore() throws {
        var log = militaryLog()
        let role = log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let retraction = log.retract(role)
        let known = log.recorded.count
        log.retract(retraction)
        let explanation = try explain(log, "military", "morales", day("2019-11-10"), knownUpTo: known)
        #expect(ids(explanation) == [call.id])
        guard case .notSpeakingForInstitution(let reason) = explanation.steps.first?.verdict else {
            Issue.record("expected not-speaking-for-institution, got \(verdicts(explanation))")
            return
        }
        #expect(reason.contains("withdrawn"))
    }

    /// As of a moment when Kaliman's role still counted, his call decided the military's
    /// answer; the explanation of that answer must show it, even though the role was retracted
    /// later.
    @Test
    func anAnswerAsOfBeforeARoleWasRetractedStillShowsItsEvidence() throws {
        var log = militaryLog()
        let role = log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let known = log.recorded.count
        log.retract(role)
        let explanation = try explain(log, "military", "morales", day("2019-11-10"), knownUpTo: known)
        #expect(explanation.answer.position == .callsForResignation)
        #expect(ids(explanation) == [call.id])
        #expect(verdicts(explanation) == ["sets"])
    }

    // MARK: on random logs

    /// Whatever the log and the moment: the event that opened the answer's span `sets` it,
    /// the rest of its evidence `restates` it, and every step is in world order. Asked of the
    /// whole log, and as of moments after which no retraction was recorded.
    @Test(arguments: 0..<12)
    func theStepsAgreeWithTheAnswer(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0xE9_1A)
        let events = RandomLog.recordingOrder(RandomLog.events(seed: seed), using: &rng)
        let lastRetraction = events.lastIndex { $0.event.retracts != nil } ?? 0
        try Self.checkSteps(events, asOf: Int.random(in: (lastRetraction + 1)...events.count, using: &rng), seed: seed, using: &rng)
    }

    /// The same as of any moment, a role retracted later included.
    @Test(arguments: 0..<16)
    func theStepsAgreeWithTheAnswerAsOfAnyMoment(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0xE9_1A)
        let events = RandomLog.recordingOrder(RandomLog.events(seed: seed), using: &rng)
        for moment in stride(from: 0, through: events.count, by: 4) {
            try Self.checkSteps(events, asOf: moment, seed: seed, using: &rng)
        }
    }

    static func checkSteps(_ events: [MadeEvent], asOf moment: Int, seed: UInt64, using rng: inout SplitMix64) throws {
        let log = RandomLog.chronicle(events)
        let full = log.replay
        let everyone = full.query
        for known in [full, log.replay(first: moment)] {
            for actor in RandomLog.askers {
                for target in RandomLog.targets {
                    for cut in RandomLog.cuts where Bool.random(using: &rng) {
                        let answer = known.query.answer(actor: try everyone.actor(actor), toward: try everyone.actor(target), cut: WorldCut(cut, in: RandomLog.zone))
                        let explanation = PositionExplanation(answer: answer, known: known, full: full)
                        let context = "seed \(seed), as of @\(known.events.count), \(actor)->\(target) at \(cut.formatted(in: RandomLog.zone))"
                        let steps = explanation.steps
                        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.event.order < $1.event.order }, "\(context)")
                        let sets = steps.filter { $0.verdict == .sets }.map(\.event.id)
                        let restates = steps.filter { $0.verdict == .restates }.map(\.event.id)
                        let evidence = answer.evidence.map(\.event.id)
                        if !(answer.since.map { _ in sets == [evidence[0]] } ?? sets.isEmpty) || restates != Array(evidence.dropFirst()) {
                            Issue.record("\(context): sets \(sets), restates \(restates), evidence \(evidence)")
                        }
                        let knownIDs = Set(known.events.map(\.id))
                        #expect(steps.allSatisfy { ($0.verdict == .notYetRecorded) == !knownIDs.contains($0.event.id) }, "\(context)")
                        let competing = Set(answer.competing.map(\.event.id))
                        #expect(steps.allSatisfy { $0.contested == competing.contains($0.event.id) }, "\(context)")
                    }
                }
            }
        }
    }
}
