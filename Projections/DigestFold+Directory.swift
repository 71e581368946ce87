extension DigestFold {
    /// The directory of the whole fold: the one a full replay of the same log would hold, from
    /// the registrations and roles that count, without the events. What `stance report` resolves
    /// the actors it is asked about against before reading their events.
    public func directory() -> ActorDirectory {
        directory(through: .max, RetractionRule(withdrawing.map(\.link)))
    }
}
