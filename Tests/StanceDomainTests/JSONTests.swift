import Foundation
import Testing

import StanceDomain

/// The error a parse throws, or nil; failures of the test itself show the unexpected value.
private func parseError(_ bytes: [UInt8]) -> JSONParseError? {
    do {
        let value = try JSON.parse(bytes)
        Issue.record("expected an error, parsed \(value)")
        return nil
    } catch {
        return error
    }
}

private func parseError(_ text: String) -> JSONParseError? {
    parseError(Array(text.utf8))
}

struct JSONValueTests {
    @Test func accessorsAndTypeNames() throws {
        let value = try JSON.parse(#"{"s":"x","i":3,"d":2.5,"b":true,"a":[1],"o":{},"n":null}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["i"]?.intValue == 3)
        #expect(value["i"]?.doubleValue == 3.0)
        #expect(value["d"]?.doubleValue == 2.5)
        #expect(value["d"]?.intValue == nil)
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["o"]?.objectValue == JSONObject())
        #expect(value["n"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value["s"]?["x"] == nil)
        #expect(value["s"]?.intValue == nil)
        let names = ["s", "i", "d", "b", "a", "o", "n"].map { value[$0]!.typeName }
        #expect(names == ["string", "number", "number", "boolean", "array", "object", "null"])
    }

    @Test func literalsKeepTheirOrder() {
        let value: JSON = ["z": 1, "a": 2.5, "m": [true, nil, "s"], "k": [:]]
        #expect(value.serialized() == #"{"z":1,"a":2.5,"m":[true,null,"s"],"k":{}}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m", "k"])
        #expect("\(value)" == value.serialized())
    }

    @Test func objectAssignmentReplacesInPlaceAppendsAndRemoves() {
        var object: JSONObject = ["id": "a-17", "name": "Ada"]
        object["party"] = "Greens"
        object["name"] = "Ada L."
        #expect(object.keys == ["id", "name", "party"])
        #expect(object["name"] == "Ada L.")
        object["id"] = nil
        #expect(object.keys == ["name", "party"])
        #expect(object.removeValue(forKey: "party") == "Greens")
        #expect(object.removeValue(forKey: "party") == nil)
        object["note"] = .null
        #expect(object.count == 2)
        #expect(object["note"] == .null)
        #expect(Array(object.map(\.key)) == ["name", "note"])
        let repeated = JSONObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(JSON.object(repeated).serialized() == #"{"a":3,"b":2}"#)
    }

    @Test func largeObjectsStayOrderedThroughTheirIndex() {
        var object = JSONObject()
        for number in 0..<100 { object["k\(number)"] = .int(Int64(number)) }
        #expect(object["k57"] == 57)
        object["k3"] = "three"
        object.removeValue(forKey: "k50")
        #expect(object.count == 99)
        #expect(object["k51"] == 51)
        #expect(object["k50"] == nil)
        #expect(object.keys.prefix(4) == ["k0", "k1", "k2", "k3"])
        for number in 0..<95 where number != 50 { object.removeValue(forKey: "k\(number)") }
        #expect(object.keys == ["k95", "k96", "k97", "k98", "k99"])
        #expect(object["k97"] == 97)
    }

    @Test func objectEqualityAndHashIgnoreOrder() {
        let forward: JSONObject = ["a": 1, "b": [2, 3]]
        let backward: JSONObject = ["b": [2, 3], "a": 1]
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        #expect(Set<JSON>([.object(forward), .object(backward)]).count == 1)
        #expect(forward != ["a": 1, "b": [3, 2]])
        #expect(forward != ["a": 1])
        #expect(forward != ["a": 1, "c": [2, 3]])
        #expect(JSON.int(1) != JSON.double(1.0))
    }
}

struct JSONWritingTests {
    @Test func escapingTable() {
        let cases: [(String, String)] = [
            ("\"", #""\"""#), ("\\", #""\\""#), ("\n", #""\n""#), ("\r", #""\r""#),
            ("\t", #""\t""#), ("\u{8}", #""\b""#), ("\u{C}", #""\f""#),
            ("\u{0}", #""\u0000""#), ("\u{1}", #""\u0001""#), ("\u{1F}", #""\u001f""#),
            ("\u{1B}", #""\u001b""#), ("\u{7F}", #""\u007f""#),
            ("\u{2028}", #""\u2028""#), ("\u{2029}", #""\u2029""#),
            ("/", #""/""#), ("a/b", #""a/b""#), ("'", #""'""#),
            ("\u{80}", "\"\u{80}\""), ("\u{20AC}\u{2027}\u{202A}", "\"\u{20AC}\u{2027}\u{202A}\""),
            ("x\ny\u{2028}z\"", #""x\ny\u2028z\"""#),
        ]
        for (input, expected) in cases {
            #expect(JSON.string(input).serialized() == expected)
        }
    }

    @Test func nonASCIITextRoundTripsByteForByte() throws {
        let texts = [
            "Zoë", "e\u{301}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "\u{1F1EB}\u{1F1F7}",
            "שלום עולם", "مرحبا بالعالم", "\u{202E}reversed\u{202C}", "a\u{0308}\u{0301}", "日本語", "\u{10FFFF}",
        ]
        for text in texts {
            let written = JSON.string(text).serialized()
            #expect(Array(written.utf8) == [0x22] + Array(text.utf8) + [0x22])
            let back = try JSON.parse(written).stringValue
            #expect(back.map { Array($0.utf8) } == Array(text.utf8))
        }
    }

    @Test func numbers() {
        let cases: [(JSON, String)] = [
            (0, "0"), (-7, "-7"), (.int(.max), "9223372036854775807"), (.int(.min), "-9223372036854775808"),
            (2.0, "2.0"), (-0.0, "-0.0"), (0.1, "0.1"), (1e16, "1e+16"), (1e-7, "1e-07"),
            (.double(9223372036854775808.0), "9.223372036854776e+18"), (.double(.leastNonzeroMagnitude), "5e-324"),
            (.double(.nan), "null"), (.double(.infinity), "null"), (.double(-.infinity), "null"),
        ]
        for (value, expected) in cases {
            #expect(value.serialized() == expected)
        }
    }

    @Test func prettyForm() {
        let value: JSON = ["tags": ["tax", "health"], "extra": [:], "none": [], "n": 1, "o": ["k": nil]]
        #expect(value.serialized(pretty: true) == """
            {
              "tags": [
                "tax",
                "health"
              ],
              "extra": {},
              "none": [],
              "n": 1,
              "o": {
                "k": null
              }
            }
            """)
        #expect(JSON.int(3).serialized(pretty: true) == "3")
        #expect(JSON.array([]).serialized(pretty: true) == "[]")
    }

    @Test func appendSerializedAppends() {
        var bytes = Array("x".utf8)
        JSON.array([1, "a"]).appendSerialized(to: &bytes)
        #expect(bytes == Array(#"x[1,"a"]"#.utf8))
    }
}

struct JSONParsingTests {
    @Test func acceptsEveryKindOfValueAndWhitespace() throws {
        let value = try JSON.parse(" \t\r\n{ \"a\" : [ 1 , -2.5e+3 , \"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\\"\\\\\" , true , false , null ] } \n")
        let expected: JSON = ["a": [1, -2500.0, "é\u{1F600}/\u{8}\u{C}\n\r\t\"\\", true, false, nil]]
        #expect(value == expected)
        #expect(try JSON.parse("\"\\u0000\"") == "\u{0}")
        #expect(try JSON.parse(Data("[1]".utf8)) == [1])
        #expect(try JSON.parse("[1]".utf8.lazy.map { $0 }) == [1])
        #expect(try JSON.parse(ArraySlice(Array("x[2]".utf8)).dropFirst()) == [2])
    }

    @Test func numbersKeepTheirKind() throws {
        #expect(try JSON.parse("9223372036854775807") == .int(.max))
        #expect(try JSON.parse("-9223372036854775808") == .int(.min))
        #expect(try JSON.parse("9223372036854775808") == .double(9223372036854775808.0))
        #expect(try JSON.parse("-9223372036854775809") == .double(-9223372036854775809.0))
        #expect(try JSON.parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try JSON.parse("1.0") == .double(1))
        #expect(try JSON.parse("1E2") == .double(100))
        #expect(try JSON.parse("1e-400") == .double(0))
        #expect(try JSON.parse("0.1") == .double(0.1))
        // -0 is an integer and integers have no negative zero; -0.0 keeps its sign.
        #expect(try JSON.parse("-0") == .int(0))
        #expect(try JSON.parse("-0.0").doubleValue?.sign == .minus)
        #expect(try JSON.parse("-0.0").serialized() == "-0.0")
    }

    @Test func depthLimit() throws {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try JSON.parse(deepest).serialized() == deepest)
        #expect(try JSON.parse("[[1]]", maxDepth: 2) == [[1]])
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let error = try #require(parseError(bytes))
        #expect(error.code == .tooDeep)
        #expect(error.offset == 64)
        #expect(error.description == "nesting deeper than 64 levels at byte 64")
        let objects = String(repeating: #"{"a":"#, count: 100_000)
        #expect(parseError(objects)?.description == "nesting deeper than 64 levels at byte 320")
        #expect(parseError("[[1]]", maxDepth: 1)?.description == "nesting deeper than 1 levels at byte 1")
    }

    @Test func invalidUTF8IsRejectedAnywhere() {
        let cases: [([UInt8], String)] = [
            ([0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 sequence 0xC0 at byte 1"),
            ([0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 sequence 0xED 0xA0 at byte 1"),
            ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], "invalid UTF-8 sequence 0xF5 at byte 1"),
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8 sequence 0xF4 0x90 at byte 1"),
            ([0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], "invalid UTF-8 sequence 0xF0 0x80 at byte 1"),
            ([0x22, 0xE0, 0x80, 0xAF, 0x22], "invalid UTF-8 sequence 0xE0 0x80 at byte 1"),
            ([0x22, 0xE2, 0x82], "invalid UTF-8 sequence 0xE2 0x82 at byte 1"),
            ([0x22, 0xE2, 0x82, 0x22], "invalid UTF-8 sequence 0xE2 0x82 0x22 at byte 1"),
            ([0x22, 0x80, 0x22], "invalid UTF-8 sequence 0x80 at byte 1"),
            ([0x22, 0x61, 0xFF, 0x22], "invalid UTF-8 sequence 0xFF at byte 2"),
            ([0x5B, 0xFF, 0x5D], "invalid UTF-8 sequence 0xFF at byte 1"),
            ([0x31, 0x20, 0xC3], "invalid UTF-8 sequence 0xC3 at byte 2"),
        ]
        for (bytes, message) in cases {
            let error = parseError(bytes)
            #expect(error?.code == .invalidUTF8, "\(bytes)")
            #expect(error?.description == message)
        }
    }

    @Test func everyErrorCodeWithOffsetAndMessage() {
        let cases: [(String, JSONParseError.Code, Int, String)] = [
            ("", .emptyInput, 0, "empty input at byte 0; expected a JSON value"),
            (" \n\t", .emptyInput, 3, "empty input at byte 3; expected a JSON value"),
            (#"{"a":1"#, .unexpectedEnd, 6, "unexpected end of input at byte 6; expected ',' or '}'"),
            (#""abc"#, .unexpectedEnd, 4, #"unexpected end of input at byte 4; expected '"' to close the string"#),
            ("tru", .unexpectedEnd, 3, "unexpected end of input at byte 3; expected 'e' to complete 'true'"),
            ("[", .unexpectedEnd, 1, "unexpected end of input at byte 1; expected a JSON value or ']'"),
            ("-", .unexpectedEnd, 1, "unexpected end of input at byte 1; expected a digit after '-'"),
            ("1E+", .unexpectedEnd, 3, "unexpected end of input at byte 3; expected a digit in the exponent"),
            (#""\u12"#, .unexpectedEnd, 5, #"unexpected end of input at byte 5; expected 4 hex digits after '\u'"#),
            (#"{"actor":"a-17" "stance":1}"#, .unexpectedCharacter, 16, #"unexpected character '"' at byte 16; expected ',' or '}'"#),
            (#"{"a" 1}"#, .unexpectedCharacter, 5, "unexpected character '1' at byte 5; expected ':'"),
            ("[1 2]", .unexpectedCharacter, 3, "unexpected character '2' at byte 3; expected ',' or ']'"),
            (#"{"a":1,}"#, .unexpectedCharacter, 7, "unexpected character '}' at byte 7; expected a string key"),
            ("[1,]", .unexpectedCharacter, 3, "unexpected character ']' at byte 3; expected a JSON value"),
            ("{'a':1}", .unexpectedCharacter, 1, #"unexpected character "'" at byte 1; expected a string key or '}'"#),
            ("NaN", .unexpectedCharacter, 0, "unexpected character 'N' at byte 0; expected a JSON value"),
            ("[Infinity]", .unexpectedCharacter, 1, "unexpected character 'I' at byte 1; expected a JSON value or ']'"),
            ("// note\n1", .unexpectedCharacter, 0, "unexpected character '/' at byte 0; expected a JSON value"),
            ("+1", .unexpectedCharacter, 0, "unexpected character '+' at byte 0; expected a JSON value"),
            ("\u{FEFF}1", .unexpectedCharacter, 0, "unexpected character U+FEFF at byte 0; expected a JSON value"),
            ("é", .unexpectedCharacter, 0, "unexpected character 'é' (U+00E9) at byte 0; expected a JSON value"),
            ("nulx", .unexpectedCharacter, 3, "unexpected character 'x' at byte 3; expected 'l' to complete 'null'"),
            (#""\x""#, .invalidEscape, 1, #"invalid escape '\x' at byte 1; expected one of \" \\ \/ \b \f \n \r \t \u"#),
            (#""\u12G4""#, .invalidEscape, 1, #"invalid escape '\u12G' at byte 1; expected 4 hex digits after '\u'"#),
            ("\"\\\n\"", .invalidEscape, 1, #"invalid escape '\' followed by byte 0x0A at byte 1; expected one of \" \\ \/ \b \f \n \r \t \u"#),
            (#""\uD800""#, .unpairedSurrogate, 1, #"unpaired surrogate escape '\uD800' at byte 1"#),
            (#""\udc00x""#, .unpairedSurrogate, 1, #"unpaired surrogate escape '\udc00' at byte 1"#),
            (#"["\uD83D\u0041"]"#, .unpairedSurrogate, 2, #"unpaired surrogate escape '\uD83D' at byte 2"#),
            (#""\uD83D\n""#, .unpairedSurrogate, 1, #"unpaired surrogate escape '\uD83D' at byte 1"#),
            ("\"a\nb\"", .controlCharacterInString, 2, "unescaped control character U+000A in string at byte 2"),
            ("[\"\t\"]", .controlCharacterInString, 2, "unescaped control character U+0009 in string at byte 2"),
            ("01", .invalidNumber, 0, "number with a leading zero at byte 0"),
            ("[-007]", .invalidNumber, 2, "number with a leading zero at byte 2"),
            ("-a", .invalidNumber, 1, "invalid number at byte 1; expected a digit after '-'"),
            ("1.e5", .invalidNumber, 2, "invalid number at byte 2; expected a digit after '.'"),
            ("1ex", .invalidNumber, 2, "invalid number at byte 2; expected a digit in the exponent"),
            ("1e400", .numberOutOfRange, 0, "number out of range at byte 0"),
            ("[-1e400]", .numberOutOfRange, 1, "number out of range at byte 1"),
            (#"{"actor":1,"actor":2}"#, .duplicateKey, 11, #"duplicate key "actor" at byte 11"#),
            (#"{"a\n":1,"a\u000a":2}"#, .duplicateKey, 9, #"duplicate key "a\n" at byte 9"#),
            ("1 2", .trailingContent, 2, "unexpected character '2' after the JSON value at byte 2; expected end of input"),
            ("[1]]", .trailingContent, 3, "unexpected character ']' after the JSON value at byte 3; expected end of input"),
            ("{}\u{0}", .trailingContent, 2, "unexpected character U+0000 after the JSON value at byte 2; expected end of input"),
        ]
        for (input, code, offset, message) in cases {
            let error = parseError(input)
            #expect(error?.code == code, "\(input)")
            #expect(error?.offset == offset, "\(input)")
            #expect(error?.description == message, "\(input)")
        }
        let covered = Set(cases.map(\.1)).union([.invalidUTF8, .tooDeep])
        #expect(covered == Set(JSONParseError.Code.allCases))
    }

    /// The string scanner reads eight bytes at a time; a special byte at every offset of
    /// every alignment must still be found at its exact position.
    @Test func specialBytesAreFoundAtEveryPosition() throws {
        for length in 0..<40 {
            let plain = String(repeating: "a", count: length)
            #expect(try JSON.parse("\"\(plain)\"") == .string(plain))
            for position in 0..<length {
                var bytes = Array("\"\(plain)\"".utf8)
                bytes[1 + position] = 0x0A
                #expect(parseError(bytes)?.offset == 1 + position)
                bytes[1 + position] = UInt8(ascii: "\"")
                #expect(parseError(bytes)?.offset == 2 + position)
                bytes[1 + position] = 0xFF
                #expect(parseError(bytes)?.code == .invalidUTF8)
                bytes.replaceSubrange((1 + position)...(1 + position), with: Array("\\n\u{E9}".utf8))
                let expected = String(repeating: "a", count: position) + "\n\u{E9}"
                    + String(repeating: "a", count: length - position - 1)
                #expect(try JSON.parse(bytes) == .string(expected))
            }
        }
    }

    @Test func keysCompareAsSwiftStrings() {
        // Documented: keys are Swift Strings, so canonically equivalent keys are one key.
        #expect(parseError(#"{"\u00e9":1,"e\u0301":2}"#)?.code == .duplicateKey)
        #expect(parseError(#"{"K":1,"\u212a":2}"#)?.code == .duplicateKey)
    }

    @Test func longNumbers() throws {
        #expect(try JSON.parse("1" + String(repeating: "0", count: 300)) == .double(1e300))
        #expect(try JSON.parse("0." + String(repeating: "0", count: 500) + "1") == .double(0))
        #expect(parseError("1" + String(repeating: "0", count: 5_000))?.code == .numberOutOfRange)
        #expect(parseError("1e99999999999999999999")?.code == .numberOutOfRange)
        #expect(try JSON.parse("1e-99999999999999999999") == .double(0))
    }

    @Test func largeObjectsParseInOrder() throws {
        let members = (0..<1_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let value = try JSON.parse("{\(members)}")
        #expect(value["k0"] == 0)
        #expect(value["k999"] == 999)
        #expect(value.objectValue?.keys.last == "k999")
        #expect(value.serialized() == "{\(members)}")
    }

    @Test func duplicateKeysInLargeObjectsAreFound() {
        let members = (0..<1_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let error = parseError("{\(members),\"k999\":0}")
        #expect(error?.code == .duplicateKey)
        #expect(error?.description.hasPrefix(#"duplicate key "k999" at byte "#) == true)
    }
}

private func parseError(_ text: String, maxDepth: Int) -> JSONParseError? {
    do {
        _ = try JSON.parse(text, maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}
