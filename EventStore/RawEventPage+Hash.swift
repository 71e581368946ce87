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
            let (id, stream, type, payload, metadata) = (column(.id), column(.stream), column(.type), column(.payload), column(.metadata))
            // The encoding's length, then each piece copied to its place: appending the
            // eighteen pieces to an array one call at a time cost more than the copies.
            let length = 32 + 5 * 8 + 6 * 4 + id.count + stream.count + type.count + precision.utf8.count + payload.count
                + metadata.count
            if scratch.count < length { scratch = [UInt8](repeating: 0, count: max(length, 2 * scratch.count)) }
            return scratch.withUnsafeMutableBytes { out in
                var at = 0
                func put(_ piece: UnsafeRawBufferPointer) {
                    if let source = piece.baseAddress, !piece.isEmpty {
                        (out.baseAddress! + at).copyMemory(from: source, byteCount: piece.count)
                    }
                    at += piece.count
                }
                func integer(_ value: Int64) {
                    withUnsafeBytes(of: value.bigEndian) { put($0) }
                }
                func string(_ text: UnsafeRawBufferPointer) {
                    withUnsafeBytes(of: UInt32(text.count).bigEndian) { put($0) }
                    put(text)
                }
                put(column(.prevHash))
                integer(row.seq)
                string(id)
                string(stream)
                integer(row.streamVersion)
                string(type)
                integer(row.schemaVersion)
                integer(row.occurredAt)
                precision.withUTF8 { string(UnsafeRawBufferPointer($0)) }
                integer(row.recordedAt)
                string(payload)
                string(metadata)
                precondition(at == length, "the chain encoding's length was miscounted")
                var hasher = SHA256()
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: out[..<at]))
                let digest = hasher.finalize()
                let stored = column(.hash)
                let same = digest.withUnsafeBytes { computed in
                    computed.count == stored.count && memcmp(computed.baseAddress!, stored.baseAddress!, computed.count) == 0
                }
                return same ? nil : ChainHash.Digest(bytes: Array(digest))
            }
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
