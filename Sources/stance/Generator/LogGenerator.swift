import Foundation
import StanceDomain

/// Writes a realistic NDJSON log for benchmarks and tests: registered actors with aliases and
/// codes, people holding (and leaving) roles in institutions, every vocabulary type in plausible
/// proportions, back-dated and retracted events, and sources and quotes of realistic length.
///
/// Everything comes from one seeded generator and from arrays (never a dictionary's iteration
/// order), so the same arguments give the same bytes on every run.
///
/// ```swift
/// var generator = LogGenerator(events: 10_000, actors: 50, seed: 7)
/// try generator.write { line in print(line) }
/// ```
struct LogGenerator {
    let events: Int
    let actors: Int
    private var rng: SplitMix64
    private var clock: Int64 = 1_420_070_400_000 // 2015-01-01T00:00:00Z
    private var people: [String] = []
    private var institutions: [String] = []
    private var everyone: [String] = []
    private var roles: [(person: String, institution: String, role: Role)] = []
    /// Events a retraction may name: not registrations, not retractions, not already retracted.
    private var retractable: [(id: String, actor: String)] = []

    init(events: Int, actors: Int, seed: UInt64) {
        self.events = events
        self.actors = actors
        self.rng = SplitMix64(seed: seed)
    }

    /// The smallest log that still holds every kind of event.
    static func minimumEvents(actors: Int) -> Int { actors + 10 }

    /// Proportions of the events after the registrations, by type.
    static let weights: [(String, Int)] = [
        ("statement-issued", 22), ("support-declared", 10), ("support-withdrawn", 5),
        ("resignation-called-for", 8), ("resignation-call-withdrawn", 4), ("dialogue-called-for", 7),
        ("force-refused", 3), ("allegation-made", 12), ("protest-held", 12), ("role-assigned", 4),
        ("role-ended", 2), ("resigned", 1), ("event-retracted", 2),
    ]

    mutating func write(_ emit: (String) throws -> Void) throws {
        for index in 0..<actors { try emit(line(registration(index))) }
        for index in actors..<events {
            // The first events after the registrations give people their roles.
            let type = index < actors + max(1, actors / 4) ? "role-assigned" : pickType()
            try emit(line(event(of: type)))
        }
    }

    // MARK: - Actors

    private mutating func registration(_ index: Int) -> JSONObject {
        let kinds: [ActorKind] = [.person, .person, .person, .institution, .institution, .group, .party, .movement, .state, .igo]
        let kind = index < 2 ? (index == 0 ? ActorKind.person : .institution) : kinds.randomElement(using: &rng)!
        let id = "actor-\(String(index, radix: 10).leftPadded(to: 5))"
        let name: String
        switch kind {
        case .person: name = "\(GeneratorText.name(&rng, parts: 2)) \(GeneratorText.surnames.randomElement(using: &rng)!)"
        case .institution: name = "\(GeneratorText.institutions.randomElement(using: &rng)!) of \(GeneratorText.name(&rng, parts: 3))"
        default: name = "\(GeneratorText.groups.randomElement(using: &rng)!) of \(GeneratorText.name(&rng, parts: 3))"
        }
        if kind == .person { people.append(id) } else { institutions.append(id) }
        everyone.append(id)
        var object = header(type: "actor-registered", occurred: day(clock))
        object["actor"] = .string(id)
        object["name"] = .string(name)
        object["kind"] = .string(kind.rawValue)
        object["aliases"] = .array([.string("\(name) \(index)"), .string(GeneratorText.name(&rng, parts: 2) + " \(index)")])
        if kind != .person { object["codes"] = .array([.string("X\(String(index, radix: 36).uppercased())\(kind.rawValue.prefix(3).uppercased())")]) }
        return object
    }

    // MARK: - Events

    private mutating func pickType() -> String {
        var roll = Int(rng.next() % UInt64(Self.weights.reduce(0) { $0 + $1.1 }))
        for (type, weight) in Self.weights {
            if roll < weight { return type }
            roll -= weight
        }
        return "statement-issued"
    }

    private mutating func event(of type: String) -> JSONObject {
        clock += Int64(rng.next() % 21_600_000) // up to six hours later
        switch type {
        case "role-assigned": return roleAssigned()
        case "role-ended": return roles.isEmpty ? roleAssigned() : roleEnded()
        case "resigned": return roles.isEmpty ? roleAssigned() : resigned()
        case "event-retracted": return retractable.isEmpty ? report("protest-held") : retraction()
        default: return report(type)
        }
    }

    private mutating func report(_ type: String) -> JSONObject {
        // One report in ten is recorded late: it happened up to a month before the clock.
        let backDated = rng.next() % 10 == 0
        let at = backDated ? clock - Int64(rng.next() % 2_592_000_000) : clock
        let isDay = rng.next() % 5 < 2
        var object = header(type: type, occurred: isDay ? day(at) : instant(at))
        let actor = everyone.randomElement(using: &rng)!
        var toward = everyone.randomElement(using: &rng)!
        while toward == actor { toward = everyone.randomElement(using: &rng)! }
        object["actor"] = .string(actor)
        let towardOptional = type == "statement-issued" || type == "dialogue-called-for"
        if !towardOptional || rng.next() % 2 == 0 { object["toward"] = .string(toward) }
        if type == "statement-issued", object["toward"] != nil, rng.next() % 2 == 0 {
            object["position"] = .string(Position.recordable.randomElement(using: &rng)!.rawValue)
        }
        if type == "resignation-called-for" { object["strength"] = .string(rng.next() % 3 == 0 ? "suggested" : "demanded") }
        object["summary"] = .string(GeneratorText.sentence(&rng, about: actor))
        if rng.next() % 2 == 0 { object["quote"] = .string(GeneratorText.quote(&rng)) }
        if rng.next() % 5 != 0 { object["source"] = .string(GeneratorText.source(&rng, on: day(at))) }
        if rng.next() % 4 == 0 { object["confidence"] = .double(Double(rng.next() % 100) / 100) }
        retractable.append((object["id"]!.stringValue!, actor))
        return object
    }

    private mutating func roleAssigned() -> JSONObject {
        let person = people.randomElement(using: &rng)!
        let institution = institutions.randomElement(using: &rng)!
        let role = [Role.leader, .commander, .spokesperson, .member, .member].randomElement(using: &rng)!
        var object = header(type: "role-assigned", occurred: day(clock))
        object["actor"] = .string(person)
        object["in"] = .string(institution)
        object["role"] = .string(role.rawValue)
        if rng.next() % 5 == 0 { object["until"] = .string(day(clock + 86_400_000 * Int64(30 + rng.next() % 700))) }
        roles.append((person, institution, role))
        return object
    }

    private mutating func roleEnded() -> JSONObject {
        let held = roles.remove(at: Int(rng.next() % UInt64(roles.count)))
        var object = header(type: "role-ended", occurred: instant(clock))
        object["actor"] = .string(held.person)
        object["in"] = .string(held.institution)
        object["role"] = .string(held.role.rawValue)
        return object
    }

    private mutating func resigned() -> JSONObject {
        let held = roles[Int(rng.next() % UInt64(roles.count))]
        roles.removeAll { $0.person == held.person && $0.institution == held.institution }
        var object = header(type: "resigned", occurred: instant(clock))
        object["actor"] = .string(held.person)
        object["toward"] = .string(held.institution)
        object["summary"] = .string("\(held.person) resigned from \(held.institution).")
        return object
    }

    private mutating func retraction() -> JSONObject {
        let target = retractable.remove(at: Int(rng.next() % UInt64(retractable.count)))
        var object = header(type: "event-retracted", occurred: instant(clock))
        object["actor"] = .string(target.actor)
        object["retracts"] = .string(target.id)
        object["reason"] = .string("The report could not be confirmed by a second source.")
        return object
    }

    // MARK: - Lines

    private mutating func header(type: String, occurred: String) -> JSONObject {
        var object = JSONObject()
        object["id"] = .string(uuid())
        object["type"] = .string(type)
        object["occurredAt"] = .string(occurred)
        return object
    }

    private func line(_ object: JSONObject) -> String {
        JSON.object(object).serialized()
    }

    private mutating func uuid() -> String {
        var bytes = (0..<2).flatMap { _ in withUnsafeBytes(of: rng.next().bigEndian, Array.init) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    private func day(_ ms: Int64) -> String { StoreTimeZone.utc.formatDate(ms) }
    private func instant(_ ms: Int64) -> String { StoreTimeZone.utc.formatInstant(ms) }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
