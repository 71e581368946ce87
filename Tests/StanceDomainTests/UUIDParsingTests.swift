import Foundation
import StanceDomain
import Testing

/// `UUID(parsing:)` answers exactly what `UUID(uuidString:)` answers, faster for the usual form.
@Suite("UUID parsing")
struct UUIDParsingTests {
    @Test("agrees with Foundation on random ids, in either case")
    func agreesOnRandomIDs() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let id = UUID(uuid: randomBytes(&generator))
            for text in [id.uuidString, id.uuidString.lowercased()] {
                #expect(UUID(parsing: text) == id)
                #expect(UUID(parsing: text) == UUID(uuidString: text))
            }
        }
    }

    @Test("agrees with Foundation on malformed and unusual text")
    func agreesOnOddText() {
        let valid = "0f8fad5b-d9cb-469f-a165-70867728950e"
        var texts = ["", "not-a-uuid", valid + "0", String(valid.dropLast()), valid.replacingOccurrences(of: "-", with: "_"),
                     "0f8fad5bd9cb469fa16570867728950e", "{0f8fad5b-d9cb-469f-a165-70867728950e}", " " + String(valid.dropFirst()),
                     "+f8fad5b-d9cb-469f-a165-70867728950e", "0F8FAD5B-d9cb-469F-a165-70867728950E", "0f8fad5g-d9cb-469f-a165-70867728950e"]
        // Every position of the usual form, given each kind of byte that could be mistaken for a digit.
        for index in valid.indices {
            for replacement in ["g", "G", "/", ":", "@", "`", "-", " ", "é"] {
                var text = valid
                text.replaceSubrange(index...index, with: replacement)
                texts.append(text)
            }
        }
        for text in texts {
            #expect(UUID(parsing: text) == UUID(uuidString: text), "\(text)")
        }
    }

    private func randomBytes(_ generator: inout SplitMix64) -> uuid_t {
        let a = generator.next(), b = generator.next()
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { out in
            withUnsafeBytes(of: (a, b)) { out.copyMemory(from: $0) }
        }
        return bytes
    }
}
