import EventStore
import Foundation
import StanceTesting
import Testing

/// The shared ``EventStoreContract`` run against ``InMemoryEventStore``.
@Suite("InMemoryEventStore contract")
struct InMemoryEventStoreContractTests {
    static let passing = EventStoreContract.Check.allCases

    let contract = EventStoreContract { settings, clock in
        InMemoryEventStore(settings: settings, clock: clock)
    }

    @Test("contract", arguments: passing)
    func contract(_ check: EventStoreContract.Check) throws {
        try contract.run(check)
    }

    /// The contract suite itself must catch a broken store, or a green run proves nothing.
    @Test("the contract catches a store that forgets the chain")
    func contractCatchesBrokenStore() throws {
        let broken = EventStoreContract { settings, clock in
            ForgetfulStore(wrapping: InMemoryEventStore(settings: settings, clock: clock))
        }
        #expect(throws: ContractFailure.self) { try broken.run(.chainIsLinkedAndSealed) }
        #expect(throws: ContractFailure.self) { try broken.run(.reappendingIsANoOp) }
    }
}

/// A deliberately wrong store for ``InMemoryEventStoreContractTests/contractCatchesBrokenStore()``:
/// it hands back every event with the genesis hash as `prevHash` and reports every outcome
/// as new.
private final class ForgetfulStore: EventStore {
    let inner: InMemoryEventStore
    init(wrapping inner: InMemoryEventStore) { self.inner = inner }

    func append(_ events: [NewEvent]) throws -> [AppendOutcome] {
        try inner.append(events).map { AppendOutcome(seq: $0.seq, id: $0.id, alreadyStored: false) }
    }
    func forEach(after seq: Int64, _ body: (RecordedEvent) throws -> Void) throws {
        try inner.forEach(after: seq) { event in
            var event = event
            event.prevHash = ChainHash.genesis
            try body(event)
        }
    }
    func events(inStream stream: String) throws -> [RecordedEvent] { try inner.events(inStream: stream) }
    func event(withID id: UUID) throws -> RecordedEvent? { try inner.event(withID: id) }
    func head() throws -> ChainHead { try inner.head() }
    func setting(_ key: String) throws -> String? { try inner.setting(key) }
}
