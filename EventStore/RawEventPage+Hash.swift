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
        return withRow(index) { bytes, bounds in
            func column(_ column: Column) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[bounds[column.rawValue]..<bounds[column.rawValue + 1]])
            }
            func integer(_ value: Int64) {
                withUnsafeBytes(of: value.bigEndian) { scratch.append(contentsOf: $0) }
            }
            func string(_ text: UnsafeBufferPointer<UInt8>) {
                withUnsafeBytes(of: UInt32(text.count).bigEndian) { scratch.append(contentsOf: $0) }
                scratch.append(contentsOf: text)
            }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: column(.prevHash))
            integer(row.seq)
            string(column(.id))
            string(column(.stream))
            integer(row.streamVersion)
            string(column(.type))
            integer(row.schemaVersion)
            integer(row.occurredAt)
            var precision = row.precision.rawValue
            precision.withUTF8 { string($0) }
            integer(row.recordedAt)
            string(column(.payload))
            string(column(.metadata))
            var hasher = SHA256()
            scratch.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            let digest = hasher.finalize()
            let stored = column(.hash)
            let same = digest.withUnsafeBytes { computed in computed.elementsEqual(stored) }
            return same ? nil : ChainHash.Digest(bytes: Array(digest))
        }
    }
}

extension ChainHash {
    /// The first 8 bytes of the SHA-256 of `bytes`, as a big-endian number: what order-free
    /// digests of many small values sum.
    public static func sha256Prefix(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return hasher.finalize().withUnsafeBytes { digest in
            UInt64(bigEndian: digest.loadUnaligned(as: UInt64.self))
        }
    }

    /// SHA-256 of the pieces one after the other, as of their concatenation, without making it.
    public static func sha256(concatenating pieces: [[UInt8]]) -> Digest {
        var hasher = SHA256()
        for piece in pieces { piece.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        return Digest(bytes: Array(hasher.finalize()))!
    }
}
