import Foundation
import Testing

/// Names are keys in the store's index, and SQLite tells two spellings of one word apart
/// (é as one code point, or e and a combining accent) where Swift's `==` does not.
@Suite("Importing names spelled two ways")
struct ImportKeySpellingTests {
    @Test("Two aliases that differ only in how é is written import as two keys, and the store audits clean")
    func twoSpellingsTwoKeys() throws {
        let sandbox = try Sandbox()
        let lines = [
            #"{"id":"4b1f0c55-0a52-4c4e-9d2e-000000000001","type":"actor-registered","occurredAt":"2019-11-01","actor":"a-one","name":"One","kind":"person","aliases":["caf\#u{E9}"]}"#,
            #"{"id":"4b1f0c55-0a52-4c4e-9d2e-000000000002","type":"actor-registered","occurredAt":"2019-11-01","actor":"a-two","name":"Two","kind":"person","aliases":["cafe\#u{301}"]}"#,
        ]
        try sandbox.store("s.sqlite", importing: lines.joined(separator: "\n") + "\n")
        let audit = try sandbox.audit("s.sqlite")
        #expect(audit.result.status == 0 && audit.clean == true, "\(audit)")
    }
}
