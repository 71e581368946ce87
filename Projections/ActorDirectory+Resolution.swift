import StanceDomain

extension ActorDirectory {
    /// The actor a name refers to: its id, any alias or any code, case-insensitively.
    ///
    /// An id always wins over another actor's alias; a name shared by several actors otherwise
    /// is an error that lists them, rather than a guess.
    public func resolve(_ name: String, field: String = "actor") throws(DomainError) -> Actor {
        if let actor = actors[name] { return actor }
        let key = name.lowercased()
        let ids = names[key] ?? []
        if let exact = ids.first(where: { $0 == key }), let actor = actors[exact] { return actor }
        let candidates = ids.compactMap { actors[$0] }.sorted { $0.id < $1.id }
        switch candidates.count {
        case 1:
            return candidates[0]
        case 0:
            throw DomainError(.unknownActor, field: field, "no actor is called '\(name)'; register it with `stance actor add`, or see `stance actor list`.")
        default:
            let listed = candidates.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")
            throw DomainError(.ambiguousActor, field: field, "'\(name)' could mean \(listed); use the id.")
        }
    }

    /// Whether an actor with this exact id is registered.
    public func contains(id: String) -> Bool {
        actors[id] != nil
    }

    /// Every actor, by id.
    public var sortedActors: [Actor] {
        actors.values.sorted { $0.id < $1.id }
    }

    /// The roles through which people speak for `institution`.
    public func speakingRoles(for institution: String, in spans: [RoleSpan]) -> [RoleSpan] {
        spans.filter { $0.institution == institution && $0.role.speaksForInstitution }
    }
}
