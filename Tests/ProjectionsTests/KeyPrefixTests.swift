import EventStore
import Foundation
import Projections
import Testing

/// The store reads no meaning into keys but two byte prefixes: the clustered keys (copied in
/// key order) and the timeless ones (read by every window). They must be the prefixes of
/// exactly the keys the rules mean them for.
@Suite("The store's key prefixes and the key rules")
struct KeyPrefixTests {
    @Test("roles: keys are the clustered ones and retracts: keys the timeless ones, and no other kind is either")
    func prefixesMatchTheRules() {
        let id = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!
        #expect(SQLiteEventStore.isClustered(EventKeys.roles(in: "bolivian-armed-forces")))
        #expect(KeyWindow.isTimeless([EventKeys.retractions(of: id)]))
        let others = [
            EventKeys.directory, EventKeys.undecodable, EventKeys.actor("roles:x"), EventKeys.registration("retracts:x"),
            EventKeys.name("Roles: x"), EventKeys.pair("retracts:x", "roles:y"), EventKeys.positions(of: "x"),
            EventKeys.signals(of: "x"), EventKeys.signals(of: "x", toward: nil), EventKeys.retractions(of: id),
        ]
        #expect(others.filter(SQLiteEventStore.isClustered).isEmpty)
        #expect(others.dropLast().filter { KeyWindow.isTimeless([$0]) }.isEmpty)
    }
}
