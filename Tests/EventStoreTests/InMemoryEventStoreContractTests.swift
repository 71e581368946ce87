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

    func write<T>(_ body: (any EventWriter) throws -> T) throws -> T {
        try inner.write { writer in try body(ForgetfulWriter(inner: writer)) }
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
    func events(in windows: [KeyWindow], through seq: Int64?) throws -> [RecordedEvent] {
        try inner.events(in: windows, through: seq)
    }
    func keyIndexHead() throws -> Int64 { try inner.keyIndexHead() }
    func indexKeys(_ entries: [(seq: Int64, keys: [String])]) throws { try inner.indexKeys(entries) }
    func forEachKey(_ body: (String, Int64, Int64?) throws -> Void) throws { try inner.forEachKey(body) }
    var keyRowsCarryOccurredAt: Bool { inner.keyRowsCarryOccurredAt }
    var timelessEventsInEveryWindow: Bool { inner.timelessEventsInEveryWindow }
    func lastSeq(recordedAtOrBefore instant: Int64) throws -> Int64 { try inner.lastSeq(recordedAtOrBefore: instant) }
}

/// Reports every outcome as new.
private final class ForgetfulWriter: EventWriter {
    let inner: any EventWriter
    init(inner: any EventWriter) { self.inner = inner }
    func append(_ event: NewEvent) throws -> AppendOutcome {
        let outcome = try inner.append(event)
        return AppendOutcome(seq: outcome.seq, id: outcome.id, alreadyStored: false)
    }
    func event(withID id: UUID) throws -> RecordedEvent? { try inner.event(withID: id) }
    func events(in windows: [KeyWindow]) throws -> [RecordedEvent] { try inner.events(in: windows) }
    var head: ChainHead { inner.head }
}
