import Foundation
import Testing
import StanceDomain

/// `EventLine.parse`: one NDJSON line of `stance import`, checked before it reaches the store.
@Suite("EventLine parsing")
struct EventLineTests {
    let zone = Vocab.laPaz

    /// A valid line: Kaliman suggests that Morales resign.
    static let valid = #"{"id":"b0119a00-2019-4000-8000-000000000012","type":"resignation-called-for","occurredAt":"2019-11-10","precision":"day","schemaVersion":1,"actor":"kaliman","toward":"morales","strength":"suggested","source":"Seed article","recordedBy":"stance example","confidence":0.9}"#

    func line(_ changes: [String: JSON?] = [:], base: String = valid) -> JSONObject {
        var object = Vocab.object(base)
        for (key, value) in changes { object[key] = value }
        return object
    }

    func failure(_ object: JSONObject, sourceLocation: SourceLocation = #_sourceLocation) -> DomainError? {
        Vocab.error({ () throws(DomainError) in try EventLine.parse(object, in: zone) }, sourceLocation: sourceLocation)
    }

    func expectFailure(_ object: JSONObject, _ code: DomainError.Code, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = failure(object, sourceLocation: sourceLocation)
        #expect(error?.code == code, "\(object)", sourceLocation: sourceLocation)
        #expect(error?.field == field, "\(object)", sourceLocation: sourceLocation)
        #expect(error.map { !$0.message.isEmpty } ?? true, sourceLocation: sourceLocation)
    }

    @Test func aValidLineParses() throws {
        let parsed = try EventLine.parse(line(), in: zone)
        #expect(parsed.id == UUID(uuidString: "b0119a00-2019-4000-8000-000000000012"))
        #expect(parsed.recordedBy == "stance example")
        #expect(parsed.event.type.name == "resignation-called-for")
        #expect(parsed.event.occurred == .day(CivilDate(year: 2019, month: 11, day: 10)!))
        #expect(parsed.event.actor == "kaliman")
        #expect(parsed.event.toward == "morales")
        #expect(parsed.event.strength == .suggested)
        #expect(parsed.event.confidence == 0.9)
    }

    @Test func onlyTypeOccurredAtAndFieldsAreNeeded() throws {
        let parsed = try EventLine.parse(Vocab.object(#"{"type":"support-declared","occurredAt":"2019-11-10T16:50-04:00","actor":"oas","toward":"morales"}"#), in: zone)
        #expect(parsed.id == nil)
        #expect(parsed.recordedBy == nil)
        #expect(parsed.event.occurred == .instant(1_573_419_000_000))
        // Null envelope values are as good as absent.
        let nulls = try EventLine.parse(line(["id": .null, "precision": .null, "recordedBy": .null]), in: zone)
        #expect(nulls.id == nil && nulls.recordedBy == nil)
    }

    @Test func theKeysTheStoreAssignsAreIgnored() throws {
        var object = line()
        object["seq"] = 12
        object["stream"] = "kaliman"
        object["streamVersion"] = 3
        object["recordedAt"] = 1_573_400_000_000_000
        object["batch"] = "b"
        object["prevHash"] = "00"
        object["hash"] = "ff"
        #expect(try EventLine.parse(object, in: zone) == EventLine.parse(line(), in: zone))
    }

    @Test func aLineWithoutATypeIsRejected() {
        expectFailure(line(["type": nil]), .missingField, field: "type")
        expectFailure(line(["type": 3]), .invalidValue, field: "type")
    }

    @Test func anUnknownTypeIsRejected() {
        for name in ["resignation-demanded", "Resignation-Called-For", "", "statement"] {
            expectFailure(line(["type": .string(name)]), .unknownType, field: "type")
        }
    }

    @Test func aLineWithoutOccurredAtIsRejected() {
        expectFailure(line(["occurredAt": nil]), .missingField, field: "occurredAt")
        expectFailure(line(["occurredAt": 20191110]), .invalidValue, field: "occurredAt")
    }

    @Test func aBadDateIsRejected() {
        for text in ["2019-02-30", "2019-13-01", "10/11/2019", "2019-11-10T25:00", "2019-11-10T16:50+19:00", "yesterday", " 2019-11-10", ""] {
            expectFailure(line(["occurredAt": .string(text), "precision": nil]), .invalidTime, field: "occurredAt")
        }
    }

    @Test func aPrecisionThatContradictsTheDateIsRejected() throws {
        expectFailure(line(["precision": "instant"]), .invalidValue, field: "precision")
        expectFailure(line(["occurredAt": "2019-11-10T16:50-04:00", "precision": "day"]), .invalidValue, field: "precision")
        expectFailure(line(["precision": "hour"]), .invalidValue, field: "precision")
        expectFailure(line(["precision": 1]), .invalidValue, field: "precision")
        // Agreeing precisions pass.
        let instant = try EventLine.parse(line(["occurredAt": "2019-11-10T16:50-04:00", "precision": "instant"]), in: zone)
        #expect(instant.event.occurred == .instant(1_573_419_000_000))
    }

    @Test func aBadIDIsRejected() {
        for value: JSON in ["not-a-uuid", "b0119a00-2019-4000-8000-00000000001", "", 12, ["b0119a00-2019-4000-8000-000000000012"]] {
            expectFailure(line(["id": value]), .invalidValue, field: "id")
        }
    }

    @Test func anUnsupportedSchemaVersionIsRejected() throws {
        for value: JSON in [2, 0, "1", 1.5] {
            expectFailure(line(["schemaVersion": value]), .unsupportedSchema, field: "schemaVersion")
        }
        #expect(try EventLine.parse(line(["schemaVersion": 1]), in: zone).event.type.name == "resignation-called-for")
    }

    @Test func textWithANulCharacterIsRejected() {
        expectFailure(line(["source": "Seed\u{0}article"]), .invalidValue, field: "source")
        expectFailure(line(["recordedBy": "\u{0}"]), .invalidValue, field: "recordedBy")
        // Through the JSON text too, where NUL can only arrive escaped.
        let escaped = Vocab.object(#"{"type":"support-declared","occurredAt":"2019-11-10","actor":"oas","toward":"morales","summary":"a\u0000b"}"#)
        expectFailure(escaped, .invalidValue, field: "summary")
    }

    /// The actor field is text like any other: it must not carry NUL, exceed 64 KiB or be blank.
    @Test
    func theActorFieldObeysTheTextRules() {
        expectFailure(line(["actor": "kali\u{0}man"]), .invalidValue, field: "actor")
        expectFailure(line(["actor": .string(String(repeating: "k", count: EventField.maximumTextBytes + 1))]), .invalidValue, field: "actor")
        expectFailure(line(["actor": "   "]), .invalidValue, field: "actor")
    }

    /// Blank is any run of whitespace, ASCII or not; text that starts with a space or a
    /// non-ASCII letter is still text.
    @Test func blankTextIsRejectedWhateverItsWhitespace() throws {
        for blank in ["", " ", "\t\n", "\u{00A0}", "\u{2003}\u{3000}", " \u{00A0} "] {
            expectFailure(line(["summary": .string(blank)]), .invalidValue, field: "summary")
        }
        for text in [" a", "\u{00A0}b", "É", "\tquote", "~"] {
            #expect(try EventLine.parse(line(["summary": .string(text)]), in: zone).event.summary == text)
        }
    }

    @Test func textOver64KiBIsRejectedAndTextOfExactly64KiBIsNot() throws {
        let limit = EventField.maximumTextBytes
        #expect(limit == 65_536)
        expectFailure(line(["quote": .string(String(repeating: "a", count: limit + 1))]), .invalidValue, field: "quote")
        #expect(try EventLine.parse(line(["quote": .string(String(repeating: "a", count: limit))]), in: zone).event.quote?.utf8.count == limit)
        // The limit counts bytes, not characters: "é" is two bytes.
        expectFailure(line(["quote": .string(String(repeating: "é", count: limit / 2 + 1))]), .invalidValue, field: "quote")
        #expect(throws: Never.self) { try EventLine.parse(line(["quote": .string(String(repeating: "é", count: limit / 2))]), in: zone) }
        expectFailure(line(["recordedBy": .string(String(repeating: "r", count: limit + 1))]), .invalidValue, field: "recordedBy")
    }

    @Test func confidenceOutsideZeroToOneIsRejected() throws {
        for value: JSON in [-0.1, 1.0000001, 2, -1, 1e300, "0.5", true] {
            expectFailure(line(["confidence": value]), .invalidValue, field: "confidence")
        }
        for (value, expected) in [(JSON.int(0), 0.0), (.int(1), 1.0), (.double(0.0), 0.0), (.double(1.0), 1.0), (.double(0.5), 0.5)] {
            #expect(try EventLine.parse(line(["confidence": value]), in: zone).event.confidence == expected)
        }
    }

    @Test func fieldErrorsOfTheEventComeThrough() {
        expectFailure(line(["towards": "morales"]), .unknownField, field: "towards")
        expectFailure(line(["toward": nil]), .missingField, field: "toward")
        expectFailure(line(["strength": "maybe"]), .invalidValue, field: "strength")
        expectFailure(line(["recordedBy": 5]), .invalidValue, field: "recordedBy")
    }

    @Test func aDayIsReadInTheStoreTimeZone() throws {
        let instant = try EventLine.parse(line(["occurredAt": "2019-11-10 16:50", "precision": nil]), in: zone)
        #expect(instant.event.occurred == .instant(1_573_419_000_000))
        let utc = try EventLine.parse(line(["occurredAt": "2019-11-10 16:50", "precision": nil]), in: .utc)
        #expect(utc.event.occurred == .instant(1_573_404_600_000))
    }

    /// Every line of the shipped example parses.
    @Test func theBoliviaExampleParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("examples/bolivia-2019.ndjson"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 16)
        var ids = Set<UUID>()
        for text in lines {
            let parsed = try EventLine.parse(Vocab.object(text), in: zone)
            ids.insert(try #require(parsed.id))
            #expect(parsed.recordedBy == "stance example")
        }
        #expect(ids.count == lines.count)
    }
}
