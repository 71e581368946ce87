import Foundation
import StanceDomain

/// Words and shapes for generated text: enough variety that summaries, quotes and sources have
/// realistic lengths and do not compress to nothing.
enum GeneratorText {
    static let syllables = ["ba", "ri", "lo", "sa", "me", "ta", "ko", "vi", "na", "du", "re", "mo", "li", "ca", "pe", "zu", "an", "el", "or", "is"]
    static let surnames = ["Quispe", "Mamani", "Rojas", "Vargas", "Flores", "Gutiérrez", "Choque", "Álvarez", "Núñez", "Castro", "Ortiz", "Rivera"]
    static let institutions = ["Armed Forces", "Police", "Supreme Court", "Electoral Tribunal", "Senate", "Chamber of Deputies", "Central Bank", "Ombudsman", "Church Council", "Workers' Union"]
    static let groups = ["Civic Committee", "Coca Growers", "Miners' Federation", "Student Union", "Teachers' Guild", "Neighbourhood Council", "Farmers' Alliance"]
    static let outlets = ["news.example.org", "wire.example.com", "diario.example.bo", "radio.example.net", "tv.example.org"]
    static let verbs = ["said", "announced", "told reporters", "declared", "wrote", "insisted", "warned", "confirmed"]
    static let topics = ["the election count", "the audit", "the protests", "the road blockades", "the transition", "new elections", "the constitution", "the security forces", "the fuel shortages", "dialogue with the opposition"]
    static let clauses = [
        "in a statement read outside the building", "at a press conference in the capital", "after a meeting that lasted late into the night",
        "according to people present", "in remarks broadcast on national radio", "speaking to supporters in the square",
        "as crowds gathered in the streets", "while negotiations continued", "without taking questions",
    ]

    static func name(_ rng: inout SplitMix64, parts: Int) -> String {
        (0..<parts).map { _ in syllables.randomElement(using: &rng)! }.joined().capitalized
    }

    static func sentence(_ rng: inout SplitMix64, about subject: String) -> String {
        "\(subject) \(verbs.randomElement(using: &rng)!) that \(topics.randomElement(using: &rng)!) must be resolved \(clauses.randomElement(using: &rng)!)."
    }

    static func quote(_ rng: inout SplitMix64) -> String {
        let count = Int.random(in: 2...4, using: &rng)
        return (0..<count).map { _ in
            "We will not accept \(topics.randomElement(using: &rng)!) being decided \(clauses.randomElement(using: &rng)!)"
        }.joined(separator: "; ") + "."
    }

    static func source(_ rng: inout SplitMix64, on day: String) -> String {
        let slug = (0..<Int.random(in: 4...8, using: &rng)).map { _ in topics.randomElement(using: &rng)!.split(separator: " ").last.map(String.init)! }.joined(separator: "-")
        return "https://\(outlets.randomElement(using: &rng)!)/\(day.replacingOccurrences(of: "-", with: "/"))/\(slug)-\(rng.next() % 100_000)"
    }
}
