import Foundation
import Projections
import StanceDomain
import Testing

/// A person holding a leader, commander or spokesperson role in an institution speaks for it:
/// what they say while holding the role is also the institution's position.
@Suite("Position: speaking for an institution")
struct PositionSpeakingForTests {
    /// The military, its commander-to-be Kaliman, Morales and another institution.
    func chronicle() -> Chronicle {
        var log = Chronicle()
        log.register("military", "police", kind: .institution)
        log.register("kaliman", "romero", "morales")
        return log
    }

    @Test(arguments: [Role.leader, .commander, .spokesperson])
    func aSpeakingRoleSetsTheInstitutionsPosition(role: Role) throws {
        var log = chronicle()
        let assignment = log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: role)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales", strength: .suggested)
        let query = log.query

        #expect(try query.position("military", "morales", day("2019-11-09")) == .unknown)
        let answer = try query.answer("military", "morales", day("2019-11-10"))
        #expect(answer.position == .callsForResignation)
        #expect(answer.evidenceIDs == [call.id])
        let entry = try #require(answer.since?.entry)
        #expect(entry.speaker == "kaliman")
        let via = try #require(entry.via)
        #expect(via.person == "kaliman")
        #expect(via.institution == "military")
        #expect(via.role == role)
        #expect(via.assignedSeq == assignment.seq)
        #expect(via.from == day("2018-12-24"))
        #expect(via.end == nil)
        // The person's own position is set too, in their own name.
        let own = try query.answer("kaliman", "morales", day("2019-11-10"))
        #expect(own.position == .callsForResignation)
        #expect(own.since?.entry.via == nil)
        #expect(query.targets(of: "military") == ["morales"])
    }

    @Test func aMemberDoesNotSpeakForTheInstitution() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .member)
        log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let query = log.query
        #expect(try query.position("military", "morales", day("2019-11-10")) == .unknown)
        #expect(try query.position("kaliman", "morales", day("2019-11-10")) == .callsForResignation)
        #expect(query.targets(of: "military").isEmpty)
    }

    @Test func aRoleInAnotherInstitutionDoesNotSpeakForThisOne() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "police", role: .commander)
        log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let query = log.query
        #expect(try query.position("military", "morales", day("2019-11-10")) == .unknown)
        #expect(try query.position("police", "morales", day("2019-11-10")) == .callsForResignation)
    }

    @Test func aStatementAfterRoleEndedDoesNotCount() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let before = log.record("support-declared", day("2019-05-01"), "kaliman", toward: "morales")
        let ending = log.record("role-ended", day("2019-06-01"), "kaliman", in: "military", role: .commander)
        log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let query = log.query
        let answer = try query.answer("military", "morales", day("2019-11-10"))
        #expect(answer.position == .supports)
        #expect(answer.evidenceIDs == [before.id])
        #expect(answer.since?.entry.via?.endedBySeq == ending.seq)
        #expect(try query.position("kaliman", "morales", day("2019-11-10")) == .callsForResignation)
    }

    @Test func aStatementAfterResigningDoesNotCount() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "police", role: .spokesperson)
        log.record("resigned", day("2019-06-01"), "kaliman", toward: "military")
        log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let query = log.query
        #expect(try query.position("military", "morales", day("2019-11-10")) == .unknown)
        // Resigning from the military leaves the role in the police.
        #expect(try query.position("police", "morales", day("2019-11-10")) == .callsForResignation)
    }

    @Test func resigningEndsEveryOpenRoleInThatInstitution() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-01-01"), "kaliman", in: "military", role: .spokesperson)
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        log.record("resigned", day("2019-06-01"), "kaliman", toward: "military")
        log.record("protest-held", day("2019-11-10"), "kaliman", toward: "morales")
        let query = log.query
        #expect(try query.position("military", "morales", day("2019-11-10")) == .unknown)
        #expect(query.directory.roleSpans().allSatisfy { $0.end != nil })
    }

    @Test func aStatementAfterUntilDoesNotCount() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander, until: day("2019-06-01"))
        let lastDay = log.record("support-declared", day("2019-06-01"), "kaliman", toward: "morales")
        log.record("allegation-made", day("2019-06-02"), "kaliman", toward: "morales")
        log.record("resignation-called-for", instant("2019-06-02T00:00Z"), "kaliman", toward: "morales")
        let query = log.query
        // `until` a day includes that day.
        let answer = try query.answer("military", "morales", day("2019-11-10"))
        #expect(answer.position == .supports)
        #expect(answer.evidenceIDs == [lastDay.id])
        // The day-precision allegation sorts after the midnight instant of its day.
        #expect(try query.position("kaliman", "morales", day("2019-11-10")) == .critical)
    }

    @Test func aStatementAfterAnInstantUntilDoesNotCount() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander, until: instant("2019-06-01T12:00Z"))
        let inside = log.record("support-declared", instant("2019-06-01T11:59:59.999Z"), "kaliman", toward: "morales")
        log.record("protest-held", instant("2019-06-01T12:00Z"), "kaliman", toward: "morales")
        let answer = try log.query.answer("military", "morales", day("2019-11-10"))
        #expect(answer.position == .supports)
        #expect(answer.evidenceIDs == [inside.id])
    }

    @Test func aStatementBeforeTheRoleBeganDoesNotCount() throws {
        var log = chronicle()
        log.record("protest-held", day("2019-11-09"), "kaliman", toward: "morales")
        log.record("role-assigned", day("2019-11-10"), "kaliman", in: "military", role: .commander)
        let query = log.query
        #expect(try query.position("military", "morales", day("2019-11-10")) == .unknown)
        #expect(try query.position("kaliman", "morales", day("2019-11-10")) == .opposes)
        // What the new commander says next counts.
        let next = log.record("support-declared", instant("2019-11-10T12:00Z"), "kaliman", toward: "morales")
        let answer = try log.query.answer("military", "morales", day("2019-11-10"))
        #expect(answer.position == .supports)
        #expect(answer.evidenceIDs == [next.id])
    }

    @Test func aRoleRecordedAfterTheStatementStillMakesItCount() throws {
        var log = chronicle()
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        #expect(try log.query.position("military", "morales", day("2019-11-10")) == .unknown)
        // Recorded later, back-dated to before the statement.
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let answer = try log.query.answer("military", "morales", day("2019-11-10"))
        #expect(answer.position == .callsForResignation)
        #expect(answer.evidenceIDs == [call.id])
        #expect(answer.since?.entry.via?.person == "kaliman")
    }

    @Test func anEndRecordedAfterTheStatementTakesItBack() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        #expect(try log.query.position("military", "morales", day("2019-11-10")) == .callsForResignation)
        log.record("role-ended", day("2019-06-01"), "kaliman", in: "military", role: .commander)
        #expect(try log.query.position("military", "morales", day("2019-11-10")) == .unknown)
    }

    @Test func endingADifferentRoleLeavesTheSpeakingRole() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        log.record("role-ended", day("2019-06-01"), "kaliman", in: "military", role: .spokesperson)
        log.record("role-ended", day("2019-06-01"), "kaliman", in: "police", role: .commander)
        log.record("role-ended", day("2019-06-01"), "romero", in: "military", role: .commander)
        log.record("resigned", day("2019-06-01"), "kaliman", toward: "police")
        log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        #expect(try log.query.position("military", "morales", day("2019-11-10")) == .callsForResignation)
    }

    @Test func aRoleTakenUpAgainSpeaksAgain() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-01-01"), "kaliman", in: "military", role: .commander)
        log.record("role-ended", day("2018-06-01"), "kaliman", in: "military", role: .commander)
        log.record("support-declared", day("2018-09-01"), "kaliman", toward: "morales")
        log.record("role-assigned", day("2019-01-01"), "kaliman", in: "military", role: .commander)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let query = log.query
        #expect(try query.position("military", "morales", day("2018-12-31")) == .unknown)
        let answer = try query.answer("military", "morales", day("2019-11-10"))
        #expect(answer.position == .callsForResignation)
        #expect(answer.evidenceIDs == [call.id])
        #expect(answer.since?.from == .unknown)
        #expect(answer.since?.entry.via?.from == day("2019-01-01"))
    }

    @Test func theInstitutionAndItsSpeakersMergeInWorldOrder() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        log.record("role-assigned", day("2018-12-24"), "romero", in: "military", role: .spokesperson)
        let own = log.record("support-declared", day("2019-11-01"), "military", toward: "morales")
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let back = log.record("resignation-call-withdrawn", day("2019-11-12"), "romero", toward: "morales")
        let again = log.record("support-declared", day("2019-11-13"), "military", toward: "morales")
        let timeline = try log.query.timeline("military", "morales")
        #expect(timeline.changes.map(\.transition) == ["unknown->supports", "supports->calls-for-resignation", "calls-for-resignation->neutral", "neutral->supports"])
        #expect(timeline.changes.map(\.entry.event.id) == [own.id, call.id, back.id, again.id])
        #expect(timeline.changes.map { $0.entry.via?.person } == [nil, "kaliman", "romero", nil])
    }

    @Test func signalsAreSpokenForTheInstitutionToo() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        log.record("role-assigned", day("2018-12-24"), "romero", in: "military", role: .member)
        let dialogue = log.record("dialogue-called-for", day("2019-11-12"), "kaliman")
        log.record("dialogue-called-for", day("2019-11-12"), "romero")
        let answer = try log.query.answer("military", "morales", day("2019-11-12"))
        #expect(answer.signalIDs == [dialogue.id])
        #expect(answer.signals.first?.via?.role == .commander)
    }

    /// A statement is one piece of evidence, however many speaking roles its speaker holds.
    @Test
    func aSpeakerWithTwoRolesIsCountedOnce() throws {
        var log = chronicle()
        log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        log.record("role-assigned", day("2019-01-01"), "kaliman", in: "military", role: .spokesperson)
        // Also re-assigned without an end: a second, overlapping commander span.
        log.record("role-assigned", day("2019-02-01"), "kaliman", in: "military", role: .commander)
        let call = log.record("resignation-called-for", day("2019-11-10"), "kaliman", toward: "morales")
        let dialogue = log.record("dialogue-called-for", day("2019-11-10"), "kaliman")
        let answer = try log.query.answer("military", "morales", day("2019-11-10"))
        #expect(answer.evidenceIDs == [call.id])
        #expect(answer.signalIDs == [dialogue.id])
        #expect(log.query.entries(actor: "military", toward: "morales").count == 1)
        #expect(log.query.signals(actor: "military").map(\.event.id) == [dialogue.id])
    }
}

/// Endings that fall on the day a role began at a known instant.
@Suite("Position: a role ended on the day it began")
struct PositionSameDayEndingTests {
    func chronicle() -> Chronicle {
        var log = Chronicle()
        log.register("military", kind: .institution)
        log.register("kaliman", "morales")
        log.record("role-assigned", instant("2019-11-10T10:00Z"), "kaliman", in: "military", role: .commander)
        return log
    }

    /// The day-precision ending sorts after the 10:00 assignment in world order, so it ends it.
    @Test
    func aDayPrecisionRoleEndedOnTheDayOfAnInstantAssignmentEndsIt() throws {
        var log = chronicle()
        log.record("role-ended", day("2019-11-10"), "kaliman", in: "military", role: .commander)
        log.record("resignation-called-for", day("2019-12-01"), "kaliman", toward: "morales")
        #expect(log.query.directory.roleSpans().first?.end != nil)
        #expect(try log.query.position("military", "morales", day("2019-12-01")) == .unknown)
    }

    @Test
    func aDayPrecisionResignationOnTheDayOfAnInstantAssignmentEndsIt() throws {
        var log = chronicle()
        log.record("resigned", day("2019-11-10"), "kaliman", toward: "military")
        log.record("resignation-called-for", day("2019-12-01"), "kaliman", toward: "morales")
        #expect(try log.query.position("military", "morales", day("2019-12-01")) == .unknown)
    }

    @Test func anInstantEndingLaterThatDayEndsIt() throws {
        var log = chronicle()
        log.record("role-ended", instant("2019-11-10T18:00Z"), "kaliman", in: "military", role: .commander)
        log.record("resignation-called-for", day("2019-12-01"), "kaliman", toward: "morales")
        #expect(try log.query.position("military", "morales", day("2019-12-01")) == .unknown)
    }
}
