import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// A pipelined write onto a log that already holds events looks up what is stored on a
/// connection of its own, and stores exactly what a serial write does.
@Suite("The pipelined writer on a log that holds events")
struct PipelinedAppendTests {
    /// What the stores hold before the write: the fixture batch of ``EventPipelineTests``.
    static func filled(_ dir: TemporaryDirectory, _ name: String) throws -> SQLiteEventStore {
        let store = try SQLiteEventStore.create(at: dir.file(name), clock: TestSupport.clock)
        _ = try store.write { writer in try EventPipelineTests.batch().map { try writer.append($0) } }
        return store
    }

    /// A second batch that leans on the first: stored streams and keys (clustered ones too),
    /// stored ids repeated with the same content, and new streams and keys.
    static func more() -> [NewEvent] {
        (501...900).map { n in
            // Every 50th repeats a stored event exactly: the store's no-op.
            if n % 50 == 0 { return EventPipelineTests.batch()[n % 500] }
            var event = makeEvent(stream: n % 9 == 0 ? "new\(n % 4)" : "s\(n % 7)", payload: #"{"m":\#(n)}"#, id: fixtureID(n))
            event.keys = ["all", "k\(n % 8)"] + (n % 5 == 0 ? ["roles:r\(n % 4)"] : []) + (n % 13 == 0 ? ["retracts:e\(n % 40)"] : [])
            return event
        }
    }

    @Test("stores the same rows, keys, copies and chain as a serial write, and answers reads the same")
    func sameAsSerial() throws {
        try withTemporaryDirectory { dir in
            let serial = try Self.filled(dir, "serial.sqlite")
            let piped = try Self.filled(dir, "piped.sqlite")
            let serialSeen = try EventPipelineTests.write(Self.more(), to: serial, pipelined: false)
            let pipedSeen = try EventPipelineTests.write(Self.more(), to: piped, pipelined: true)
            #expect(pipedSeen == serialSeen)
            #expect(try EventPipelineTests.contents(piped) == EventPipelineTests.contents(serial))
            #expect(try piped.auditChain().findings.isEmpty)
            // The order trigger was never set aside, and is there as made.
            let trigger = try piped.read { db in
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'events_are_appended_in_order'")
            }
            #expect(trigger?.contains("OR EXISTS (SELECT 1 FROM events WHERE id = NEW.id)") == true)
        }
    }

    @Test("reads inside the write see stored events and the write's own, as a serial write's do")
    func readsSeeBoth() throws {
        try withTemporaryDirectory { dir in
            for pipelined in [false, true] {
                let store = try Self.filled(dir, "s-\(pipelined).sqlite")
                let seen = try store.write { writer in
                    try (pipelined ? EventPipeline.run(writer, Self.reads) : Self.reads(writer))
                }
                // Stored event 7, the new event (id 901) at seq 501, and k1's events: the stored ones, then 501.
                #expect(seen == ["7", "501", "nil", "\(Self.storedK1 + [501])", "\(Self.storedK1 + [501])"], "pipelined: \(pipelined)")
            }
        }
    }

    static let storedK1 = (1...500).filter { $0 % 3 == 0 && $0 % 5 == 1 }.map(Int64.init)

    static func reads(_ writer: any EventWriter) throws -> [String] {
        var seen: [String] = []
        var event = makeEvent(stream: "s1", id: fixtureID(901))
        event.keys = ["k1"]
        // Before the append: the stored k1 events only; after it, the new one as well.
        let before = try writer.events(withAnyOf: ["k1"]).map(\.seq)
        #expect(before == storedK1)
        _ = try writer.append(event)
        seen.append("\(try writer.event(withID: fixtureID(7))?.seq ?? -1)")
        seen.append("\(try writer.event(withID: fixtureID(901))?.seq ?? -1)")
        seen.append("\(try writer.event(withID: fixtureID(902)).map { "\($0.seq)" } ?? "nil")")
        seen.append("\(try writer.events(withAnyOf: ["k1"]).map(\.seq))")
        seen.append("\(try writer.events(in: [KeyWindow("k1")]).map(\.seq))")
        return seen
    }

    @Test("a stored id reused with other content is refused, and nothing is stored")
    func storedIDConflict() throws {
        try withTemporaryDirectory { dir in
            let store = try Self.filled(dir, "s.sqlite")
            let before = try EventPipelineTests.contents(store)
            var events = Self.more()
            events.append(makeEvent(stream: "other", payload: #"{"changed":true}"#, id: fixtureID(42)))
            let error = #expect(throws: EventStoreError.self) { try EventPipelineTests.write(events, to: store, pipelined: true) }
            #expect(error?.code == .duplicateID)
            #expect(error?.message.contains("already stored as seq 42") == true)
            #expect(try EventPipelineTests.contents(store) == before)
        }
    }

    @Test("an expected version is checked against the stored stream")
    func expectedVersionOfStoredStream() throws {
        try withTemporaryDirectory { dir in
            let store = try Self.filled(dir, "s.sqlite")
            let version = try store.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(stream_version) FROM events WHERE stream = 's3'") } ?? 0
            var stale = makeEvent(stream: "s3", id: fixtureID(950))
            stale.expectedVersion = .exactly(version - 1)
            let error = #expect(throws: EventStoreError.self) {
                try store.write { writer in try EventPipeline.run(writer) { try $0.append(stale) } }
            }
            #expect(error?.code == .versionConflict)
            var current = stale
            current.expectedVersion = .exactly(version)
            let outcome = try store.write { writer in try EventPipeline.run(writer) { try $0.append(current) } }
            #expect(outcome.seq == 501)
            #expect(try store.event(withID: fixtureID(950))?.streamVersion == version + 1)
        }
    }

    @Test("after appends of its own, a write pipelines nothing and stores what a serial one does")
    func appendsBeforeThePipeline() throws {
        try withTemporaryDirectory { dir in
            let serial = try Self.filled(dir, "serial.sqlite")
            let piped = try Self.filled(dir, "piped.sqlite")
            let first = makeEvent(stream: "s2", id: fixtureID(990))
            _ = try serial.write { writer in try ([first] + Self.more()).map { try writer.append($0) } }
            _ = try piped.write { writer in
                _ = try writer.append(first)
                return try EventPipeline.run(writer) { writer in try Self.more().map { try writer.append($0) } }
            }
            #expect(try EventPipelineTests.contents(piped) == EventPipelineTests.contents(serial))
        }
    }
}
