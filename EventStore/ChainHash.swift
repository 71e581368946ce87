import Crypto
import Foundation

/// The hash chain that seals the log: each event's hash covers the previous hash and every
/// other column of its row, so rewriting any stored byte breaks every later hash.
///
/// The encoding is documented so that a third party can verify a store with another tool
/// (see README, "The hash chain"):
///
/// ```text
/// hash = SHA-256( prev_hash                      32 bytes; 32 zero bytes for seq 1
///               || i64(seq) || str(id) || str(stream) || i64(stream_version)
///               || str(type) || i64(schema_version) || i64(occurred_at)
///               || str(precision) || i64(recorded_at) || str(payload) || str(metadata) )
/// i64(n) = n as 8 bytes, big-endian two's complement
/// str(s) = u32(byte count of UTF-8 s), big-endian, then the UTF-8 bytes of s as stored
/// id     = the UUID in lowercase, 8-4-4-4-12 form
/// ```
public enum ChainHash {
    /// A SHA-256 digest: 32 bytes, shown as 64 lowercase hex digits.
    public struct Digest: Sendable, Hashable, CustomStringConvertible {
        public let bytes: [UInt8]

        public init?(bytes: [UInt8]) {
            guard bytes.count == 32 else { return nil }
            self.bytes = bytes
        }

        public init?(hex: String) {
            let utf8 = Array(hex.utf8)
            guard utf8.count == 64 else { return nil }
            var bytes = [UInt8]()
            bytes.reserveCapacity(32)
            var index = 0
            while index < 64 {
                guard let high = Self.nibble(utf8[index]), let low = Self.nibble(utf8[index + 1]) else {
                    return nil
                }
                bytes.append(high << 4 | low)
                index += 2
            }
            self.bytes = bytes
        }

        public var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            var out = [UInt8]()
            out.reserveCapacity(64)
            for byte in bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: out, as: UTF8.self)
        }

        public var description: String { hex }

        private static func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
    }

    /// The `prev_hash` of the first event: 32 zero bytes.
    public static let genesis = Digest(bytes: [UInt8](repeating: 0, count: 32))!

    /// The hash of a row, given its columns and the previous event's hash.
    public static func hash(
        previous: Digest, seq: Int64, id: UUID, stream: String, streamVersion: Int64,
        type: String, schemaVersion: Int64, occurredAt: Int64, precision: OccurrencePrecision,
        recordedAt: Int64, payload: String, metadata: String
    ) -> Digest {
        var (id, stream, type, precision, payload, metadata) = (canonical(id), stream, type, precision.rawValue, payload, metadata)
        var scratch: [UInt8] = []
        // The Strings' own UTF-8, in place: no copy of a payload before the encoding's own.
        let digest = previous.bytes.withUnsafeBytes { previous in
            id.withUTF8 { id in
                stream.withUTF8 { stream in
                    type.withUTF8 { type in
                        precision.withUTF8 { precision in
                            payload.withUTF8 { payload in
                                metadata.withUTF8 { metadata in
                                    ChainHash.digest(
                                        of: Columns(
                                            previous: previous, seq: seq, id: UnsafeRawBufferPointer(id),
                                            stream: UnsafeRawBufferPointer(stream), streamVersion: streamVersion,
                                            type: UnsafeRawBufferPointer(type), schemaVersion: schemaVersion, occurredAt: occurredAt,
                                            precision: UnsafeRawBufferPointer(precision), recordedAt: recordedAt,
                                            payload: UnsafeRawBufferPointer(payload), metadata: UnsafeRawBufferPointer(metadata)),
                                        scratch: &scratch)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Digest(bytes: Array(digest))!
    }

    /// The hash of a recorded row, recomputed from its columns.
    public static func hash(of event: RecordedEvent, previous: Digest) -> Digest {
        hash(
            previous: previous, seq: event.seq, id: event.id, stream: event.stream,
            streamVersion: event.streamVersion, type: event.type,
            schemaVersion: event.schemaVersion, occurredAt: event.occurredAt,
            precision: event.precision, recordedAt: event.recordedAt,
            payload: event.payload, metadata: event.metadata)
    }

    /// SHA-256 of any bytes, for digests built on top of the log (projection digests).
    public static func sha256(_ bytes: [UInt8]) -> Digest {
        Digest(bytes: Array(SHA256.hash(data: bytes)))!
    }

    /// The UUID as the store writes it: lowercase, hyphenated.
    public static func canonical(_ id: UUID) -> String {
        id.canonicalText
    }
}
