import EventStore
import Foundation

/// A ``NewEvent`` with defaults for everything a test does not care about.
///
/// The defaults are fixed values (a day-precision event on 2019-11-10 with an empty JSON
/// object as payload), so that only the id differs between two calls; pass `id:` as well,
/// for instance ``fixtureID(_:)``, when a test needs fully deterministic events.
///
/// ```swift
/// let event = makeEvent(stream: "morales", expected: .noStream)
/// ```
public func makeEvent(
    stream: String = "stream-a",
    type: String = "thing-happened",
    occurredAt: Int64 = 1_573_344_000_000,
    payload: String = "{}",
    id: UUID = UUID(),
    expected: ExpectedVersion = .any
) -> NewEvent {
    NewEvent(
        id: id, stream: stream, type: type, schemaVersion: 1, occurredAt: occurredAt,
        precision: .day, payload: payload, metadata: "{}", expectedVersion: expected)
}

/// A deterministic UUID whose last twelve hex digits spell `n`:
/// `fixtureID(42)` is `00000000-0000-4000-8000-00000000002a`.
public func fixtureID(_ n: Int) -> UUID {
    precondition(n >= 0 && n < 1 << 48, "fixtureID takes 0 ..< 2^48")
    let tail = String(n, radix: 16)
    let padded = String(repeating: "0", count: 12 - tail.count) + tail
    return UUID(uuidString: "00000000-0000-4000-8000-\(padded)")!
}

/// A ``StoreClock`` whose reading the test sets, safe to share between threads.
///
/// ```swift
/// let clock = ManualClock(1_000)
/// let store = InMemoryEventStore(clock: clock.storeClock)
/// clock.set(500)   // the store must still never record earlier than 1_000
/// ```
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var micros: Int64
    private var step: Int64

    /// Starts at `micros`; each reading then adds `step` (0: the clock stands still).
    public init(_ micros: Int64, step: Int64 = 0) {
        self.micros = micros
        self.step = step
    }

    /// Sets the next reading.
    public func set(_ micros: Int64) {
        lock.lock()
        self.micros = micros
        lock.unlock()
    }

    /// Takes one reading, as the store does once per batch.
    public func read() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        let value = micros
        micros += step
        return value
    }

    /// The clock to hand to a store.
    public var storeClock: StoreClock {
        StoreClock { [self] in read() }
    }
}
