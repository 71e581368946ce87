import EventStore
import Foundation

/// The checks about the shape of the log: numbering, time, the chain, reading back.
extension EventStoreContract {
    /// An empty store has an empty head, no events, and an empty batch writes nothing.
    public func checkEmptyStore() throws {
        let store = try store()
        try requireEqual(try store.head(), .empty, "head() of an empty store")
        try requireEqual(try all(store), [], "events(after: 0) of an empty store")
        var calls = 0
        try store.forEach(after: 0) { _ in calls += 1 }
        try requireEqual(calls, 0, "forEach calls on an empty store")
        try requireEqual(try store.events(inStream: "stream-a"), [], "events(inStream:) of an empty store")
        try require(try store.event(withID: fixtureID(1)) == nil, "event(withID:) found an event in an empty store")
        try requireEqual(try store.append([]), [], "outcomes of an empty batch")
        try requireEqual(try store.head(), .empty, "head() after an empty batch")
    }

    /// `seq` is assigned by the store: 1, 2, 3, … across batches and streams, without gaps.
    public func checkSeqIsGapFreeAndOneBased() throws {
        let store = try store()
        var ids: [UUID] = []
        var outcomes: [AppendOutcome] = []
        for (batch, size) in [1, 3, 2, 5].enumerated() {
            let events = (0..<size).map { i -> NewEvent in
                ids.append(fixtureID(ids.count + 1))
                return makeEvent(stream: "stream-\((batch + i) % 3)", id: ids.last!)
            }
            let got = try store.append(events)
            try requireEqual(got.count, size, "outcome count of batch \(batch)")
            outcomes += got
        }
        let expected = ids.enumerated().map { AppendOutcome(seq: Int64($0.offset + 1), id: $0.element, alreadyStored: false) }
        try requireEqual(outcomes, expected, "outcomes of 11 new events in 4 batches")
        try requireEqual(try all(store).map(\.seq), Array(1...11), "seqs read back")
        for outcome in outcomes {
            try requireEqual(try store.event(withID: outcome.id)?.seq, outcome.seq, "seq of event(withID: \(outcome.id))")
        }
        try requireEqual(try store.head().seq, 11, "head().seq")
    }

    /// `stream_version` counts 1, 2, 3, … within each stream; streams are told apart exactly.
    public func checkStreamVersionsArePerStream() throws {
        let store = try store()
        let streams = ["a", "b", "a", "A", "a", "b", "a-b"]
        _ = try store.append(streams.prefix(3).map { makeEvent(stream: $0) })
        _ = try store.append([makeEvent(stream: streams[3])])
        _ = try store.append(streams.suffix(3).map { makeEvent(stream: $0) })
        let events = try all(store)
        try requireEqual(events.map(\.stream), streams, "streams in seq order")
        try requireEqual(events.map(\.streamVersion), [1, 1, 2, 1, 3, 2, 1], "stream versions in seq order")
        for stream in Set(streams) {
            let inStream = try store.events(inStream: stream)
            try requireEqual(inStream.map(\.stream), Array(repeating: stream, count: inStream.count), "streams of events(inStream: \(stream))")
            try requireEqual(inStream.map(\.streamVersion), Array(1...Int64(inStream.count)), "versions of events(inStream: \(stream))")
            try requireEqual(inStream, events.filter { $0.stream == stream }, "events(inStream: \(stream))")
        }
        try requireEqual(try store.events(inStream: "c"), [], "events(inStream:) of an unknown stream")
    }

    /// `recorded_at` is the injected clock's reading, one reading per batch.
    public func checkRecordedAtComesFromTheClock() throws {
        let clock = ManualClock(1_000_000)
        let store = try store(clock.storeClock)
        _ = try store.append([makeEvent()])
        clock.set(2_000_000)
        _ = try store.append([makeEvent(), makeEvent(stream: "b"), makeEvent()])
        clock.set(2_000_001)
        _ = try store.append([makeEvent()])
        try requireEqual(
            try all(store).map(\.recordedAt), [1_000_000, 2_000_000, 2_000_000, 2_000_000, 2_000_001],
            "recordedAt of five events appended at three clock readings")
        try requireEqual(try store.head().recordedAt, 2_000_001, "head().recordedAt")
    }

    /// `recorded_at` never decreases with `seq`, even when the clock goes backwards.
    public func checkRecordedAtNeverDecreases() throws {
        let clock = ManualClock(5_000)
        let store = try store(clock.storeClock)
        _ = try store.append([makeEvent()])
        clock.set(4_000)
        _ = try store.append([makeEvent(), makeEvent()])
        clock.set(-1)
        _ = try store.append([makeEvent()])
        clock.set(6_000)
        _ = try store.append([makeEvent()])
        clock.set(5_999)
        _ = try store.append([makeEvent()])
        try requireEqual(
            try all(store).map(\.recordedAt), [5_000, 5_000, 5_000, 5_000, 6_000, 6_000],
            "recordedAt while the clock reads 5000, 4000, -1, 6000, 5999")
        try requireIntactChain(store)
    }

    /// Every event is sealed: genesis first, each `prevHash` the previous `hash`, each `hash`
    /// the recomputed one, and equal content at equal times gives equal hashes in any store.
    public func checkChainIsLinkedAndSealed() throws {
        let batches: [[NewEvent]] = [
            [makeEvent(stream: "a", payload: #"{"n":1}"#, id: fixtureID(1))],
            [makeEvent(stream: "b", payload: #"{"n":2}"#, id: fixtureID(2)),
             makeEvent(stream: "a", payload: #"{"n":3}"#, id: fixtureID(3))],
            [makeEvent(stream: "c", type: "other", payload: #"{"n":4}"#, id: fixtureID(4))],
        ]
        let first = try store(ManualClock(1_000, step: 10).storeClock)
        let second = try store(ManualClock(1_000, step: 10).storeClock)
        for batch in batches {
            _ = try first.append(batch)
            _ = try second.append(batch)
        }
        try requireIntactChain(first)
        let events = try all(first)
        try requireEqual(events.first?.prevHash, ChainHash.genesis, "prevHash of seq 1")
        try requireEqual(Set(events.map(\.hash)).count, events.count, "distinct hashes")
        try requireEqual(try all(second).map(\.hash), events.map(\.hash), "hashes of the same events at the same times in two stores")

        let later = try store(ManualClock(1_001, step: 10).storeClock)
        _ = try later.append(batches[0])
        try require(try later.head().hash != events[0].hash, "recordedAt is not covered by the hash")
    }

    /// Every field of an event reads back byte for byte, through every read method.
    public func checkEventsRoundTrip() throws {
        let store = try store()
        var odd = makeEvent(
            stream: "stream ü/ß 🗳", type: "statement-issued", occurredAt: -2_208_988_800_000,
            payload: "{\"text\":\"Évo — «sí» 🇧🇴\\n\",\"quote\":\"\\\"\",\"tab\":\"\t\"}", id: fixtureID(7))
        odd.schemaVersion = 3
        odd.precision = .instant
        odd.metadata = #"{"importedFrom":"a.csv","line":12}"#
        let large = makeEvent(stream: "large", occurredAt: Int64.max, payload: "\"" + String(repeating: "x", count: 100_000) + "\"")
        let small = makeEvent(occurredAt: Int64.min, payload: "[]")
        let sent = [odd, large, small]
        _ = try store.append(sent)
        let events = try all(store)
        try requireEqual(events.count, sent.count, "events read back")
        for (event, new) in zip(events, sent) {
            try requireEqual(event.id, new.id, "id")
            try requireEqual(Array(event.stream.utf8), Array(new.stream.utf8), "stream bytes of \(new.id)")
            try requireEqual(Array(event.type.utf8), Array(new.type.utf8), "type bytes of \(new.id)")
            try requireEqual(event.schemaVersion, new.schemaVersion, "schemaVersion of \(new.id)")
            try requireEqual(event.occurredAt, new.occurredAt, "occurredAt of \(new.id)")
            try requireEqual(event.precision, new.precision, "precision of \(new.id)")
            try requireEqual(Array(event.payload.utf8), Array(new.payload.utf8), "payload bytes of \(new.id)")
            try requireEqual(Array(event.metadata.utf8), Array(new.metadata.utf8), "metadata bytes of \(new.id)")
            try requireEqual(try store.event(withID: new.id), event, "event(withID: \(new.id))")
            try requireEqual(try store.events(inStream: new.stream), [event], "events(inStream: \(new.stream))")
        }
        try requireIntactChain(store)
    }

    /// `forEach(after:)` visits exactly the events after `seq`, in `seq` order.
    public func checkForEachStreamsInOrder() throws {
        let store = try store()
        _ = try store.append((0..<4).map { makeEvent(stream: "s\($0 % 3)") })
        _ = try store.append((4..<10).map { makeEvent(stream: "s\($0 % 3)") })
        for (after, expected) in [(0, Array(1...10)), (4, Array(5...10)), (9, [10]), (10, []), (99, []), (-5, Array(1...10))] {
            var seen: [Int64] = []
            try store.forEach(after: Int64(after)) { seen.append($0.seq) }
            try requireEqual(seen, expected.map(Int64.init), "seqs of forEach(after: \(after))")
            try requireEqual(try store.events(after: Int64(after)).map(\.seq), expected.map(Int64.init), "events(after: \(after))")
        }
    }

    /// An error thrown by the body of `forEach(after:)` stops the walk and reaches the caller
    /// unchanged, and the store stays usable.
    public func checkForEachPropagatesBodyErrors() throws {
        struct Stop: Error, Equatable { var seq: Int64 }
        let store = try store()
        _ = try store.append((0..<5).map { _ in makeEvent() })
        var calls = 0
        do {
            try store.forEach(after: 0) { event in
                calls += 1
                if event.seq == 3 { throw Stop(seq: 3) }
            }
            throw ContractFailure("forEach swallowed the body's error")
        } catch let stop as Stop {
            try requireEqual(stop, Stop(seq: 3), "the body's error")
        } catch let failure as ContractFailure {
            throw failure
        } catch {
            throw ContractFailure("forEach replaced the body's error Stop(seq: 3) with \(type(of: error)): \(error)")
        }
        try requireEqual(calls, 3, "body calls before the error")
        try requireEqual(try store.append([makeEvent()]).first?.seq, 6, "seq of an append after the walk")
    }

    /// The body of `forEach(after:)` may read the store it walks (a fold looking up an event).
    public func checkReadsInsideForEachBody() throws {
        let store = try store(settings: ["timezone": "UTC"])
        _ = try store.append((0..<3).map { makeEvent(stream: "s\($0)") })
        var visited = 0
        try store.forEach(after: 0) { event in
            visited += 1
            try requireEqual(try store.event(withID: event.id), event, "event(withID:) inside forEach")
            try requireEqual(try store.events(inStream: event.stream), [event], "events(inStream:) inside forEach")
            try requireEqual(try store.head().seq, 3, "head() inside forEach")
            try requireEqual(try store.setting("timezone"), "UTC", "setting(_:) inside forEach")
        }
        try requireEqual(visited, 3, "events visited")
    }

    /// The settings given at creation read back exactly; other keys read as nil.
    public func checkSettingsAreReadable() throws {
        let settings = ["timezone": "Europe/Berlin", "empty": "", "ünïcode-kéy": "välue 🗳"]
        let store = try store(settings: settings)
        _ = try store.append([makeEvent()])
        for (key, value) in settings {
            try requireEqual(try store.setting(key), value, "setting(\(key))")
        }
        try requireEqual(try store.setting("missing"), nil, "setting of an unknown key")
        try requireEqual(try store.setting("Timezone"), nil, "setting of a key differing in case")
        try requireEqual(try self.store().setting("timezone"), nil, "setting of a store created without settings")
    }
}
