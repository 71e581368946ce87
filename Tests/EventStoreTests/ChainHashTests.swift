import Crypto
import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// The hash chain against its documented encoding: a pinned golden vector, an independent
/// re-implementation (Swift here, Python's hashlib in one test) and the digest's hex form.
@Suite("ChainHash")
struct ChainHashTests {
    // MARK: - Golden vector

    /// Two fixed events appended in one batch at a fixed clock reading.
    static let golden: [NewEvent] = [
        NewEvent(
            id: UUID(uuidString: "3F2504E0-4F89-41D3-9A0C-0305E82C3301")!, stream: "morales", type: "statement-issued",
            schemaVersion: 1, occurredAt: 1_573_344_000_000, precision: .day,
            payload: #"{"actor":"morales","text":"Renuncio — ¡sí! 🇧🇴"}"#, metadata: #"{"source":"golden"}"#),
        NewEvent(
            id: UUID(uuidString: "3f2504e0-4f89-41d3-9a0c-0305e82c3302")!, stream: "morales", type: "position-taken",
            schemaVersion: 2, occurredAt: -1, precision: .instant, payload: "[]", metadata: "{}"),
    ]
    static let goldenRecordedAt: Int64 = 1_700_000_000_000_000

    /// The pinned hashes of ``golden``. Every stored event's hash depends on this encoding:
    /// if a change to ChainHash, NewEvent or the store makes these differ, every existing
    /// store fails its audit. Do not re-pin them; keep the encoding, or add a versioned one.
    static let goldenHashes = [
        "967bf4cf9f044ed7113770a9cf4eb788705d4c3d38ba8202cddee75dac0585c7",
        "d0d8624babe41bebb7c290d16d7cb86f1937703e51065b980d71ce281b6ccc68",
    ]

    @Test("ChainHash.hash gives the pinned golden hashes")
    func goldenVectorDirect() {
        var previous = ChainHash.genesis
        for (index, event) in Self.golden.enumerated() {
            let hash = ChainHash.hash(
                previous: previous, seq: Int64(index + 1), id: event.id, stream: event.stream,
                streamVersion: Int64(index + 1), type: event.type, schemaVersion: event.schemaVersion,
                occurredAt: event.occurredAt, precision: event.precision, recordedAt: Self.goldenRecordedAt,
                payload: event.payload, metadata: event.metadata)
            #expect(hash.hex == Self.goldenHashes[index], "seq \(index + 1)")
            previous = hash
        }
    }

    @Test("both stores seal the golden events with the pinned hashes", arguments: ["memory", "sqlite"])
    func goldenVectorThroughStores(kind: String) throws {
        try withTemporaryDirectory { dir in
            let clock = StoreClock.fixed(Self.goldenRecordedAt)
            let store: any EventStore = kind == "memory"
                ? InMemoryEventStore(clock: clock)
                : try SQLiteEventStore.create(at: dir.file("golden.sqlite"), clock: clock)
            _ = try store.append(Self.golden)
            let events = try store.events()
            #expect(events.map(\.hash.hex) == Self.goldenHashes)
            #expect(events.map(\.prevHash.hex) == [ChainHash.genesis.hex, Self.goldenHashes[0]])
        }
    }

    @Test("the independent Swift encoding gives the pinned golden hashes")
    func goldenVectorIndependent() {
        var previous = [UInt8](repeating: 0, count: 32)
        for (index, event) in Self.golden.enumerated() {
            let hash = IndependentEncoding.hash(
                previous: previous, seq: Int64(index + 1), id: event.id.uuidString.lowercased(), stream: event.stream,
                streamVersion: Int64(index + 1), type: event.type, schemaVersion: event.schemaVersion,
                occurredAt: event.occurredAt, precision: event.precision.rawValue, recordedAt: Self.goldenRecordedAt,
                payload: event.payload, metadata: event.metadata)
            #expect(IndependentEncoding.hex(hash) == Self.goldenHashes[index], "seq \(index + 1)")
            previous = hash
        }
    }

    @Test("Python's hashlib, with the encoding written out in Python, agrees on the golden vector",
          .enabled(if: IndependentEncoding.python3 != nil, "python3 is not on PATH"))
    func goldenVectorPython() throws {
        let script = """
            import hashlib, json, struct, sys
            rows = json.loads(sys.argv[1])
            prev = bytes(32)
            for r in rows:
                s = lambda t: struct.pack('>I', len(t.encode('utf-8'))) + t.encode('utf-8')
                q = lambda n: struct.pack('>q', n)
                data = (prev + q(r['seq']) + s(r['id']) + s(r['stream']) + q(r['stream_version']) + s(r['type'])
                        + q(r['schema_version']) + q(r['occurred_at']) + s(r['precision']) + q(r['recorded_at'])
                        + s(r['payload']) + s(r['metadata']))
                prev = hashlib.sha256(data).digest()
                print(prev.hex())
            """
        let rows: [[String: Any]] = Self.golden.enumerated().map { index, event in
            [
                "seq": index + 1, "id": event.id.uuidString.lowercased(), "stream": event.stream,
                "stream_version": index + 1, "type": event.type, "schema_version": event.schemaVersion,
                "occurred_at": event.occurredAt, "precision": event.precision.rawValue,
                "recorded_at": Self.goldenRecordedAt, "payload": event.payload, "metadata": event.metadata,
            ]
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
        let output = try IndependentEncoding.runPython(script, argument: json)
        #expect(output.split(separator: "\n").map(String.init) == Self.goldenHashes)
    }

    // MARK: - Stored rows, verified as a third party would

    @Test("every raw SQLite row hashes, by the documented encoding, to its stored hash and links to the previous one")
    func rawRowsVerifyIndependently() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            let clock = ManualClock(1_000, step: 7)
            let store = try SQLiteEventStore.create(at: path, clock: clock.storeClock)
            _ = try store.append(Self.golden)
            _ = try store.append((0..<5).map { makeEvent(stream: "s\($0 % 2)", payload: #"{"i":\#($0),"t":"ü"}"#) })
            _ = try store.append([makeEvent(stream: "ß/🗳", type: "t", occurredAt: Int64.min, payload: "")])
            let rows = try TestSupport.rawQueue(path).read { db in
                try Row.fetchAll(db, sql: "SELECT seq, id, stream, stream_version, type, schema_version, occurred_at, precision, recorded_at, payload, metadata, prev_hash, hash FROM events ORDER BY seq")
            }
            #expect(rows.count == 8)
            var previous = [UInt8](repeating: 0, count: 32)
            for row in rows {
                let prevHash: Data = row["prev_hash"]
                let hash: Data = row["hash"]
                let id: String = row["id"]
                #expect(id == id.lowercased() && id.count == 36)
                #expect(Array(prevHash) == previous)
                let computed = IndependentEncoding.hash(
                    previous: Array(prevHash), seq: row["seq"], id: id, stream: row["stream"],
                    streamVersion: row["stream_version"], type: row["type"], schemaVersion: row["schema_version"],
                    occurredAt: row["occurred_at"], precision: row["precision"], recordedAt: row["recorded_at"],
                    payload: row["payload"], metadata: row["metadata"])
                #expect(computed == Array(hash), "seq \(row["seq"] as Int64)")
                previous = Array(hash)
            }
            #expect(try store.head().hash.bytes == previous)
        }
    }

    // MARK: - What the hash covers

    /// The fields of the encoding, each changed in turn.
    enum Field: String, CaseIterable, Sendable {
        case previous, seq, id, stream, streamVersion, type, schemaVersion, occurredAt, precision, recordedAt, payload, metadata
    }

    @Test("changing any one field changes the hash", arguments: Field.allCases)
    func everyFieldIsCovered(field: Field) {
        var p = (previous: ChainHash.genesis, seq: Int64(1), id: fixtureID(1), stream: "s", streamVersion: Int64(1),
                 type: "t", schemaVersion: Int64(1), occurredAt: Int64(0), precision: OccurrencePrecision.day,
                 recordedAt: Int64(0), payload: "{}", metadata: "{}")
        func hash() -> ChainHash.Digest {
            ChainHash.hash(previous: p.previous, seq: p.seq, id: p.id, stream: p.stream, streamVersion: p.streamVersion,
                           type: p.type, schemaVersion: p.schemaVersion, occurredAt: p.occurredAt, precision: p.precision,
                           recordedAt: p.recordedAt, payload: p.payload, metadata: p.metadata)
        }
        let original = hash()
        switch field {
        case .previous: p.previous = ChainHash.Digest(bytes: [UInt8](repeating: 0, count: 31) + [1])!
        case .seq: p.seq = 2
        case .id: p.id = fixtureID(2)
        case .stream: p.stream = "S"
        case .streamVersion: p.streamVersion = 2
        case .type: p.type = "u"
        case .schemaVersion: p.schemaVersion = 2
        case .occurredAt: p.occurredAt = -1
        case .precision: p.precision = .instant
        case .recordedAt: p.recordedAt = 1
        case .payload: p.payload = "{ }"
        case .metadata: p.metadata = "[]"
        }
        #expect(hash() != original)
    }

    @Test("length prefixes keep adjacent strings apart: stream+type and payload+metadata")
    func lengthPrefixesSeparateFields() {
        func hash(stream: String, type: String, payload: String, metadata: String) -> ChainHash.Digest {
            ChainHash.hash(previous: ChainHash.genesis, seq: 1, id: fixtureID(1), stream: stream, streamVersion: 1,
                           type: type, schemaVersion: 1, occurredAt: 0, precision: .day, recordedAt: 0,
                           payload: payload, metadata: metadata)
        }
        #expect(hash(stream: "ab", type: "c", payload: "{}", metadata: "{}") != hash(stream: "a", type: "bc", payload: "{}", metadata: "{}"))
        #expect(hash(stream: "s", type: "t", payload: "{}{", metadata: "}") != hash(stream: "s", type: "t", payload: "{}", metadata: "{}"))
    }

    @Test("ids are written lowercase, 8-4-4-4-12")
    func canonicalID() {
        let id = UUID(uuidString: "3F2504E0-4F89-41D3-9A0C-0305E82C3301")!
        #expect(ChainHash.canonical(id) == "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
    }
}

/// ``ChainHash/Digest``: exactly 32 bytes, written and parsed as 64 hex digits.
@Suite("ChainHash.Digest")
struct DigestTests {
    static let sample = "00ff10a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c"

    @Test("lowercase, uppercase and mixed hex parse to the same bytes and print lowercase",
          arguments: [sample, sample.uppercased(), "00FF10a0B1c2D3e4F5061728394A5b6C7d8E9fA0b1C2d3E4f5061728394a5B6c"])
    func parsesHex(hex: String) throws {
        let digest = try #require(ChainHash.Digest(hex: hex))
        #expect(digest.bytes.count == 32)
        #expect(Array(digest.bytes.prefix(4)) == [0x00, 0xFF, 0x10, 0xA0])
        #expect(digest.bytes.last == 0x6C)
        #expect(digest.hex == Self.sample)
        #expect(digest.description == Self.sample)
        #expect(ChainHash.Digest(bytes: digest.bytes) == digest)
    }

    /// 63 and 65 digits, 62, a non-hex letter, a space, a dash, a 0x prefix, 64 bytes of
    /// two-byte characters, NUL bytes.
    static let malformed: [String] = {
        let s = sample
        let cases: [String] = [
            "", String(s.dropLast()), s + "0", String(s.dropLast(2)),
            "g" + String(s.dropFirst()), " " + String(s.dropFirst()), String(s.dropLast()) + "-",
            "0x" + String(s.dropFirst(2)), String(repeating: "é", count: 32), String(s.dropLast(2)) + "\u{0}\u{0}",
        ]
        return cases
    }()

    @Test("malformed hex is refused", arguments: malformed)
    func refusesMalformedHex(hex: String) {
        #expect(ChainHash.Digest(hex: hex) == nil)
    }

    @Test("only 32 bytes make a digest", arguments: [0, 1, 31, 33, 64])
    func refusesOtherLengths(count: Int) {
        #expect(ChainHash.Digest(bytes: [UInt8](repeating: 0xAB, count: count)) == nil)
    }

    @Test("genesis is 32 zero bytes and every byte value round-trips through hex")
    func genesisAndRoundTrip() throws {
        #expect(ChainHash.genesis.bytes == [UInt8](repeating: 0, count: 32))
        #expect(ChainHash.genesis.hex == String(repeating: "0", count: 64))
        for start in stride(from: 0, to: 256, by: 32) {
            let digest = try #require(ChainHash.Digest(bytes: (start..<start + 32).map { UInt8($0) }))
            #expect(ChainHash.Digest(hex: digest.hex) == digest)
            #expect(digest.hex == IndependentEncoding.hex(digest.bytes))
        }
    }
}
