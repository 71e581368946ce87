import EventStore
import StanceDomain

extension PositionDiff {
    /// The two moments a diff compares, each read through the key index as a question reads it
    /// (``QueryScope``), not replayed whole: on a million events, two full replays took ~14 s and
    /// 3.7 GB for one pair.
    ///
    /// The later moment is asked by the names given; the earlier one by the ids the later resolved
    /// them to, registered by then or not: an alias given in between must not change whom the
    /// earlier moment is asked about, and a full replay counts what an actor said before its
    /// registration was recorded. The later moment also reads what the earlier one's speakers
    /// said while it counted them (a role may have been withdrawn in between), the registration
    /// of everyone who acted in between, and without a target the registrations of the earlier
    /// moment's targets, which it may no longer have a position toward. When a name does not
    /// resolve at the later moment, both replays are its scope, for the caller to report the
    /// name as a full replay would.
    ///
    /// Each moment is an as-of cut: its last seq and its ``AsOf``.
    ///
    /// ```swift
    /// let (before, after) = try PositionDiff.scopes(store, zone: zone, actor: "military", toward: "morales",
    ///                                               from: (12, .seq(12)), to: (20, .seq(20)))
    /// let diff = PositionDiff(actor: military, toward: morales, before: before, after: after, recordedAfter: 12)
    /// ```
    public static func scopes(
        _ store: any EventStore, zone: StoreTimeZone, actor: String, toward target: String?,
        from: (seq: Int64, asOf: AsOf?), to: (seq: Int64, asOf: AsOf?)
    ) throws -> (before: Replay, after: Replay) {
        var later = try QueryScope(store: store, zone: zone, through: to.seq, asOf: to.asOf)
        try later.include(names: [actor] + (target.map { [$0] } ?? []))
        let directory = later.directory
        guard let subject = try? directory.resolve(actor) else { return (later.replay, later.replay) }
        var towardIDs: [String]?
        if let target {
            guard let toward = try? directory.resolve(target) else { return (later.replay, later.replay) }
            towardIDs = [toward.id]
        }
        try later.includePositions(of: subject.id, toward: towardIDs)
        var earlier = try QueryScope(store: store, zone: zone, through: from.seq, asOf: from.asOf)
        try earlier.includePositions(of: subject.id, toward: towardIDs)
        if towardIDs == nil {
            try later.widen(Set(earlier.replay.query.targets(of: subject.id).map(EventKeys.registration)))
        }
        // What the earlier moment counted, which the later one may no longer count (a role
        // withdrawn, ended or resigned in between), and what withdrew it; then whoever acted in
        // between, by name, as a full replay's directory names them.
        try later.includeSpeakers(of: subject.id, toward: towardIDs, asIn: earlier)
        try later.widen(Set(later.replay.events.lazy.filter { $0.seq > from.seq }.map { EventKeys.registration($0.event.actor) }))
        return (earlier.replay, later.replay)
    }
}
