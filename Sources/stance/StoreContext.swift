import EventStore
import Foundation
import Projections
import StanceDomain

/// An open store with its time zone: what every command that touches a store starts from.
struct StoreContext {
    let store: SQLiteEventStore
    let zone: StoreTimeZone

    /// The setting that holds the store's IANA time zone.
    static let timezoneKey = "timezone"

    /// Opens the store that `--db` (or `$STANCE_DB`) names.
    static func open(_ options: GlobalOptions) throws -> StoreContext {
        let store = try SQLiteEventStore.open(at: options.storePath, clock: SystemClock.clock())
        let name = try store.setting(timezoneKey) ?? "UTC"
        guard let zone = StoreTimeZone(identifier: name) else {
            throw CLIError(.failure, "The store at \(store.path) names the time zone '\(name)', which this system does not know.")
        }
        return StoreContext(store: store, zone: zone)
    }

    /// Replays the log, or the part of it recorded up to `asOf`, into the projections.
    func replay(asOf: ResolvedAsOf? = nil) throws -> Replay {
        try Replayer.replay(store, in: zone, asOf: asOf?.asOf)
    }

    /// Parses a `--on`/`--at`/`--from` value in the store's time zone, naming the option on error.
    func time(_ text: String, option: String) throws -> WorldTime {
        do { return try WorldTime.parse(text, in: zone) } catch {
            throw CLIError(.dataError, "--\(option): \(error.description)")
        }
    }
}

/// Where the command line reads the time: the system clock, or `$STANCE_NOW` (an instant such
/// as 2026-01-01T00:00:00Z) so that tests and reproducible demos get fixed `recorded_at` values.
/// The store itself never reads a clock: it is handed this one.
enum SystemClock {
    static func clock() throws -> StoreClock {
        if let fixed = ProcessInfo.processInfo.environment["STANCE_NOW"], !fixed.isEmpty {
            guard case .instant(let ms)? = try? WorldTime.parse(fixed, in: .utc) else {
                throw CLIError(.usage, "$STANCE_NOW must be an instant such as 2026-01-01T00:00:00Z, not '\(fixed)'.")
            }
            return StoreClock.fixed(ms * 1000)
        }
        return StoreClock { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }
    }
}
