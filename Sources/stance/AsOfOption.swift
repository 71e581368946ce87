import ArgumentParser
import EventStore
import Projections
import StanceDomain

/// `--as-of WHEN`: answer from the log as it stood at a moment of the recording axis.
struct AsOfOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Answer from the events recorded up to WHEN only: an instant or a day (compared with recorded_at; a day means its end, in the store's time zone), or @N for the log up to seq N.",
        valueName: "when"))
    var asOf: String?

    /// The resolved moment, or nil for the whole log.
    func resolve(in context: StoreContext) throws -> ResolvedAsOf? {
        guard let asOf else { return nil }
        return try ResolvedAsOf(asOf, option: "--as-of", in: context)
    }
}

/// An as-of moment checked against the store: never empty, never past the end, never future.
struct ResolvedAsOf {
    let asOf: AsOf
    /// The text the user gave, for the answer's `asOf`.
    let requested: String
    /// The last `seq` the moment includes.
    let seq: Int64

    init(_ text: String, option: String, in context: StoreContext) throws {
        let head = try context.store.head()
        requested = text
        if text.hasPrefix("@") {
            guard let n = Int64(text.dropFirst()), n >= 0 else {
                throw CLIError(.dataError, "\(option): '\(text)' is not a seq; use @N with N from 1 to \(head.seq), or an instant.")
            }
            guard n >= 1 else {
                throw CLIError(.dataError, "\(option): @0 holds no events; seq starts at 1.")
            }
            guard n <= head.seq else {
                throw CLIError(.dataError, "\(option): @\(n) is past the end of the log, which ends at seq \(head.seq).")
            }
            asOf = .seq(n)
            seq = n
            return
        }
        let time = try context.time(text, option: String(option.dropFirst(2)))
        let micros = time.endMillis(in: context.zone) * 1000 - (time.precisionName == "day" ? 1 : 0)
        let now = try SystemClock.clock().now()
        guard micros <= now else {
            throw CLIError(.dataError, "\(option): \(text) is in the future; the record cannot know more than it holds now.")
        }
        asOf = .recordedAt(micros)
        let last = try context.store.lastSeq(recordedAtOrBefore: micros)
        guard last > 0 else {
            let first = try context.store.recordedAt(seq: 1)
            let when = first.map { "; the first event was recorded at \(EventExport.formatMicros($0))" } ?? ""
            throw CLIError(.dataError, "\(option): \(text) is before anything was recorded\(when), so the log held nothing then.")
        }
        seq = last
    }

    var json: JSON {
        .object(["requested": .string(requested), "seq": .int(seq)])
    }
}
