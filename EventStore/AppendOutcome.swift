import Foundation

/// What became of one event handed to ``EventStore/append(_:)``.
public struct AppendOutcome: Sendable, Hashable {
    public var seq: Int64
    public var id: UUID
    /// True when an identical event with this id was already stored, so nothing was written.
    public var alreadyStored: Bool

    public init(seq: Int64, id: UUID, alreadyStored: Bool) {
        self.seq = seq
        self.id = id
        self.alreadyStored = alreadyStored
    }
}
