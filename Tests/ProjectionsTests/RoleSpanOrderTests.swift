import Foundation
import Projections
import StanceDomain
import Testing

/// Role spans from many role events in any recording order: the directory looks up the spans
/// an ending may close by person, institution and role, and must find exactly what a scan of
/// every span the person holds finds (the rule written out again below, as it first was).
@Suite("Role spans against a scan of every span")
struct RoleSpanOrderTests {
    static let people = ["kaliman", "ortiz", "mesa", "anez"]
    static let institutions = ["military", "police", "senate"]

    @Test("the spans of a seeded mix of assignments, endings and resignations", arguments: 1...12)
    func seededMix(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var log = Chronicle(zone: laPaz)
        log.register(Self.people[0], Self.people[1], Self.people[2], Self.people[3])
        for institution in Self.institutions { log.register(institution, kind: .institution) }
        var made: [(id: UUID, event: StanceEvent)] = []
        for _ in 0..<240 {
            let person = Self.people[random.below(Self.people.count)]
            let institution = Self.institutions[random.below(Self.institutions.count)]
            let role = Role.allCases[random.below(3)]
            let day = 1 + random.below(12)
            let time = Self.time(day, &random)
            switch random.below(10) {
            case 0..<5:
                // A role given until a day holds through that day, its first or a later one.
                let until = random.below(4) == 0 ? WorldTime.day(CivilDate(year: 2019, month: 11, day: day + random.below(4))!) : nil
                made.append(log.make("role-assigned", time, person, in: institution, role: role, until: until))
            case 5..<8:
                made.append(log.make("role-ended", time, person, in: institution, role: role))
            default:
                made.append(log.make("resigned", time, person, toward: institution))
            }
        }
        // Recorded in an order of their own, as a late report would be.
        for index in made.indices.reversed() {
            made.swapAt(index, random.below(index + 1))
        }
        for event in made { log.record(event) }

        let spans = log.replay.directory.roleSpans().map(SpanFields.init)
        let expected = Self.scanningEverySpan(log.recorded, in: log.zone)
        #expect(spans.count == expected.count)
        // The first difference alone: the whole lists would be hundreds of lines.
        let difference = zip(spans, expected).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(difference == nil, "span \(difference?.offset ?? 0): \(String(describing: difference?.element.0)), scanning: \(String(describing: difference?.element.1))")
        #expect(spans.contains { $0.endedBySeq != nil }, "the mix ends some roles")
        #expect(spans.contains { $0.endedBySeq == nil }, "and leaves some open")
    }

    /// A day of a short stretch, so that many events fall on one day, or an instant of it.
    static func time(_ day: Int, _ random: inout SplitMix64) -> WorldTime {
        let date = WorldTime.day(CivilDate(year: 2019, month: 11, day: day)!)
        guard random.below(3) == 0 else { return date }
        return .instant(date.startMillis(in: laPaz) + Int64(random.below(24)) * 3_600_000)
    }

    /// The spans as the directory first worked them out: each ending scans every span of its
    /// person, latest first.
    static func scanningEverySpan(_ events: [ProjectedEvent], in zone: StoreTimeZone) -> [SpanFields] {
        var spans: [SpanFields] = []
        var byPerson: [String: [Int]] = [:]
        let roles = events.filter { [.assignsRole, .endsRole, .endsRolesIn].contains($0.event.type.effect) }
        for projected in roles.sorted(by: { $0.order < $1.order }) {
            let event = projected.event
            switch event.type.effect {
            case .assignsRole:
                guard let institution = event.institution, let role = event.role else { continue }
                byPerson[event.actor, default: []].append(spans.count)
                spans.append(SpanFields(
                    person: event.actor, institution: institution, role: role,
                    start: projected.startMillis, end: event.until.map { $0.endMillis(in: zone) },
                    from: event.occurred, until: event.until,
                    assignedSeq: projected.seq, endedBySeq: nil, endedAt: nil))
            default:
                let end = projected.order.millis
                for index in (byPerson[event.actor] ?? []).reversed() {
                    let span = spans[index]
                    guard span.start < end, span.end.map({ end < $0 }) ?? true else { continue }
                    let matches = event.type.effect == .endsRole
                        ? span.institution == event.institution && span.role == event.role
                        : span.institution == event.toward
                    guard matches else { continue }
                    spans[index].end = end
                    spans[index].endedBySeq = projected.seq
                    spans[index].endedAt = event.occurred
                    if event.type.effect == .endsRole { break }
                }
            }
        }
        return spans
    }
}

/// A role span's fields, comparable, built by the reference or read off a ``RoleSpan``.
struct SpanFields: Equatable {
    let person: String
    let institution: String
    let role: Role
    let start: Int64
    var end: Int64?
    let from: WorldTime
    let until: WorldTime?
    let assignedSeq: Int64
    var endedBySeq: Int64?
    var endedAt: WorldTime?
}

extension SpanFields {
    init(_ span: RoleSpan) {
        self.init(
            person: span.person, institution: span.institution, role: span.role, start: span.start, end: span.end,
            from: span.from, until: span.until, assignedSeq: span.assignedSeq, endedBySeq: span.endedBySeq,
            endedAt: span.endedAt)
    }
}

extension SplitMix64 {
    mutating func below(_ bound: Int) -> Int {
        Int.random(in: 0..<bound, using: &self)
    }
}
