import Crypto
import Foundation

extension RawEventPage {
    /// The row's hash recomputed from its columns by ``ChainHash``'s encoding, straight from
    /// the page's bytes; nil when it equals the stored hash, as on an untouched row.
    ///
    /// `scratch` is the caller's buffer, reused from row to row so that hashing a page
    /// allocates nothing.
    public func recomputedHashIfChanged(_ index: Int, scratch: inout [UInt8]) -> ChainHash.Digest? {
        let row = rows[index]
        var precision = row.precision.rawValue
        return withRow(index) { bytes, bounds in
            func column(_ column: Column) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[bounds[column.rawValue]..<bounds[column.rawValue + 1]])
            }
            let digest = precision.withUTF8 { precision in
                ChainHash.digest(
                    of: ChainHash.Columns(
                        previous: column(.prevHash), seq: row.seq, id: column(.id), stream: column(.stream),
                        streamVersion: row.streamVersion, type: column(.type), schemaVersion: row.schemaVersion,
                        occurredAt: row.occurredAt, precision: UnsafeRawBufferPointer(precision), recordedAt: row.recordedAt,
                        payload: column(.payload), metadata: column(.metadata)),
                    scratch: &scratch)
            }
            let stored = column(.hash)
            let same = digest.withUnsafeBytes { computed in
                computed.count == stored.count && memcmp(computed.baseAddress!, stored.baseAddress!, computed.count) == 0
            }
            return same ? nil : ChainHash.Digest(bytes: Array(digest))
        }
    }
}
