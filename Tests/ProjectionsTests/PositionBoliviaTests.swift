import EventStore
import Foundation
import Projections
import StanceDomain
import Testing

/// The shipped example, `examples/bolivia-2019.ndjson`, imported as `stance import` would:
/// each line parsed in the store's zone (America/La_Paz), its actor names resolved against the
/// directory built so far, appended to a store and replayed.
enum BoliviaExampleLog {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/bolivia-2019.ndjson").path

    static func lines() throws -> [EventLine] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSON.parse(String(line)).objectValue)
            return try EventLine.parse(object, in: laPaz)
        }
    }

    static func replay() throws -> Replay {
        let store = InMemoryEventStore(settings: ["timezone": laPaz.identifier], clock: .fixed(1_700_000_000_000_000))
        var directory = ActorDirectory(zone: laPaz)
        var seq: Int64 = 0
        for line in try lines() {
            var event = line.event
            if event.type.effect != .registersActor {
                event.actor = try directory.resolve(event.actor, field: "actor").id
            }
            if let toward = event.toward { event.toward = try directory.resolve(toward, field: "toward").id }
            if let institution = event.institution { event.institution = try directory.resolve(institution, field: "in").id }
            try event.validate(in: laPaz)
            let id = try #require(line.id)
            seq += 1
            directory.apply(ProjectedEvent(seq: seq, id: id, recordedAt: 0, recordedBy: nil, event: event, in: laPaz))
            _ = try store.append([newEvent(id, event, in: laPaz, recordedBy: line.recordedBy ?? "test")])
        }
        return try Replayer.replay(store, in: laPaz)
    }

    /// The id of the n-th event of the file.
    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "b0119a00-2019-4000-8000-%012d", n))!
    }
}

@Suite("Position: the Bolivia 2019 example")
struct PositionBoliviaTests {
    let replay: Replay
    let query: PositionQuery
    let military: Actor
    let morales: Actor

    init() throws {
        replay = try BoliviaExampleLog.replay()
        query = replay.query
        military = try replay.directory.resolve("military")
        morales = try replay.directory.resolve("Evo")
    }

    func answer(_ actor: Actor, _ toward: Actor, _ time: WorldTime) -> PositionAnswer {
        query.answer(actor: actor, toward: toward, cut: WorldCut(time, in: laPaz))
    }

    @Test func theWholeFileIsReplayed() throws {
        #expect(replay.skipped.isEmpty)
        #expect(replay.events.count == 16)
        #expect(replay.events.map(\.id) == (1...16).map(BoliviaExampleLog.id))
        #expect(replay.events.allSatisfy { $0.recordedBy == "stance example" })
        #expect(military.id == "bolivian-armed-forces")
        #expect(morales.id == "morales")
        #expect(try replay.directory.resolve("BOLMIL").id == "bolivian-armed-forces")
        #expect(try replay.directory.resolve("General Kaliman").id == "kaliman")
        #expect(try replay.directory.resolve("oea").id == "oas")
        #expect(replay.directory.sortedActors.map(\.id) == ["bolivian-armed-forces", "kaliman", "morales", "oas", "opposition", "protesters"])
    }

    @Test func theMilitaryHadNoKnownPositionOnNovember9() {
        let answer = answer(military, morales, day("2019-11-09"))
        #expect(answer.position == .unknown)
        #expect(answer.since == nil)
        #expect(answer.signals.isEmpty)
        #expect(answer.certain)
    }

    @Test func theMilitaryCalledForMoralesResignationOnNovember10ThroughKaliman() throws {
        let answer = answer(military, morales, day("2019-11-10"))
        #expect(answer.position == .callsForResignation)
        let since = try #require(answer.since)
        #expect(since.from == .unknown)
        #expect(since.entry.event.id == BoliviaExampleLog.id(12))
        #expect(since.entry.speaker == "kaliman")
        #expect(since.entry.event.event.effectiveStrength == .suggested)
        let via = try #require(since.entry.via)
        #expect(via.person == "kaliman")
        #expect(via.role == .commander)
        #expect(via.institution == "bolivian-armed-forces")
        #expect(via.from == day("2018-12-24"))
        #expect(answer.evidenceIDs == [BoliviaExampleLog.id(12)])
        #expect(answer.changes.map(\.transition) == ["unknown->calls-for-resignation"])
        #expect(answer.signals.isEmpty)
        // Still so the next day.
        #expect(self.answer(military, morales, day("2019-11-11")).position == .callsForResignation)
    }

    @Test func anInstantOnNovember10IsUncertain() {
        let answer = answer(military, morales, instant("2019-11-10T16:50", in: laPaz))
        #expect(!answer.certain)
        #expect(answer.uncertainBecause.map(\.event.id) == [BoliviaExampleLog.id(12)])
        #expect(answer.position == .unknown)
        // At midnight La Paz time the day is over.
        let midnight = self.answer(military, morales, instant("2019-11-11T04:00Z"))
        #expect(midnight.certain)
        #expect(midnight.position == .callsForResignation)
    }

    @Test func theMilitaryWasNeutralOnNovember12WithTheDialogueSignal() throws {
        let answer = answer(military, morales, day("2019-11-12"))
        #expect(answer.position == .neutral)
        let since = try #require(answer.since)
        #expect(since.from == .callsForResignation)
        #expect(since.entry.event.id == BoliviaExampleLog.id(15))
        #expect(since.entry.via?.person == "kaliman")
        #expect(answer.changes.map(\.transition) == ["calls-for-resignation->neutral"])
        // The call for dialogue, not the refusal of force against the protesters.
        #expect(answer.signalIDs == [BoliviaExampleLog.id(14)])
        #expect(answer.signals.first?.event.event.type.name == "dialogue-called-for")
        #expect(answer.signals.first?.via?.role == .commander)
        // Both on the 12th, so in world order the lower id (the refusal, 13) comes last.
        #expect(self.answer(military, try replay.directory.resolve("protesters"), day("2019-11-12")).signalIDs == [BoliviaExampleLog.id(14), BoliviaExampleLog.id(13)])
    }

    @Test func theMilitaryTimelineHasExactlyTwoChanges() {
        let timeline = query.timeline(actor: military, toward: morales)
        #expect(timeline.before == .unknown)
        #expect(timeline.changes.map(\.transition) == ["unknown->calls-for-resignation", "calls-for-resignation->neutral"])
        #expect(timeline.changes.map(\.entry.event.id) == [BoliviaExampleLog.id(12), BoliviaExampleLog.id(15)])
        #expect(timeline.changes.allSatisfy { $0.entry.via?.person == "kaliman" })
        #expect(query.targets(of: military.id) == ["morales"])
    }

    @Test func theOtherActorsTowardMorales() throws {
        let directory = replay.directory
        let oas = try directory.resolve("OAS")
        let protesters = try directory.resolve("demonstrators")
        let opposition = try directory.resolve("BOLOPP")
        let kaliman = try directory.resolve("Williams Kaliman Romero")
        #expect(answer(oas, morales, day("2019-11-10")).position == .critical)
        #expect(answer(protesters, morales, day("2019-11-10")).position == .opposes)
        #expect(answer(protesters, morales, day("2019-11-12")).position == .callsForResignation)
        #expect(answer(opposition, morales, day("2019-11-10")).position == .callsForResignation)
        #expect(answer(opposition, morales, day("2019-11-10")).since?.entry.event.event.effectiveStrength == .demanded)
        #expect(answer(kaliman, morales, day("2019-11-10")).position == .callsForResignation)
        #expect(answer(kaliman, morales, day("2019-11-10")).since?.entry.via == nil)
        #expect(answer(kaliman, morales, day("2019-11-12")).position == .neutral)
        // Morales's statement on election day sets no position.
        #expect(query.targets(of: "morales").isEmpty)
        #expect(answer(morales, military, day("2019-11-12")).position == .unknown)
    }
}
