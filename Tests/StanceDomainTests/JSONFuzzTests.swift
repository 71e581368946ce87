import Foundation
import Testing

import StanceDomain
import StanceTesting

/// Random values covering every case, the escaping table and awkward text.
private enum RandomJSON {
    /// Scalars chosen to hit every writer branch and several UTF-8 lengths.
    static let interestingScalars: [Unicode.Scalar] = [
        "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}",
        "\"", "\\", "/", "'", " ", "a", "Z", "0", "é", "\u{301}", "ß", "\u{5D0}", "\u{627}",
        "\u{200F}", "\u{2028}", "\u{2029}", "\u{20AC}", "\u{FEFF}", "\u{FFFD}", "\u{1F600}",
        "\u{1F1EB}", "\u{10FFFF}", "\u{E000}",
    ]

    static func string(_ rng: inout SplitMix64) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            if Bool.random(using: &rng) {
                scalars.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng)))
            } else {
                scalars.append(interestingScalars.randomElement(using: &rng)!)
            }
        }
        return String(scalars)
    }

    static func double(_ rng: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return Double(Int.random(in: -1000...1000, using: &rng))
        case 1: return Double.random(in: -1...1, using: &rng)
        case 2: return [0.0, -0.0, 0.1, 1e22, 1e23, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 2.0].randomElement(using: &rng)!
        default:
            while true {
                let value = Double(bitPattern: rng.next())
                if value.isFinite { return value }
            }
        }
    }

    static func value(_ rng: inout SplitMix64, depth: Int = 0) -> JSON {
        let choice = Int.random(in: 0..<(depth >= 4 ? 6 : 8), using: &rng)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Bool.random(using: &rng) ? Int64.random(in: -100...100, using: &rng) : Int64(bitPattern: rng.next()))
        case 3: return .double(double(&rng))
        case 4, 5: return .string(string(&rng))
        case 6:
            return .array((0..<Int.random(in: 0...5, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                object[string(&rng)] = value(&rng, depth: depth + 1)
            }
            return .object(object)
        }
    }
}

struct JSONFuzzTests {
    @Test func randomValuesRoundTripCompactAndPretty() throws {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<2_000 {
            let value = RandomJSON.value(&rng)
            let compact = value.serialized()
            let reparsed = try JSON.parse(compact)
            #expect(reparsed == value, "\(compact)")
            // Byte-for-byte stable, which `==` alone cannot show (it ignores key order and
            // String equality ignores normalization).
            #expect(Array(reparsed.serialized().utf8) == Array(compact.utf8))
            #expect(try JSON.parse(value.serialized(pretty: true)).serialized() == compact)
        }
    }

    @Test func doublesRoundTripBitForBit() throws {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<5_000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            let text = JSON.double(value).serialized()
            guard case .double(let back) = try JSON.parse(text) else {
                Issue.record("\(text) did not parse back as a double")
                continue
            }
            #expect(back.bitPattern == value.bitPattern, "\(text)")
        }
    }

    @Test func numberParsingAgreesWithTheStandardLibrary() throws {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<5_000 {
            var text = Bool.random(using: &rng) ? "-" : ""
            let integerDigits = Int.random(in: 1...20, using: &rng)
            text += String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<integerDigits { text += String(Int.random(in: 0...9, using: &rng)) }
            if Bool.random(using: &rng) {
                text += "."
                for _ in 0..<Int.random(in: 1...20, using: &rng) { text += String(Int.random(in: 0...9, using: &rng)) }
            }
            if Bool.random(using: &rng) {
                text += ["e", "E", "e+", "e-"].randomElement(using: &rng)!
                text += String(Int.random(in: 0...40, using: &rng))
            }
            let parsed = try JSON.parse(text)
            if case .int(let int) = parsed {
                #expect(String(int) == text || text == "-0")
            } else {
                #expect(parsed.doubleValue?.bitPattern == Double(text)!.bitPattern, "\(text)")
            }
        }
    }

    @Test func mutatedDocumentsNeverCrash() throws {
        var rng = SplitMix64(seed: 4)
        let seeds: [[UInt8]] = (0..<20).map { _ in Array(RandomJSON.value(&rng).serialized().utf8) } + [
            Array(#"{"actor":"a-17","issue":"tax","stance":-1,"weight":0.75,"at":"2024-05-01","tags":["a","b"]}"#.utf8),
            Array(#"[1,-0.5e3,"\u00e9\ud83d\ude00",true,false,null,{"k":[[]]}]"#.utf8),
        ]
        let alphabet = Array(#"{}[]:,"\-+.eE0123456789tfnrlsu aA/"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
        var parsedCount = 0
        for _ in 0..<10_000 {
            var bytes = seeds.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
                let byte = Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0 where !bytes.isEmpty: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                case 2 where !bytes.isEmpty: bytes.remove(at: position)
                default: bytes = Array(bytes.prefix(position))
                }
            }
            do {
                let value = try JSON.parse(bytes)
                parsedCount += 1
                #expect(try JSON.parse(value.serialized()) == value)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                #expect(!error.description.isEmpty)
            }
        }
        #expect(parsedCount > 0)
    }

    @Test func stringContentsAreAcceptedExactlyWhenTheyAreValidUTF8() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<5_000 {
            let content = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
                UInt8.random(in: 0x80...0xFF, using: &rng)
            }
            let isValid = Array(String(decoding: content, as: UTF8.self).utf8) == content
            let result = Result { () throws(JSONParseError) in try JSON.parse([0x22] + content + [0x22]) }
            switch result {
            case .success(let value):
                #expect(isValid)
                #expect(value.stringValue.map { Array($0.utf8) } == content)
            case .failure(let error):
                #expect(!isValid)
                #expect(error.code == .invalidUTF8)
            }
        }
    }
}
