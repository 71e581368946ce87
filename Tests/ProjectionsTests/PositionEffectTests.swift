import Foundation
import Projections
import StanceDomain
import Testing

/// What each type of the vocabulary does to a position.
@Suite("Position: the effect of each event type")
struct PositionEffectTests {
    static let setting: [(type: String, position: Position)] = [
        ("support-declared", .supports),
        ("support-withdrawn", .neutral),
        ("resignation-called-for", .callsForResignation),
        ("resignation-call-withdrawn", .neutral),
        ("allegation-made", .critical),
        ("protest-held", .opposes),
    ]

    @Test(arguments: setting.map(\.type))
    func aSettingTypeSetsItsPosition(typeName: String) throws {
        let expected = Self.setting.first { $0.type == typeName }!.position
        var log = Chronicle()
        log.register("oas", "morales")
        let event = log.record(typeName, day("2019-11-10"), "oas", toward: "morales")
        let query = log.query

        #expect(try query.position("oas", "morales", day("2019-11-09")) == .unknown)
        let answer = try query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == expected)
        #expect(answer.since?.from == .unknown)
        #expect(answer.since?.to == expected)
        #expect(answer.since?.entry.event.id == event.id)
        #expect(answer.since?.entry.via == nil)
        #expect(answer.since?.entry.speaker == "oas")
        #expect(answer.evidenceIDs == [event.id])
        #expect(answer.certain)
        #expect(try query.position("oas", "morales", day("2030-01-01")) == expected)
    }

    @Test(arguments: Position.recordable)
    func aStatementSetsTheGivenPosition(position: Position) throws {
        var log = Chronicle()
        log.register("oas", "morales")
        let event = log.record("statement-issued", day("2019-11-10"), "oas", toward: "morales", position: position)
        let answer = try log.query.answer("oas", "morales", day("2019-11-10"))
        #expect(answer.position == position)
        #expect(answer.evidenceIDs == [event.id])
    }

    @Test func aStatementWithoutAPositionLeavesThePositionAlone() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("statement-issued", day("2019-11-09"), "oas", toward: "morales")
        #expect(try log.query.position("oas", "morales", day("2019-11-09")) == .unknown)
        let support = log.record("support-declared", day("2019-11-10"), "oas", toward: "morales")
        log.record("statement-issued", day("2019-11-11"), "oas", toward: "morales")
        log.record("statement-issued", day("2019-11-12"), "oas")
        let answer = try log.query.answer("oas", "morales", day("2019-11-12"))
        #expect(answer.position == .supports)
        #expect(answer.evidenceIDs == [support.id])
    }

    @Test func theLatestEventDecidesAndEachTypeMovesThePosition() throws {
        var log = Chronicle()
        log.register("opposition", "morales")
        let steps: [(String, String, Position)] = [
            ("2019-11-01", "support-declared", .supports),
            ("2019-11-02", "support-withdrawn", .neutral),
            ("2019-11-03", "allegation-made", .critical),
            ("2019-11-04", "protest-held", .opposes),
            ("2019-11-05", "resignation-called-for", .callsForResignation),
            ("2019-11-06", "resignation-call-withdrawn", .neutral),
            ("2019-11-07", "support-declared", .supports),
        ]
        for (date, type, _) in steps { log.record(type, day(date), "opposition", toward: "morales") }
        let query = log.query
        var before = Position.unknown
        for (date, _, position) in steps {
            let answer = try query.answer("opposition", "morales", day(date))
            #expect(answer.position == position, "on \(date)")
            #expect(answer.since?.from == before, "on \(date)")
            before = position
        }
        #expect(try query.timeline("opposition", "morales").changes.count == steps.count)
    }

    @Test func aPositionBelongsToOnePairInOneDirection() throws {
        var log = Chronicle()
        log.register("oas", "morales", "protesters")
        log.record("allegation-made", day("2019-11-10"), "oas", toward: "morales")
        let query = log.query
        #expect(try query.position("oas", "morales", day("2019-11-10")) == .critical)
        #expect(try query.position("morales", "oas", day("2019-11-10")) == .unknown)
        #expect(try query.position("oas", "protesters", day("2019-11-10")) == .unknown)
        #expect(try query.position("protesters", "morales", day("2019-11-10")) == .unknown)
        #expect(query.targets(of: "oas") == ["morales"])
        #expect(query.targets(of: "morales") == [])
    }

    @Test func aRestatementIsEvidenceNotAChange() throws {
        var log = Chronicle()
        log.register("opposition", "morales")
        let first = log.record("resignation-called-for", day("2019-11-10"), "opposition", toward: "morales", strength: .suggested)
        let second = log.record("resignation-called-for", day("2019-11-11"), "opposition", toward: "morales")
        let answer = try log.query.answer("opposition", "morales", day("2019-11-12"))
        #expect(answer.position == .callsForResignation)
        #expect(answer.since?.entry.event.id == first.id)
        #expect(answer.evidenceIDs == [first.id, second.id])
        #expect(answer.evidence.map { $0.event.event.effectiveStrength } == [.suggested, .demanded])
        // Evidence stops at the cut.
        #expect(try log.query.answer("opposition", "morales", day("2019-11-10")).evidenceIDs == [first.id])
    }

    // MARK: signals

    @Test func signalsAreShownBesideThePositionAndDoNotChangeIt() throws {
        var log = Chronicle()
        log.register("military", "morales", "protesters")
        let dialogue = log.record("dialogue-called-for", day("2019-11-12"), "military")
        let refusal = log.record("force-refused", day("2019-11-12"), "military", toward: "morales")
        let elsewhere = log.record("force-refused", day("2019-11-12"), "military", toward: "protesters")
        let dialogueWithMorales = log.record("dialogue-called-for", day("2019-11-13"), "military", toward: "morales")
        let query = log.query

        let answer = try query.answer("military", "morales", day("2019-11-12"))
        #expect(answer.position == .unknown)
        #expect(answer.since == nil)
        #expect(answer.evidence.isEmpty)
        // Signals of the same day are in world order too: the lower id last, whatever was recorded first.
        #expect(answer.signalIDs == [refusal.id, dialogue.id])
        #expect(answer.signals.allSatisfy { $0.position == nil })
        #expect(try query.answer("military", "morales", day("2019-11-13")).signalIDs == [refusal.id, dialogue.id, dialogueWithMorales.id])
        #expect(try query.answer("military", "protesters", day("2019-11-13")).signalIDs == [elsewhere.id, dialogue.id])
        #expect(try query.answer("military", "morales", day("2019-11-11")).signals.isEmpty)
        #expect(query.targets(of: "military").isEmpty)
    }

    @Test func signalsBeforeTheCurrentSpanAreNotShown() throws {
        var log = Chronicle()
        log.register("military", "morales")
        log.record("support-declared", day("2019-11-01"), "military", toward: "morales")
        let early = log.record("dialogue-called-for", day("2019-11-03"), "military")
        let change = log.record("resignation-called-for", day("2019-11-05"), "military", toward: "morales")
        let sameDay = log.record("dialogue-called-for", day("2019-11-05"), "military")
        let query = log.query
        #expect(try query.answer("military", "morales", day("2019-11-04")).signalIDs == [early.id])
        let answer = try query.answer("military", "morales", day("2019-11-06"))
        #expect(answer.since?.entry.event.id == change.id)
        #expect(answer.signalIDs == [sameDay.id])
        // A restatement does not open a new span: the span's signals stay.
        log.record("resignation-called-for", day("2019-11-07"), "military", toward: "morales")
        #expect(try log.query.answer("military", "morales", day("2019-11-08")).signalIDs == [sameDay.id])
    }

    /// PositionAnswer.signals is documented as "from the start of the current span's first day".
    @Test
    func signalsFromTheStartOfTheSpansFirstDayAreShown() throws {
        var log = Chronicle()
        log.register("military", "morales")
        let morning = log.record("dialogue-called-for", instant("2019-11-05T09:00Z"), "military")
        log.record("resignation-called-for", instant("2019-11-05T15:00Z"), "military", toward: "morales")
        #expect(try log.query.answer("military", "morales", day("2019-11-05")).signalIDs == [morning.id])
    }
}
