import EventStore
import Foundation

/// The guarantees every ``EventStore`` must keep, as one reusable suite run against each
/// implementation (after the Python `eventsourcing` library's shared recorder tests).
///
/// Each check builds the stores it needs through `makeStore`, exercises them and throws a
/// ``ContractFailure`` naming the broken guarantee. The checks use no test framework, so a
/// test target drives them from Swift Testing:
///
/// ```swift
/// @Test(arguments: EventStoreContract.Check.allCases)
/// func contract(_ check: EventStoreContract.Check) throws {
///     try EventStoreContract { settings, clock in
///         InMemoryEventStore(settings: settings, clock: clock)
///     }.run(check)
/// }
/// ```
public struct EventStoreContract {
    /// Makes a new, empty store with these settings that reads `recorded_at` from this clock.
    public typealias MakeStore = (_ settings: [String: String], _ clock: StoreClock) throws -> any EventStore

    let makeStore: MakeStore

    /// - Parameter makeStore: called once or more per check; every call must return a new,
    ///   empty store (for a file store: a new file).
    public init(makeStore: @escaping MakeStore) {
        self.makeStore = makeStore
    }

    /// One guarantee of the contract; ``run(_:)`` dispatches to its check.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        case emptyStore
        case seqIsGapFreeAndOneBased
        case streamVersionsArePerStream
        case recordedAtComesFromTheClock
        case recordedAtNeverDecreases
        case reappendingIsANoOp
        case duplicatesWithinABatch
        case duplicateIDWithOtherContentFails
        case expectedVersions
        case failedBatchesWriteNothing
        case invalidEventsAreRefused
        case chainIsLinkedAndSealed
        case eventsRoundTrip
        case forEachStreamsInOrder
        case forEachPropagatesBodyErrors
        case readsInsideForEachBody
        case settingsAreReadable
        case streamNamesAreComparedByteForByte
        case contentIsComparedByteForByte

        public var description: String { rawValue }
    }

    /// Runs one check.
    public func run(_ check: Check) throws {
        switch check {
        case .emptyStore: try checkEmptyStore()
        case .seqIsGapFreeAndOneBased: try checkSeqIsGapFreeAndOneBased()
        case .streamVersionsArePerStream: try checkStreamVersionsArePerStream()
        case .recordedAtComesFromTheClock: try checkRecordedAtComesFromTheClock()
        case .recordedAtNeverDecreases: try checkRecordedAtNeverDecreases()
        case .reappendingIsANoOp: try checkReappendingIsANoOp()
        case .duplicatesWithinABatch: try checkDuplicatesWithinABatch()
        case .duplicateIDWithOtherContentFails: try checkDuplicateIDWithOtherContentFails()
        case .expectedVersions: try checkExpectedVersions()
        case .failedBatchesWriteNothing: try checkFailedBatchesWriteNothing()
        case .invalidEventsAreRefused: try checkInvalidEventsAreRefused()
        case .chainIsLinkedAndSealed: try checkChainIsLinkedAndSealed()
        case .eventsRoundTrip: try checkEventsRoundTrip()
        case .forEachStreamsInOrder: try checkForEachStreamsInOrder()
        case .forEachPropagatesBodyErrors: try checkForEachPropagatesBodyErrors()
        case .readsInsideForEachBody: try checkReadsInsideForEachBody()
        case .settingsAreReadable: try checkSettingsAreReadable()
        case .streamNamesAreComparedByteForByte: try checkStreamNamesAreComparedByteForByte()
        case .contentIsComparedByteForByte: try checkContentIsComparedByteForByte()
        }
    }

    /// Runs every check, stopping at the first failure.
    public func runAll() throws {
        for check in Check.allCases { try run(check) }
    }

    // MARK: - Helpers shared by the checks

    /// The clock reading the checks start from: 2023-11-14T22:13:20Z in microseconds.
    public static let startMicros: Int64 = 1_700_000_000_000_000

    func store(_ clock: StoreClock = .fixed(startMicros), settings: [String: String] = [:]) throws -> any EventStore {
        try makeStore(settings, clock)
    }

    /// Every event in `seq` order, through ``EventStore/forEach(after:_:)``.
    func all(_ store: any EventStore) throws -> [RecordedEvent] {
        try store.events(after: 0)
    }

    func require(
        _ condition: Bool, _ message: @autoclosure () -> String,
        file: StaticString = #fileID, line: UInt = #line
    ) throws {
        if !condition { throw ContractFailure(message(), file: file, line: line) }
    }

    func requireEqual<T: Equatable>(
        _ actual: T, _ expected: T, _ what: @autoclosure () -> String,
        file: StaticString = #fileID, line: UInt = #line
    ) throws {
        if actual != expected {
            throw ContractFailure("\(what()): expected \(expected), got \(actual)", file: file, line: line)
        }
    }

    /// Requires `body` to throw an ``EventStoreError`` with `code`, and returns it.
    @discardableResult
    func requireFailure<T>(
        _ code: EventStoreError.Code, _ what: @autoclosure () -> String,
        file: StaticString = #fileID, line: UInt = #line, _ body: () throws -> T
    ) throws -> EventStoreError {
        do {
            let result = try body()
            throw ContractFailure("\(what()): expected .\(code), but it succeeded with \(result)", file: file, line: line)
        } catch let error as EventStoreError {
            if error.code != code {
                throw ContractFailure("\(what()): expected .\(code), got .\(error.code): \(error.message)", file: file, line: line)
            }
            if error.message.isEmpty {
                throw ContractFailure("\(what()): the .\(code) error has no message", file: file, line: line)
            }
            return error
        } catch let failure as ContractFailure {
            throw failure
        } catch {
            throw ContractFailure("\(what()): expected EventStoreError .\(code), got \(type(of: error)): \(error)", file: file, line: line)
        }
    }

    /// Requires the store to hold exactly `before` (same rows, same head): nothing was written.
    func requireUnchanged(
        _ store: any EventStore, since before: [RecordedEvent], _ what: @autoclosure () -> String,
        file: StaticString = #fileID, line: UInt = #line
    ) throws {
        let after = try all(store)
        if after != before {
            throw ContractFailure(
                "\(what()): the store changed: \(before.count) events before, \(after.count) after",
                file: file, line: line)
        }
        let head = try store.head()
        let expected = before.last.map { ChainHead(seq: $0.seq, hash: $0.hash, recordedAt: $0.recordedAt) } ?? .empty
        try requireEqual(head, expected, "\(what()): head()", file: file, line: line)
    }

    /// Throws a ``ContractFailure`` unless the whole log of `store` is a valid chain (see
    /// ``checkChainIsLinkedAndSealed()``); for tests outside the contract.
    public static func verifyChain(
        of store: any EventStore, file: StaticString = #fileID, line: UInt = #line
    ) throws {
        try EventStoreContract { _, _ in store }.requireIntactChain(store, file: file, line: line)
    }

    /// Requires the whole log to be a valid chain: seq 1...n, each `prevHash` the previous
    /// `hash` (genesis first), each `hash` the recomputed one, `head()` the last event.
    func requireIntactChain(
        _ store: any EventStore, file: StaticString = #fileID, line: UInt = #line
    ) throws {
        var previous = ChainHash.genesis
        var lastRecordedAt = Int64.min
        let events = try all(store)
        for (index, event) in events.enumerated() {
            try requireEqual(event.seq, Int64(index + 1), "seq of the event at position \(index)", file: file, line: line)
            try requireEqual(event.prevHash, previous, "prevHash of seq \(event.seq)", file: file, line: line)
            try requireEqual(event.computedHash(), event.hash, "recomputed hash of seq \(event.seq)", file: file, line: line)
            try requireEqual(
                ChainHash.hash(of: event, previous: previous), event.hash,
                "hash of seq \(event.seq) chained from the previous event", file: file, line: line)
            try require(
                event.recordedAt >= lastRecordedAt,
                "recordedAt of seq \(event.seq) (\(event.recordedAt)) is earlier than the previous (\(lastRecordedAt))",
                file: file, line: line)
            previous = event.hash
            lastRecordedAt = event.recordedAt
        }
        let expected = events.last.map { ChainHead(seq: $0.seq, hash: $0.hash, recordedAt: $0.recordedAt) } ?? .empty
        try requireEqual(try store.head(), expected, "head() after \(events.count) events", file: file, line: line)
    }
}

/// A broken guarantee of the ``EventStoreContract``: what was expected, what happened, and
/// where in the contract the check failed.
public struct ContractFailure: Error, CustomStringConvertible {
    public var message: String
    public var file: String
    public var line: UInt

    public init(_ message: String, file: StaticString = #fileID, line: UInt = #line) {
        self.message = message
        self.file = "\(file)"
        self.line = line
    }

    public var description: String { "\(file):\(line): \(message)" }
}
