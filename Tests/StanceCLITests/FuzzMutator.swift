import Foundation
import StanceDomain

/// One hostile NDJSON line: its bytes, the mutations that made it and the line it came from,
/// so that a failure can be replayed and reported.
struct FuzzLine: Sendable {
    var bytes: [UInt8]
    /// The mutations applied, in order, such as `["sql-text", "truncate"]`.
    var recipe: [String]
    /// Where the line came from: `bolivia:9` is the example's ninth line.
    var origin: String

    /// How many lines the importer sees: a mutation may have put `\n` bytes inside.
    var physicalLines: Int { bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }

    /// The line as a Swift expression, for a reproducer.
    var literal: String { FuzzLiteral.swift(bytes) }

    var summary: String { "\(origin) [\(recipe.joined(separator: ", "))], \(bytes.count) bytes" }
}

/// Turns valid NDJSON lines into hostile ones, from a seed: the same seed gives the same lines.
///
/// A line is taken apart into its members, each value kept as raw JSON text, so that the
/// mutations can write what no JSON library would (duplicate keys, `1e400`, ten thousand `[`);
/// byte-level mutations (truncation, flips, invalid UTF-8, NUL) are applied to the bytes after.
struct FuzzMutator {
    private var rng: SplitMix64
    private let bases: [(origin: String, object: JSONObject)]
    /// Event ids of the source log, for references that point at something real.
    private let knownEventIDs: [String]
    private var freshActors = 0

    /// Whether hostile dates include ``extremeInstants``.
    private let extremes: Bool

    init(seed: UInt64, source: String, lines: [String], extremeInstants: Bool = false) {
        rng = SplitMix64(seed: seed)
        extremes = extremeInstants
        bases = lines.enumerated().compactMap { index, line in
            guard case .object(let object)? = try? JSON.parse(line) else { return nil }
            return ("\(source):\(index + 1)", object)
        }
        knownEventIDs = bases.compactMap { $0.object["id"]?.stringValue }
    }

    // MARK: - Specimens

    static let sqlFragments = [
        "'); DROP TABLE events; --", "\" OR 1=1", "' OR '1'='1", "1; DELETE FROM events; --",
        "Robert'); DROP TABLE events;--", "%' UNION SELECT sql FROM sqlite_master --",
        "'; UPDATE events SET payload = '{}'; --", "'; ATTACH DATABASE '/tmp/x.db' AS x; --",
        "*/ SELECT 1 /*", "\\'; PRAGMA writable_schema = ON; --", "`; DROP TRIGGER IF EXISTS events_no_update; --",
    ]

    static let unicodeSpecimens = [
        "👍🏽", "👨‍👩‍👧", "🇧🇴", "مرحبا بالعالم", "\u{202E}gnp.exe\u{202C}", "שלום עולם", "e\u{301}",
        "\u{FEFF}", "\u{2028}\u{2029}", "\u{10FFFF}", "\u{FFFD}", "\u{200B}\u{200D}", "Ω≈ç√∫", "𝕳𝖊𝖑𝖑𝖔",
        "\u{0085}", "\t", "\u{7F}",
    ]

    /// Escapes written raw into a JSON string: some valid, some not.
    static let escapeSpecimens = [
        #"\u0000"#, #"\ud800"#, #"\udc00\ud800"#, #"\ud83d\ude00"#, #"\u00"#, #"\x41"#, #"\'"#, #"\/"#,
        #"\U0041"#, #"\u001f"#, #"\uDBFF\uDFFF"#, #"\"#, #"\\"#, #"\uD800\u0041"#, #"\u+041"#, #"\u00e9"#,
    ]

    static let hugeNumbers = [
        "1e400", "-1e400", "99999999999999999999", "-0", "1e-400", "-0.0", "0e0", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "1E+2", "123456789012345678901234567890.5e-5",
        "4.9e-324", "1.7976931348623157e308", "1.7976931348623159e308", "0.1e-99999999999999999999",
        "1e99999999999999999999", "00", "01", "-", "1.", ".5", "+1", "0x10", "1_000", "NaN", "Infinity", "-Infinity",
    ]

    static let wrongTypes = [
        "1", "-1.5", "true", "false", "null", "[]", "{}", #"["a"]"#, #"{"a":1}"#, #""x""#, #""""#, #"" ""#,
        #"[null]"#, #"[1,2,3]"#, #"{"":""}"#, #"[[]]"#, #""\n""#,
    ]

    static let hostileDates = [
        "2019-02-29", "2020-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01",
        "99999999999999999999-01-01", "-2019-11-10", "2019-13-01", "2019-11-31", "2019-00-10", "2019-11-00",
        "2019-11-10T24:00Z", "2019-11-10T23:59:60Z", "2019-11-10T16:50-24:00", "2019-11-10T16:50+14:01",
        "2019-11-10T16:50:00.123456789123456789Z", "2019-11-10t16:50z", "2019-11-10 16:50", "2019-11-10T16:50",
        "١٢٣٤-١١-١٠", "2019-11-10T16:50:00,5Z", "292278994-08-17", "-292275055-05-16",
        "9223372036854775807-01-01", "2019-11-10T99999999999999999999:00Z", "2019-1-1", "19-11-10", "",
        "2019-11-10T16:50+99:99", "2019-11-10T16:50:00.Z", "2019-11-10T-1:50Z", "+2019-11-10", "2019-W45-7",
        "2019-11-10T16:50:00.9999999999Z", "9999-12-31T23:59:59.999Z", "0000-01-01T00:00:00+14:00",
        "2019-11-10T16:50:00-00:00", "2019-11-10T16:50:59.99999999999999999999999999999Z", "2019-11-10\u{0}",
    ]

    /// Instants the parser accepts whose time in UTC (or in the store's zone) falls outside
    /// years 1-9999: stance accepts them, then writes a year it cannot read back (see
    /// `FuzzFindingsTests`). Left out of the campaigns until that is fixed; `extremeInstants`
    /// puts them back.
    static let extremeInstants: [String] = ["14:00", "18:00", "04:00", "00:01"].flatMap { offset in
        ["9999-12-31T23:59-\(offset)", "9999-12-31T23:59:59.999-\(offset)", "0001-01-01T00:00+\(offset)", "0001-01-01T00:00:00.000+\(offset)"]
    } + ["9999-12-31T23:59:59.999Z", "0001-01-01T00:00Z"]


    static let hostileIDs = [
        "", "not-a-uuid", "B0119A00-2019-4000-8000-000000000008", "{b0119a00-2019-4000-8000-000000000008}",
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "b0119a00201940008000000000000008",
        "b0119a00-2019-4000-8000-00000000000g", "b0119a00-2019-4000-8000-0000000000081", " b0119a00-2019-4000-8000-000000000008",
        "b0119a00-2019-4000-8000-000000000001", "b0119a00-2019-4000-8000-000000000016",
    ]

    static let unknownKeys = [
        "towards", "__proto__", "", "constructor", "Type", "TYPE", "occurred_at", "seq ", "payload", "sql",
        "actor\u{0}", "😀", "a\"b", "a\\b", "\u{202E}yek", "stream", "hash", "x-\u{10FFFF}",
    ]

    static let typeNames = [
        "actor-registered", "role-assigned", "role-ended", "statement-issued", "support-declared", "support-withdrawn",
        "resignation-called-for", "resignation-call-withdrawn", "dialogue-called-for", "force-refused", "allegation-made",
        "protest-held", "resigned", "event-retracted", "checkpoint-recorded", "made-up", "Protest-Held", "protest-held ",
        "", "protest\u{0}held",
    ]

    static let invalidUTF8: [[UInt8]] = [
        [0xC0], [0xC0, 0x80], [0xC1, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
        [0xFF], [0xFE], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xBF, 0xBF], [0xE0, 0x80, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xF0, 0x80, 0x80, 0xAF], [0xEF, 0xBB, 0xBF], [0xC3],
    ]

    /// Whole lines that are not events at all.
    static let wholeLines: [[UInt8]] = [
        [], Array("   ".utf8), [0x09], [0x0D], Array("null".utf8), Array("[]".utf8), Array("{}".utf8), Array(#""x""#.utf8),
        Array("1e400".utf8), Array("true".utf8), [0xEF, 0xBB, 0xBF] + Array("{}".utf8), Array("{".utf8), Array("}".utf8),
        Array("[".utf8), Array(#"{"a":}"#.utf8), Array(#"{"type":"protest-held"} {"#.utf8), Array("{},{}".utf8),
        Array(repeating: UInt8(ascii: "["), count: 10_000), Array(repeating: UInt8(ascii: "{"), count: 10_000),
        Array(repeating: UInt8(ascii: "["), count: 10_000) + Array(repeating: UInt8(ascii: "]"), count: 10_000),
        Array(String(repeating: #"{"a":"#, count: 5_000).utf8), [0x00], [0x00, 0x00, 0x00], Array("/* */{}".utf8),
        Array(#"{'type':'protest-held'}"#.utf8), Array("{\"type\":\"protest-held\",}".utf8),
    ]

    // MARK: - Lines

    /// The next hostile line: one to three mutations of a random base line.
    mutating func next() -> FuzzLine {
        let base = bases[pick(bases.count)]
        var recipe: [String] = []
        if chance(1, in: 60) {
            let whole = Self.wholeLines[pick(Self.wholeLines.count)]
            return FuzzLine(bytes: whole, recipe: ["whole-line"], origin: "specimen")
        }
        var members = base.object.map { FuzzMember(name: $0.key, value: Array($0.value.serialized().utf8)) }
        // Most lines get an id of their own, so that they are judged on their content rather
        // than refused as another line's id; the rest keep the source's id.
        if !chance(1, in: 8) { set(&members, "id", quoted(uuid())) }
        // A registration copied with its actor id is refused as a duplicate actor: rename most.
        if members.contains(where: { $0.name == "type" && $0.value == Array(#""actor-registered""#.utf8) }), !chance(1, in: 6) {
            freshActors += 1
            set(&members, "actor", quoted("fz-\(freshActors)-\(pick(1000))"))
        }
        let structural = [1, 1, 1, 1, 1, 2, 2, 2, 3, 3][pick(10)]
        for _ in 0..<structural {
            recipe.append(mutateStructure(&members))
        }
        var bytes = serialize(members)
        if chance(1, in: 4) {
            recipe.append(mutateBytes(&bytes))
        }
        if chance(1, in: 250) {
            recipe.append(padToLineLimit(&bytes))
        }
        return FuzzLine(bytes: bytes, recipe: recipe, origin: base.origin)
    }

    // MARK: - Structural mutations

    private mutating func mutateStructure(_ members: inout [FuzzMember]) -> String {
        switch pick(100) {
        case 0..<8:
            let index = anyMember(members)
            guard let index else { return "none" }
            members[index].value = Array(Self.wrongTypes[pick(Self.wrongTypes.count)].utf8)
            return "wrong-type(\(members[index].name))"
        case 8..<16:
            let number = Self.hugeNumbers[pick(Self.hugeNumbers.count)]
            let field = chance(1, in: 2) ? ["confidence", "coversSeq", "schemaVersion", "seq"][pick(4)] : anyMember(members).map { members[$0].name } ?? "confidence"
            set(&members, field, Array(number.utf8))
            return "huge-number(\(field))"
        case 16..<21:
            let depth = [64, 65, 100, 1_000, 10_000][pick(5)]
            let closed = chance(1, in: 2)
            let open = chance(1, in: 3) ? String(repeating: #"{"a":"#, count: depth) : String(repeating: "[", count: depth)
            let close = open.hasPrefix("{") ? String(repeating: "}", count: depth) : String(repeating: "]", count: depth)
            let field = anyMember(members).map { members[$0].name } ?? "summary"
            set(&members, field, Array((open + (open.hasPrefix("{") ? "1" : "") + (closed ? close : "")).utf8))
            return "deep-nesting(\(field), \(depth)\(closed ? "" : ", unclosed"))"
        case 21..<26:
            let sizes = [65_536, 65_537, 70_000, 200_000]
            let size = sizes[pick(sizes.count)]
            let unit = ["a", "é", "😀", " ", "\\n"][pick(5)]
            let field = textField(members) ?? "summary"
            let text = String(repeating: unit, count: (size + unit.utf8.count - 1) / unit.utf8.count)
            set(&members, field, Array(("\"" + text + "\"").utf8))
            return "overlong(\(field), \(size), \(unit))"
        case 26..<36:
            // SQL in every string field, or in one of them (keys included).
            if chance(1, in: 2) {
                for index in members.indices where members[index].value.first == UInt8(ascii: "\"") && !["id", "type", "occurredAt"].contains(members[index].name) {
                    members[index].value = injected(members[index].value, Self.sqlFragments[pick(Self.sqlFragments.count)])
                }
                return "sql-every-string"
            }
            let fragment = Self.sqlFragments[pick(Self.sqlFragments.count)]
            if chance(1, in: 4) {
                members.append(FuzzMember(name: fragment, value: Array(#""x""#.utf8)))
                return "sql-key"
            }
            guard let index = stringMember(members) else { return "none" }
            members[index].value = injected(members[index].value, fragment)
            return "sql(\(members[index].name))"
        case 36..<43:
            guard let index = stringMember(members) else { return "none" }
            members[index].value = injected(members[index].value, Self.unicodeSpecimens[pick(Self.unicodeSpecimens.count)])
            return "unicode(\(members[index].name))"
        case 43..<49:
            guard let index = stringMember(members) else { return "none" }
            let escape = Self.escapeSpecimens[pick(Self.escapeSpecimens.count)]
            var value = members[index].value
            let at = 1 + pick(max(1, value.count - 1))
            value.insert(contentsOf: Array(escape.utf8), at: min(at, max(1, value.count - 1)))
            members[index].value = value
            return "escape(\(members[index].name), \(escape))"
        case 49..<55:
            let key = Self.unknownKeys[pick(Self.unknownKeys.count)]
            members.insert(FuzzMember(name: key, value: Array(Self.wrongTypes[pick(Self.wrongTypes.count)].utf8)), at: pick(members.count + 1))
            return "unknown-key"
        case 55..<62:
            guard let index = anyMember(members) else { return "none" }
            var copy = members[index]
            switch pick(4) {
            case 0: break
            case 1: copy.value = Array(Self.wrongTypes[pick(Self.wrongTypes.count)].utf8)
            case 2:
                // The same key spelled with an escape: equal once decoded.
                if let first = copy.name.unicodeScalars.first {
                    copy.rawKey = Array(("\"" + String(format: "\\u%04x", first.value) + copy.name.unicodeScalars.dropFirst().map(String.init).joined() + "\"").utf8)
                }
            default:
                // A key equal to another only under Unicode normalisation.
                members.append(FuzzMember(name: "caf\u{E9}", value: Array("1".utf8)))
                copy = FuzzMember(name: "cafe\u{301}", value: Array("2".utf8))
            }
            members.insert(copy, at: pick(members.count + 1))
            return "duplicate-key(\(members[index].name))"
        case 62..<67:
            guard let index = anyMember(members) else { return "none" }
            let name = members.remove(at: index).name
            return "missing-key(\(name))"
        case 67..<74:
            guard members.count >= 2 else { return "none" }
            let a = pick(members.count), b = pick(members.count)
            let value = members[a].value
            members[a].value = members[b].value
            members[b].value = value
            return "swap-types(\(members[a].name), \(members[b].name))"
        case 74..<80:
            let type = Self.typeNames[pick(Self.typeNames.count)]
            set(&members, "type", quoted(type))
            if type == "event-retracted" || chance(1, in: 4) {
                let target = chance(1, in: 2) && !knownEventIDs.isEmpty ? knownEventIDs[pick(knownEventIDs.count)] : uuid()
                set(&members, ["retracts", "replaces", "replacedBy"][pick(3)], quoted(target))
                set(&members, "reason", quoted("fuzz"))
            }
            return "retype(\(type))"
        case 80..<88:
            // `until` where the type takes one (role-assigned), else mostly occurredAt.
            let takesUntil = members.contains { $0.name == "type" && $0.value == Array(#""role-assigned""#.utf8) }
            let field = takesUntil && chance(2, in: 3) ? "until" : ["occurredAt", "occurredAt", "until"][pick(3)]
            let dates = extremes ? Self.hostileDates + Self.extremeInstants : Self.hostileDates
            set(&members, field, quoted(dates[pick(dates.count)]))
            if chance(1, in: 4) { set(&members, "precision", quoted(["day", "instant", "second", ""][pick(4)])) }
            return "hostile-date(\(field))"
        case 88..<92:
            set(&members, "id", quoted(Self.hostileIDs[pick(Self.hostileIDs.count)]))
            return "hostile-id"
        case 92..<96:
            // A reference to a real event or actor spelled oddly.
            let field = ["actor", "toward", "in", "retracts"][pick(4)]
            let value = field == "retracts" && !knownEventIDs.isEmpty
                ? knownEventIDs[pick(knownEventIDs.count)].uppercased()
                : ["MORALES", " morales", "morales ", "Evo", "BOLMIL", "bolmil", "military", "actor-00001", "ACTOR-00003", "x1ins"][pick(10)]
            set(&members, field, quoted(value))
            return "reference(\(field))"
        default:
            // Whitespace where JSON allows it, and where it does not.
            let spaces = [" ", "\t", "\r", "\u{0B}", "\u{C}", "\u{A0}"][pick(6)]
            guard let index = anyMember(members) else { return "none" }
            members[index].value = Array(spaces.utf8) + members[index].value + Array(spaces.utf8)
            return "whitespace"
        }
    }

    // MARK: - Byte mutations

    private mutating func mutateBytes(_ bytes: inout [UInt8]) -> String {
        switch pick(6) {
        case 0:
            let at = pick(max(1, bytes.count))
            bytes.removeSubrange(at...)
            return "truncate(\(at))"
        case 1:
            let flips = 1 + pick(4)
            for _ in 0..<flips where !bytes.isEmpty {
                bytes[pick(bytes.count)] ^= UInt8(1 + pick(255))
            }
            return "byte-flip(\(flips))"
        case 2:
            let sequence = Self.invalidUTF8[pick(Self.invalidUTF8.count)]
            bytes.insert(contentsOf: sequence, at: insideString(bytes))
            return "invalid-utf8(\(sequence.map { String(format: "%02X", $0) }.joined(separator: " ")))"
        case 3:
            bytes.insert(0x00, at: chance(1, in: 2) ? insideString(bytes) : pick(bytes.count + 1))
            return "nul-raw"
        case 4:
            let control = UInt8([0x01, 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x7F][pick(9)])
            bytes.insert(control, at: insideString(bytes))
            return "control-raw(\(control))"
        default:
            // A line break in the middle: two half lines.
            bytes.insert(0x0A, at: pick(bytes.count + 1))
            return "split-line"
        }
    }

    /// Pads the line with spaces to exactly the importer's 1 MiB limit, or one byte over.
    private mutating func padToLineLimit(_ bytes: inout [UInt8]) -> String {
        let limit = 1 << 20
        let target = limit + pick(2)
        guard bytes.count < target, let close = bytes.lastIndex(of: UInt8(ascii: "}")) else { return "pad-skipped" }
        bytes.insert(contentsOf: Array(repeating: 0x20, count: target - bytes.count), at: close)
        return "pad-to(\(target))"
    }

    // MARK: - Helpers

    private mutating func pick(_ count: Int) -> Int {
        count <= 1 ? 0 : Int(rng.next() % UInt64(count))
    }

    private mutating func chance(_ one: Int, in total: Int) -> Bool {
        pick(total) < one
    }

    private mutating func uuid() -> String {
        let hex = String(rng.next(), radix: 16).leftPadded(16) + String(rng.next(), radix: 16).leftPadded(16)
        let h = Array(hex)
        return "\(String(h[0..<8]))-\(String(h[8..<12]))-4\(String(h[13..<16]))-8\(String(h[17..<20]))-\(String(h[20..<32]))"
    }

    private func quoted(_ text: String) -> [UInt8] {
        Array(JSON.string(text).serialized().utf8)
    }

    private func set(_ members: inout [FuzzMember], _ name: String, _ value: [UInt8]) {
        if let index = members.firstIndex(where: { $0.name == name }) {
            members[index].value = value
        } else {
            members.append(FuzzMember(name: name, value: value))
        }
    }

    private mutating func anyMember(_ members: [FuzzMember]) -> Int? {
        members.isEmpty ? nil : pick(members.count)
    }

    private mutating func stringMember(_ members: [FuzzMember]) -> Int? {
        let strings = members.indices.filter { members[$0].value.first == UInt8(ascii: "\"") }
        return strings.isEmpty ? nil : strings[pick(strings.count)]
    }

    /// A free-text field of the line, where a long or strange value is still a valid event.
    private mutating func textField(_ members: [FuzzMember]) -> String? {
        let texts = members.filter { ["summary", "quote", "source", "name", "reason", "recordedBy"].contains($0.name) }
        return texts.isEmpty ? nil : texts[pick(texts.count)].name
    }

    /// A JSON string value with `text` added at its start, its end, or in place of it.
    private mutating func injected(_ value: [UInt8], _ text: String) -> [UInt8] {
        let escaped = Array(JSON.string(text).serialized().utf8.dropFirst().dropLast())
        guard value.count >= 2 else { return quoted(text) }
        switch pick(3) {
        case 0: return [value[0]] + escaped + value[1...]
        case 1: return value[..<(value.count - 1)] + escaped + [value[value.count - 1]]
        default: return quoted(text)
        }
    }

    /// An offset just inside some string of the line (or anywhere, when it has none).
    private mutating func insideString(_ bytes: [UInt8]) -> Int {
        let quotes = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\"") }
        guard !quotes.isEmpty else { return pick(bytes.count + 1) }
        return quotes[pick(quotes.count)] + 1
    }

    private func serialize(_ members: [FuzzMember]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, member) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += member.rawKey
            bytes.append(UInt8(ascii: ":"))
            bytes += member.value
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}

/// A member of a JSON object as raw text: the key as written (quotes included) and the value.
struct FuzzMember {
    var name: String
    var rawKey: [UInt8]
    var value: [UInt8]

    init(name: String, value: [UInt8]) {
        self.name = name
        self.rawKey = Array(JSON.string(name).serialized().utf8)
        self.value = value
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Bytes as a Swift expression short enough to paste: printable runs as raw strings, long
/// runs of one byte as `Array(repeating:count:)`, the rest as hex.
enum FuzzLiteral {
    static func swift(_ bytes: [UInt8]) -> String {
        var parts: [String] = []
        var index = 0
        while index < bytes.count {
            var run = index
            while run < bytes.count && bytes[run] == bytes[index] { run += 1 }
            if run - index >= 16 {
                parts.append("Array(repeating: 0x\(hex(bytes[index])), count: \(run - index))")
                index = run
                continue
            }
            var end = index
            while end < bytes.count && (0x20...0x7E).contains(bytes[end]) && !repeats(bytes, at: end) { end += 1 }
            if end > index {
                let text = String(decoding: bytes[index..<end], as: UTF8.self)
                let hashes = text.contains("\"#") ? "##" : "#"
                parts.append("Array(\(hashes)\"\(text)\"\(hashes).utf8)")
                index = end
                continue
            }
            end = index
            while end < bytes.count && !(0x20...0x7E).contains(bytes[end]) && !repeats(bytes, at: end) { end += 1 }
            end = max(end, index + 1)
            parts.append("[" + bytes[index..<end].map { "0x" + hex($0) }.joined(separator: ", ") + "]")
            index = end
        }
        if parts.isEmpty { return "[UInt8]()" }
        return parts.count == 1 && parts[0].hasPrefix("[") ? parts[0] + " as [UInt8]" : parts.joined(separator: " + ")
    }

    private static func repeats(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 16 <= bytes.count && bytes[index..<(index + 16)].allSatisfy { $0 == bytes[index] }
    }

    private static func hex(_ byte: UInt8) -> String {
        String(format: "%02X", byte)
    }
}
