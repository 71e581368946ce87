/// An event's index keys as ids, interned by the thread that plans rows (see
/// ``PipelinedEventWriter``), with the keys first used by this event, which the connection's
/// thread adds to `index_keys` under the ids given.
struct InternedKeys {
    /// The event's keys, each once, in the order they were given.
    var ids: [Int64] = []
    /// Keys no earlier event used, with their new ids.
    var new: [(id: Int64, key: String)] = []
    /// Whether the event is timeless (see ``KeyWindow/isTimeless(_:)``).
    var timeless = false
}
