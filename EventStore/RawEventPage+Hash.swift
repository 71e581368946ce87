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
                var writer = EncodingWriter(out.baseAddress!)
                writer.put(column(.prevHash))
                writer.integer(row.seq)
                writer.string(id)
                writer.string(stream)
                writer.integer(row.streamVersion)
                writer.string(type)
                writer.integer(row.schemaVersion)
                writer.integer(row.occurredAt)
                precision.withUTF8 { writer.string(UnsafeRawBufferPointer($0)) }
                writer.integer(row.recordedAt)
                writer.string(payload)
                writer.string(metadata)
                let at = writer.at
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
    /// SHA-256 of the pieces one after the other, as of their concatenation, without making it.
    public static func sha256(concatenating pieces: [[UInt8]]) -> Digest {
        var hasher = SHA256()
        for piece in pieces { piece.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        return Digest(bytes: Array(hasher.finalize()))!
    }
}

/// Writes the pieces of the chain encoding one after another into memory the caller sized.
/// A struct rather than nested functions sharing a local offset: those captured it in a box
/// that every write checked for exclusive access at run time, ~150 instructions a row.
private struct EncodingWriter {
    let base: UnsafeMutableRawPointer
    private(set) var at = 0

    init(_ base: UnsafeMutableRawPointer) {
        self.base = base
    }

    mutating func put(_ piece: UnsafeRawBufferPointer) {
        if let source = piece.baseAddress, !piece.isEmpty {
            (base + at).copyMemory(from: source, byteCount: piece.count)
        }
        at += piece.count
    }

    mutating func integer(_ value: Int64) {
        base.storeBytes(of: value.bigEndian, toByteOffset: at, as: Int64.self)
        at += 8
    }

    mutating func string(_ text: UnsafeRawBufferPointer) {
        base.storeBytes(of: UInt32(text.count).bigEndian, toByteOffset: at, as: UInt32.self)
        at += 4
        put(text)
    }
}
