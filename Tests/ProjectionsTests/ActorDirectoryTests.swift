import Foundation
import Projections
import StanceDomain
import Testing

/// Who is who: resolving names to actors, and the roles the directory keeps.
@Suite("ActorDirectory")
struct ActorDirectoryTests {
    func directory() -> ActorDirectory {
        var log = Chronicle()
        log.register("morales", kind: .person, name: "Evo Morales", aliases: ["Evo", "President Morales"])
        log.register("bolivian-armed-forces", kind: .institution, name: "Armed Forces of Bolivia", aliases: ["military", "Bolivian military"], codes: ["BOLMIL"])
        log.register("oas", kind: .igo, name: "Organization of American States", aliases: ["OAS", "OEA"])
        return log.replay.directory
    }

    func failure(_ body: () throws(DomainError) -> Actor) -> DomainError? {
        do {
            let actor = try body()
            Issue.record("expected an error, resolved \(actor.id)")
            return nil
        } catch {
            return error
        }
    }

    @Test func anActorIsFoundByIDAliasCodeOrNameInAnyCase() throws {
        let directory = directory()
        let cases: [(String, String)] = [
            ("morales", "morales"), ("MORALES", "morales"), ("Evo", "morales"), ("evo", "morales"),
            ("president morales", "morales"), ("Evo Morales", "morales"),
            ("bolivian-armed-forces", "bolivian-armed-forces"), ("Bolivian-Armed-Forces", "bolivian-armed-forces"),
            ("military", "bolivian-armed-forces"), ("MILITARY", "bolivian-armed-forces"),
            ("BOLMIL", "bolivian-armed-forces"), ("bolmil", "bolivian-armed-forces"),
            ("Armed Forces of Bolivia", "bolivian-armed-forces"), ("OEA", "oas"), ("oas", "oas"),
        ]
        for (name, id) in cases {
            #expect(try directory.resolve(name).id == id, "\(name)")
        }
        let military = try directory.resolve("military")
        #expect(military.name == "Armed Forces of Bolivia")
        #expect(military.kind == .institution)
        #expect(military.aliases == ["military", "Bolivian military"])
        #expect(military.codes == ["BOLMIL"])
        #expect(military.registeredSeq == 2)
        #expect(directory.contains(id: "oas"))
        #expect(!directory.contains(id: "OAS"), "contains takes the exact id")
        #expect(directory.sortedActors.map(\.id) == ["bolivian-armed-forces", "morales", "oas"])
    }

    @Test func anUnknownNameIsAnError() {
        let directory = directory()
        for name in ["kaliman", "", "mil", "militar", "evo morales jr"] {
            let error = failure { () throws(DomainError) in try directory.resolve(name) }
            #expect(error?.code == .unknownActor, "\(name)")
            #expect(error?.field == "actor")
        }
        #expect(failure { () throws(DomainError) in try directory.resolve("nobody", field: "toward") }?.field == "toward")
    }

    @Test func aNameSharedByTwoActorsIsAmbiguous() throws {
        var log = Chronicle()
        log.register("morales", kind: .person, name: "Evo Morales", aliases: ["Morales"])
        log.register("morales-ayma", kind: .person, name: "Juan Morales Ayma", aliases: ["morales"])
        log.register("police", kind: .institution, name: "Police", aliases: ["The Force"])
        log.register("military", kind: .institution, name: "Military", aliases: ["the force"])
        let directory = log.replay.directory
        let error = failure { () throws(DomainError) in try directory.resolve("The Force") }
        #expect(error?.code == .ambiguousActor)
        #expect(error?.field == "actor")
        #expect(error?.message.contains("military") == true)
        #expect(error?.message.contains("police") == true)
        // Ids still resolve, and an id wins over the other actor's alias.
        #expect(try directory.resolve("police").id == "police")
        #expect(try directory.resolve("morales").id == "morales")
        #expect(try directory.resolve("MORALES").id == "morales")
        #expect(try directory.resolve("Juan Morales Ayma").id == "morales-ayma")
    }

    @Test func anIDWinsOverAnotherActorsAlias() throws {
        var log = Chronicle()
        log.register("morales", kind: .person, name: "Evo Morales", aliases: ["Evo", "oas"])
        log.register("evo", kind: .movement, name: "Evolution movement", aliases: [])
        log.register("oas", kind: .igo, name: "Organization of American States", aliases: [])
        let directory = log.replay.directory
        #expect(try directory.resolve("evo").id == "evo")
        #expect(try directory.resolve("Evo").id == "evo")
        #expect(try directory.resolve("EVO").id == "evo")
        #expect(try directory.resolve("oas").id == "oas")
        #expect(try directory.resolve("Evo Morales").id == "morales")
    }

    @Test func theFirstRegistrationOfAnIDStands() throws {
        var log = Chronicle()
        log.register("morales", kind: .person, name: "Evo Morales", aliases: ["Evo"])
        log.register("morales", kind: .group, name: "Someone else", aliases: ["Other"])
        let directory = log.replay.directory
        let actor = try directory.resolve("morales")
        #expect(actor.name == "Evo Morales")
        #expect(actor.kind == .person)
        #expect(actor.registeredSeq == 1)
        #expect(failure { () throws(DomainError) in try directory.resolve("Other") }?.code == .unknownActor)
    }

    @Test func rolesAreKeptInWorldOrderWithTheirEnds() throws {
        var log = Chronicle()
        log.register("military", kind: .institution)
        log.register("kaliman")
        let ended = log.record("role-ended", day("2019-11-13"), "kaliman", in: "military", role: .commander)
        let assigned = log.record("role-assigned", day("2018-12-24"), "kaliman", in: "military", role: .commander)
        let bounded = log.record("role-assigned", day("2019-01-01"), "kaliman", in: "military", role: .spokesperson, until: day("2019-06-30"))
        let member = log.record("role-assigned", instant("2019-02-01T12:00Z"), "kaliman", in: "military", role: .member)
        let directory = log.replay.directory
        let spans = directory.roleSpans()
        #expect(spans.map(\.assignedSeq) == [assigned.seq, bounded.seq, member.seq])

        let commander = spans[0]
        #expect(commander.start == day("2018-12-24").startMillis(in: .utc))
        // A day-precision ending lets the role cover its whole last day.
        #expect(commander.end == day("2019-11-13").endMillis(in: .utc))
        #expect(commander.endedBySeq == ended.seq)
        #expect(commander.isHeld(at: instant("2019-11-13T23:59:59.999Z").startMillis(in: .utc)))
        #expect(!commander.isHeld(at: instant("2019-11-14T00:00Z").startMillis(in: .utc)))
        #expect(!commander.isHeld(at: instant("2018-12-23T23:59:59.999Z").startMillis(in: .utc)))

        let spokesperson = spans[1]
        #expect(spokesperson.until == day("2019-06-30"))
        #expect(spokesperson.end == day("2019-06-30").endMillis(in: .utc))
        #expect(spokesperson.endedBySeq == nil)

        #expect(spans[2].start == instant("2019-02-01T12:00Z").startMillis(in: .utc))
        #expect(spans[2].end == nil)
        #expect(directory.speakingRoles(for: "military", in: spans).map(\.role) == [.commander, .spokesperson])
    }

    @Test("role spans are worked out once per state, and copies that go different ways each get their own")
    func roleSpansOfCopies() {
        var log = Chronicle()
        log.register("kaliman", "ortiz")
        log.register("bolivian-armed-forces", kind: .institution)
        let first = log.record("role-assigned", day("2018-12-24"), "kaliman", in: "bolivian-armed-forces", role: .commander)
        let assignOrtiz = log.record("role-assigned", day("2019-01-05"), "ortiz", in: "bolivian-armed-forces", role: .spokesperson)
        let endKaliman = log.record("role-ended", day("2019-11-13"), "kaliman", in: "bolivian-armed-forces", role: .commander)
        var base = ActorDirectory(zone: log.zone)
        for event in log.recorded.prefix(4) { base.apply(event) }
        #expect(base.roleSpans().map(\.person) == ["kaliman"])
        #expect(first.seq == 4)
        // Both copies share the memo of `base`'s spans; each then folds a different event.
        var withOrtiz = base, withEnd = base
        withOrtiz.apply(assignOrtiz)
        withEnd.apply(endKaliman)
        #expect(withOrtiz.roleSpans().map(\.person) == ["kaliman", "ortiz"])
        #expect(withEnd.roleSpans().map(\.person) == ["kaliman"] && withEnd.roleSpans().first?.end != nil)
        #expect(base.roleSpans().map(\.person) == ["kaliman"] && base.roleSpans().first?.end == nil)
    }
}
