import EventStore
import Foundation

/// The checks about what may be written: idempotent ids, expected versions, whole batches.
extension EventStoreContract {
    /// Appending an already stored event again writes nothing and reports the stored `seq`,
    /// even when its metadata differs or its expected version has gone stale (a retried batch).
    public func checkReappendingIsANoOp() throws {
        let store = try store()
        let first = makeEvent(stream: "a", id: fixtureID(1), expected: .noStream)
        let second = makeEvent(stream: "a", id: fixtureID(2), expected: .exactly(1))
        _ = try store.append([first, second])
        let before = try all(store)

        let retried = try store.append([first, second])
        try requireEqual(
            retried,
            [AppendOutcome(seq: 1, id: fixtureID(1), alreadyStored: true), AppendOutcome(seq: 2, id: fixtureID(2), alreadyStored: true)],
            "outcomes of a retried batch")
        try requireUnchanged(store, since: before, "retrying a stored batch")

        var otherMetadata = first
        otherMetadata.metadata = #"{"recordedBy":"someone else"}"#
        try requireEqual(
            try store.append([otherMetadata]), [AppendOutcome(seq: 1, id: fixtureID(1), alreadyStored: true)],
            "outcome of a stored event with other metadata")
        try requireUnchanged(store, since: before, "re-appending with other metadata")

        let third = makeEvent(stream: "a", id: fixtureID(3), expected: .exactly(2))
        try requireEqual(
            try store.append([second, third]),
            [AppendOutcome(seq: 2, id: fixtureID(2), alreadyStored: true), AppendOutcome(seq: 3, id: fixtureID(3), alreadyStored: false)],
            "outcomes of a stored event followed by a new one")
        try requireEqual(try store.event(withID: fixtureID(3))?.streamVersion, 3, "stream version after a no-op")
        try requireIntactChain(store)
    }

    /// Within one batch, a repeated id is stored once and reported twice with the same `seq`.
    public func checkDuplicatesWithinABatch() throws {
        let store = try store()
        let a = makeEvent(stream: "s", id: fixtureID(1))
        let b = makeEvent(stream: "s", id: fixtureID(2))
        var aAgain = a
        aAgain.metadata = #"{"copy":true}"#
        try requireEqual(
            try store.append([a, b, a, aAgain]),
            [AppendOutcome(seq: 1, id: a.id, alreadyStored: false), AppendOutcome(seq: 2, id: b.id, alreadyStored: false),
             AppendOutcome(seq: 1, id: a.id, alreadyStored: true), AppendOutcome(seq: 1, id: a.id, alreadyStored: true)],
            "outcomes of [a, b, a, a with other metadata]")
        let events = try all(store)
        try requireEqual(events.map(\.id), [a.id, b.id], "ids stored")
        try requireEqual(events.map(\.streamVersion), [1, 2], "stream versions stored")
        try requireEqual(events[0].metadata, "{}", "metadata of the first copy is the one kept")
        try requireEqual(try store.append([makeEvent(stream: "s")]).first?.seq, 3, "seq after the batch")
        try requireEqual(try store.events(inStream: "s").last?.streamVersion, 3, "stream version after the batch")
    }

    /// The same id with other content (any of stream, type, schema version, occurred_at,
    /// precision, payload) fails `.duplicateID` and writes nothing of the batch.
    public func checkDuplicateIDWithOtherContentFails() throws {
        let store = try store()
        let stored = makeEvent(stream: "a", payload: #"{"n":1}"#, id: fixtureID(1))
        _ = try store.append([stored])
        let before = try all(store)
        var variants: [(String, NewEvent)] = []
        func variant(_ name: String, _ change: (inout NewEvent) -> Void) {
            var event = stored
            change(&event)
            variants.append((name, event))
        }
        variant("stream") { $0.stream = "b" }
        variant("type") { $0.type = "other-thing" }
        variant("schemaVersion") { $0.schemaVersion = 2 }
        variant("occurredAt") { $0.occurredAt += 1 }
        variant("precision") { $0.precision = .instant }
        variant("payload") { $0.payload = #"{"n":2}"# }
        variant("payload whitespace") { $0.payload = #"{"n": 1}"# }
        for (name, event) in variants {
            let error = try requireFailure(.duplicateID, "same id, other \(name)") { try store.append([event]) }
            try require(error.message.contains(ChainHash.canonical(stored.id)), "the .duplicateID message does not name the id: \(error.message)")
            try requireUnchanged(store, since: before, "same id, other \(name)")
            let fresh = makeEvent(stream: "c", id: fixtureID(10))
            try requireFailure(.duplicateID, "other \(name) in the middle of a batch") {
                try store.append([fresh, event, makeEvent(stream: "c", id: fixtureID(11))])
            }
            try requireUnchanged(store, since: before, "other \(name) in the middle of a batch")
        }
        var changed = makeEvent(stream: "d", payload: #"{"v":2}"#, id: fixtureID(20))
        let original = makeEvent(stream: "d", payload: #"{"v":1}"#, id: fixtureID(20))
        try requireFailure(.duplicateID, "same id twice in one batch with other payloads") { try store.append([original, changed]) }
        changed.payload = original.payload
        changed.stream = "e"
        try requireFailure(.duplicateID, "same id twice in one batch with other streams") { try store.append([original, changed]) }
        try requireUnchanged(store, since: before, "same id twice in one batch with other content")
        try require(try store.event(withID: fixtureID(20)) == nil, "a refused batch left an event behind")
    }

    /// `.any`, `.noStream` and `.exactly(n)` are checked against the stream as the batch has
    /// left it so far; a mismatch fails `.versionConflict` and writes nothing.
    public func checkExpectedVersions() throws {
        let store = try store()
        _ = try store.append([makeEvent(stream: "a", expected: .noStream)])
        for expected in [ExpectedVersion.noStream, .exactly(0), .exactly(2), .exactly(-1)] {
            let before = try all(store)
            let error = try requireFailure(.versionConflict, "\(expected) on a stream at version 1") {
                try store.append([makeEvent(stream: "a", expected: expected)])
            }
            try require(error.message.contains("'a'"), "the .versionConflict message does not name the stream: \(error.message)")
            try requireUnchanged(store, since: before, "\(expected) on a stream at version 1")
        }
        _ = try store.append([makeEvent(stream: "a", expected: .exactly(1))])
        _ = try store.append([makeEvent(stream: "a", expected: .any)])
        _ = try store.append([makeEvent(stream: "b", expected: .exactly(0))])
        try requireFailure(.versionConflict, ".exactly(1) on a new stream") {
            try store.append([makeEvent(stream: "c", expected: .exactly(1))])
        }
        _ = try store.append([
            makeEvent(stream: "c", expected: .noStream), makeEvent(stream: "c", expected: .exactly(1)),
            makeEvent(stream: "a", expected: .exactly(3)), makeEvent(stream: "c", expected: .exactly(2)),
        ])
        let before = try all(store)
        try requireFailure(.versionConflict, "two .noStream events of one new stream in a batch") {
            try store.append([makeEvent(stream: "d", expected: .noStream), makeEvent(stream: "d", expected: .noStream)])
        }
        try requireFailure(.versionConflict, "an expectation that ignores the batch's own earlier event") {
            try store.append([makeEvent(stream: "c", expected: .exactly(3)), makeEvent(stream: "c", expected: .exactly(3))])
        }
        try requireUnchanged(store, since: before, "refused batches")
        try requireEqual(try store.events(inStream: "a").map(\.streamVersion), [1, 2, 3, 4], "versions of stream a")
        try requireEqual(try store.events(inStream: "c").map(\.streamVersion), [1, 2, 3], "versions of stream c")
        try requireEqual(try store.events(inStream: "d"), [], "events of stream d")
    }

    /// A batch with a failing event in the middle writes none of its events, consumes no
    /// `seq` or stream version, and the next batch continues as if it had never been tried.
    public func checkFailedBatchesWriteNothing() throws {
        let store = try store()
        _ = try store.append([makeEvent(stream: "a", id: fixtureID(1)), makeEvent(stream: "b", id: fixtureID(2))])
        let before = try all(store)
        let failing: [(EventStoreError.Code, NewEvent)] = [
            (.invalidEvent, makeEvent(stream: "")),
            (.duplicateID, makeEvent(stream: "a", payload: #"{"other":true}"#, id: fixtureID(1))),
            (.versionConflict, makeEvent(stream: "b", expected: .exactly(5))),
        ]
        for (code, bad) in failing {
            let head = makeEvent(stream: "a", id: fixtureID(100))
            let tail = makeEvent(stream: "new", id: fixtureID(101))
            try requireFailure(code, "a batch with a .\(code) event in the middle") { try store.append([head, bad, tail]) }
            try requireUnchanged(store, since: before, "a batch with a .\(code) event in the middle")
            try require(try store.event(withID: fixtureID(100)) == nil, "the event before the .\(code) one was stored")
            try require(try store.event(withID: fixtureID(101)) == nil, "the event after the .\(code) one was stored")
            try requireEqual(try store.events(inStream: "new"), [], "stream of the event after the .\(code) one")
        }
        let outcomes = try store.append([makeEvent(stream: "a"), makeEvent(stream: "new", expected: .noStream)])
        try requireEqual(outcomes.map(\.seq), [3, 4], "seqs after the refused batches")
        try requireEqual(try store.events(inStream: "a").map(\.streamVersion), [1, 2], "versions of stream a")
        try requireIntactChain(store)
    }

    /// An empty stream, an empty type or a schema version below 1 fails `.invalidEvent`.
    public func checkInvalidEventsAreRefused() throws {
        let store = try store()
        _ = try store.append([makeEvent()])
        let before = try all(store)
        var noType = makeEvent()
        noType.type = ""
        var schemaZero = makeEvent()
        schemaZero.schemaVersion = 0
        var schemaNegative = makeEvent()
        schemaNegative.schemaVersion = -1
        for (name, event) in [("empty stream", makeEvent(stream: "")), ("empty type", noType), ("schema 0", schemaZero), ("schema -1", schemaNegative)] {
            try requireFailure(.invalidEvent, name) { try store.append([event]) }
            try requireUnchanged(store, since: before, name)
        }
    }

    /// Stream names are told apart by their bytes, as the hash and SQLite see them: "café"
    /// with a precomposed é and with e + combining accent are two streams.
    public func checkStreamNamesAreComparedByteForByte() throws {
        let (composed, decomposed) = ("caf\u{E9}", "cafe\u{301}")
        try require(Array(composed.utf8) != Array(decomposed.utf8), "the two spellings have the same bytes")
        let separately = try store()
        _ = try separately.append([makeEvent(stream: composed, expected: .noStream)])
        _ = try separately.append([makeEvent(stream: decomposed, expected: .noStream)])
        let together = try store()
        _ = try together.append([makeEvent(stream: composed), makeEvent(stream: decomposed)])
        for store in [separately, together] {
            try requireEqual(try all(store).map(\.streamVersion), [1, 1], "versions of two streams differing only in normalization")
            for name in [composed, decomposed] {
                let events = try store.events(inStream: name)
                try requireEqual(events.count, 1, "events(inStream:) for the \(name == composed ? "composed" : "decomposed") spelling")
                try requireEqual(events.first.map { Array($0.stream.utf8) }, Array(name.utf8), "stream bytes")
            }
        }
    }

    /// Content is compared by its bytes, as the hash covers them: a payload or type differing
    /// only in Unicode normalization under a stored id is other content, `.duplicateID`.
    public func checkContentIsComparedByteForByte() throws {
        let store = try store()
        let stored = makeEvent(type: "caf\u{E9}", payload: "\"caf\u{E9}\"", id: fixtureID(1))
        _ = try store.append([stored])
        var payload = stored
        payload.payload = "\"cafe\u{301}\""
        var type = stored
        type.type = "cafe\u{301}"
        for (name, event) in [("payload", payload), ("type", type)] {
            try requireFailure(.duplicateID, "same id, \(name) in another normalization form") { try store.append([event]) }
        }
        try requireEqual(try store.event(withID: stored.id).map { Array($0.payload.utf8) }, Array(stored.payload.utf8), "payload bytes")
    }
}
