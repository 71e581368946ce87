import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// Clustered reads: `events(in:through:)` promises each event once, in
/// `seq` order, as the in-memory store gives them.
@Suite("Clustered reads give each event once")
struct ClusteredReadRepeatTests {
    /// A retraction of a correction that moved a role to another institution carries the roles
    /// keys of both institutions; so does any event under two clustered keys.
    static func events() -> [NewEvent] {
        (1...6).map { n in
            var event = makeEvent(stream: "p", occurredAt: Int64(n) * 1000, payload: #"{"n":\#(n)}"#, id: fixtureID(n))
            event.keys = n == 4 ? ["roles:a", "roles:b", "retracts:x"] : n % 2 == 0 ? ["roles:a"] : ["roles:b"]
            return event
        }
    }

    @Test("windows over clustered keys alone read an event under two of them once", arguments: [false, true])
    func clusteredKeysAloneReadEachEventOnce(bounded: Bool) throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            let memory = InMemoryEventStore(clock: TestSupport.clock)
            _ = try store.append(Self.events())
            _ = try memory.append(Self.events())
            let windows = ["roles:a", "roles:b"].map { KeyWindow($0, occurred: bounded ? 0...10_000 : nil) }
            let expected = try memory.events(in: windows, through: nil).map(\.seq)
            #expect(expected == [1, 2, 3, 4, 5, 6])
            #expect(try store.events(in: windows, through: nil).map(\.seq) == expected)
            let page = try store.eventPage(in: windows, through: nil)
            #expect(page.indices.map { page[$0].seq } == expected)
        }
    }

    @Test("with an ordinary key beside them, the merge drops the repeat")
    func withALoggedKeyTheRepeatIsDropped() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            _ = try store.append(Self.events())
            let windows = [KeyWindow("roles:a"), KeyWindow("roles:b"), KeyWindow("retracts:x")]
            #expect(try store.events(in: windows, through: nil).map(\.seq) == [1, 2, 3, 4, 5, 6])
        }
    }
}
