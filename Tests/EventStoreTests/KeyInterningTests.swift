import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// How the SQLite writer stores keys: interned in the order they are given, so two imports of
/// one file number them alike, and inserted late but never missed by a read.
@Suite("Key interning in the SQLite store")
struct KeyInterningTests {
    @Test("new keys get their ids in the order given, repeats skipped, whatever the process")
    func idsFollowTheKeysOrder() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            var first = makeEvent(id: fixtureID(1))
            first.keys = ["zeta", "alpha", "zeta", "mid"]
            var second = makeEvent(id: fixtureID(2))
            second.keys = ["beta", "alpha"]
            _ = try store.append([first, second])
            let interned = try TestSupport.rawQueue(path).read { db in
                try String.fetchAll(db, sql: "SELECT key FROM index_keys ORDER BY id")
            }
            #expect(interned == ["zeta", "alpha", "mid", "beta"])
            var pairs: [String] = []
            try store.forEachKey { key, seq, _ in pairs.append("\(key)@\(seq)") }
            #expect(pairs.sorted() == ["alpha@1", "alpha@2", "beta@2", "mid@1", "zeta@1"])
        }
    }

    @Test("a keyed read in the middle of a write sees the keys appended before it")
    func keyedReadsSeeWaitingKeys() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            let seen = try store.write { writer in
                var found: [[Int64]] = []
                for n in 1...5 {
                    var event = makeEvent(id: fixtureID(n))
                    event.keys = n % 2 == 1 ? ["odd"] : ["even"]
                    _ = try writer.append(event)
                    found.append(try writer.events(withAnyOf: ["odd"]).map(\.seq))
                }
                return found
            }
            #expect(seen == [[1], [1], [1, 3], [1, 3], [1, 3, 5]])
            #expect(try store.events(withAnyOf: ["even"], through: nil).map(\.seq) == [2, 4])
            #expect(try store.keyIndexHead() == 5)
        }
    }
}
