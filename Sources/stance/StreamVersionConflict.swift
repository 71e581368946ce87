import EventStore

/// `record --expect-version`: the store checks the actor's stream version inside the write
/// transaction, so of two writers that read the same version only one can append; this turns
/// the loser's store error into a sentence about the option (exit 75, nothing written).
enum StreamVersionConflict {
    /// Appends one event, rewording an expected-version conflict for the command line.
    static func append(_ event: NewEvent, to store: SQLiteEventStore) throws -> AppendOutcome {
        do {
            return try store.append([event])[0]
        } catch let error as EventStoreError where error.code == .versionConflict {
            guard case .exactly(let expected) = event.expectedVersion else { throw error }
            // Read after the conflict, so the number may already be newer than the one that won.
            let current = (try? store.streamVersion(event.stream)).map(String.init) ?? "another version"
            throw CLIError(.tempFailure, message(stream: event.stream, expected: expected, current: current))
        }
    }

    static func message(stream: String, expected: Int64, current: String) -> String {
        "--expect-version \(expected) does not hold: the stream of '\(stream)' is at version \(current) (something was recorded "
            + "for it since that version was read), so nothing was written; review it with `stance events --actor \(stream)`, "
            + "then retry with --expect-version \(current) if the event still stands."
    }
}
