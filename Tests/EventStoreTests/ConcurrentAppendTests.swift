import EventStore
import Foundation
import StanceTesting
import Testing

/// Several writers on one file, each with its own `SQLiteEventStore` (its own connection, as
/// separate `stance` processes would have): the log stays gap-free and chained.
@Suite("SQLiteEventStore concurrent writers")
struct ConcurrentAppendTests {
    /// Results gathered from the writer threads.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var outcomes: [Int: [AppendOutcome]] = [:]
        private var errors: [String] = []

        func record(writer: Int, _ outcome: AppendOutcome) {
            lock.withLock { outcomes[writer, default: []].append(outcome) }
        }

        func record(writer: Int, _ error: any Error) {
            lock.withLock { errors.append("writer \(writer): \(error)") }
        }

        var snapshot: (outcomes: [Int: [AppendOutcome]], errors: [String]) {
            lock.withLock { (outcomes, errors) }
        }
    }

    static let writers = 2
    static let appendsPerWriter = 200

    @Test("two connections appending 200 single events each from two threads keep seq 1...400 and the chain")
    func twoWritersTwoThreads() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            _ = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            let results = Results()
            let ready = DispatchGroup()
            let start = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            for writer in 0..<Self.writers {
                ready.enter()
                done.enter()
                let thread = Thread {
                    defer { done.leave() }
                    var isReady = false
                    do {
                        // Each writer opens its own store; then all start together.
                        let store = try SQLiteEventStore.open(at: path, clock: ManualClock(1_000, step: 1).storeClock)
                        isReady = true
                        ready.leave()
                        start.wait()
                        for i in 0..<Self.appendsPerWriter {
                            // Alternate between a stream shared by all writers and the writer's own.
                            let stream = i.isMultiple(of: 2) ? "shared" : "writer-\(writer)"
                            let event = makeEvent(stream: stream, payload: #"{"writer":\#(writer),"i":\#(i)}"#,
                                                  id: fixtureID(writer * 10_000 + i))
                            let outcomes = try store.append([event])
                            results.record(writer: writer, outcomes[0])
                        }
                    } catch {
                        results.record(writer: writer, error)
                        if !isReady { ready.leave() }
                    }
                }
                thread.start()
            }
            ready.wait()
            for _ in 0..<Self.writers { start.signal() }
            done.wait()

            let (outcomes, errors) = results.snapshot
            #expect(errors == [])
            let total = Self.writers * Self.appendsPerWriter
            for writer in 0..<Self.writers {
                let seqs = outcomes[writer, default: []].map(\.seq)
                #expect(seqs.count == Self.appendsPerWriter)
                #expect(seqs == seqs.sorted(), "writer \(writer) saw its own seqs go backwards")
                #expect(outcomes[writer, default: []].allSatisfy { !$0.alreadyStored })
            }
            let allSeqs = outcomes.values.flatMap { $0.map(\.seq) }.sorted()
            #expect(allSeqs == Array(1...Int64(total)))

            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            let events = try store.events()
            #expect(events.map(\.seq) == Array(1...Int64(total)))
            #expect(Set(events.map(\.id)).count == total)
            for (index, event) in events.enumerated() {
                #expect(event.computedHash() == event.hash, "seq \(event.seq)")
                #expect(event.prevHash == (index == 0 ? ChainHash.genesis : events[index - 1].hash), "seq \(event.seq)")
            }
            try EventStoreContract.verifyChain(of: store)
            for stream in ["shared"] + (0..<Self.writers).map({ "writer-\($0)" }) {
                let versions = try store.events(inStream: stream).map(\.streamVersion)
                #expect(versions == Array(1...Int64(versions.count)), "versions of \(stream)")
            }
            #expect(try store.events(inStream: "shared").count == total / 2)
        }
    }

    @Test("a writer with a stale expectation loses to another connection's append with .versionConflict")
    func staleExpectationAcrossConnections() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            let first = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            let second = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            _ = try first.append([makeEvent(stream: "a", expected: .noStream)])
            // Both have read version 1; the first to append wins.
            #expect(try second.events(inStream: "a").count == 1)
            _ = try first.append([makeEvent(stream: "a", expected: .exactly(1))])
            let error = #expect(throws: EventStoreError.self) {
                try second.append([makeEvent(stream: "a", expected: .exactly(1)), makeEvent(stream: "b")])
            }
            #expect(error?.code == .versionConflict)
            #expect(try second.head().seq == 2)
            #expect(try second.append([makeEvent(stream: "a", expected: .exactly(2))]).map(\.seq) == [3])
        }
    }

    @Test("an event appended through one connection is a no-op through another")
    func idempotentAcrossConnections() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            let first = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            let second = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            let event = makeEvent(id: fixtureID(1))
            _ = try first.append([event])
            #expect(try second.append([event]) == [AppendOutcome(seq: 1, id: event.id, alreadyStored: true)])
            var changed = event
            changed.payload = #"{"changed":true}"#
            let error = #expect(throws: EventStoreError.self) { try second.append([changed]) }
            #expect(error?.code == .duplicateID)
            #expect(try first.head().seq == 1)
        }
    }
}
