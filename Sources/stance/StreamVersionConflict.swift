import EventStore

/// `record --expect-version`: the store checks the actor's stream version inside the write
/// transaction, so of two writers that read the same version only one can append; this turns
/// the loser's store error into a sentence about the option (exit 75, nothing written).
enum StreamVersionConflict {
    /// Runs a write, rewording an expected-version conflict for the command line.
    static func reword<T>(in store: SQLiteEventStore, _ write: () throws -> T) throws -> T {
        do {
            return try write()
        } catch let conflict as Recorder.VersionConflict {
            guard case .exactly(let expected) = conflict.expected else { throw conflict.error }
            // Read after the conflict, so the number may already be newer than the one that won.
            let current = (try? store.streamVersion(conflict.stream)).map(String.init) ?? "another version"
            throw CLIError(.tempFailure, message(stream: conflict.stream, expected: expected, current: current))
        }
    }

    static func message(stream: String, expected: Int64, current: String) -> String {
        "--expect-version \(expected) does not hold: the stream of '\(stream)' is at version \(current) (something was recorded "
            + "for it since that version was read), so nothing was written; review it with `stance events --actor \(stream)`, "
            + "then retry with --expect-version \(current) if the event still stands."
    }
}
