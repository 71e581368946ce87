import EventStore

/// An actor's stream and its current version, as `info --stream` shows it: the stream of an
/// event is the id of the actor who said or did it, and its version counts that stream's events.
struct StreamVersion {
    let actor: String
    let version: Int64

    /// Resolves `name` (id, alias or code) and reads its stream's version. Resolving needs the
    /// actor directory, read through the key index; the version itself is one indexed lookup.
    static func read(_ name: String, in context: StoreContext) throws -> StreamVersion {
        let actor = try context.replay(about: name, toward: nil, asOf: nil, positions: false).directory.resolve(name, option: "--stream").id
        return StreamVersion(actor: actor, version: try context.store.streamVersion(actor))
    }
}
