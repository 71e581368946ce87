import Crypto
import Foundation

extension ChainHash {
    /// A row's columns as the chain encodes them (see ``ChainHash``), as bytes: what both a
    /// writer's Strings and an audit's raw page give, so that the encoding is written once.
    struct Columns {
        var previous: UnsafeRawBufferPointer
        var seq: Int64
        var id: UnsafeRawBufferPointer
        var stream: UnsafeRawBufferPointer
        var streamVersion: Int64
        var type: UnsafeRawBufferPointer
        var schemaVersion: Int64
        var occurredAt: Int64
        var precision: UnsafeRawBufferPointer
        var recordedAt: Int64
        var payload: UnsafeRawBufferPointer
        var metadata: UnsafeRawBufferPointer

        /// The encoding's length: the previous hash, five integers, six counted strings.
        var encodedCount: Int {
            previous.count + 5 * 8 + 6 * 4 + id.count + stream.count + type.count + precision.count + payload.count + metadata.count
        }
    }

    /// SHA-256 of the columns' encoding, written into `scratch` (grown when short), which a
    /// caller hashing many rows reuses so that hashing allocates nothing.
    static func digest(of columns: Columns, scratch: inout [UInt8]) -> SHA256.Digest {
        let length = columns.encodedCount
        if scratch.count < length { scratch = [UInt8](repeating: 0, count: max(length, 2 * scratch.count)) }
        return scratch.withUnsafeMutableBytes { out in
            // Each piece copied to its place: appending the eighteen pieces to an array one
            // call at a time cost more than the copies.
            var writer = EncodingWriter(out.baseAddress!)
            writer.put(columns.previous)
            writer.integer(columns.seq)
            writer.string(columns.id)
            writer.string(columns.stream)
            writer.integer(columns.streamVersion)
            writer.string(columns.type)
            writer.integer(columns.schemaVersion)
            writer.integer(columns.occurredAt)
            writer.string(columns.precision)
            writer.integer(columns.recordedAt)
            writer.string(columns.payload)
            writer.string(columns.metadata)
            precondition(writer.at == length, "the chain encoding's length was miscounted")
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: out[..<length]))
            return hasher.finalize()
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
