/// The end of the log: how many events it holds and the hash that seals them.
public struct ChainHead: Sendable, Hashable {
    /// The last `seq`, 0 for an empty log.
    public var seq: Int64
    /// The last event's hash, or ``ChainHash/genesis`` for an empty log.
    public var hash: ChainHash.Digest
    /// The last event's `recorded_at`, or nil for an empty log.
    public var recordedAt: Int64?

    public init(seq: Int64, hash: ChainHash.Digest, recordedAt: Int64?) {
        self.seq = seq
        self.hash = hash
        self.recordedAt = recordedAt
    }

    public static let empty = ChainHead(seq: 0, hash: ChainHash.genesis, recordedAt: nil)
}
