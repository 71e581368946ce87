import Crypto
import Foundation

/// A second implementation of the chain's documented encoding, written from the doc comment
/// in ChainHash.swift without calling it, so that the tests compare two readings of the spec.
enum IndependentEncoding {
    /// SHA-256 over prev_hash || i64(seq) || str(id) || str(stream) || i64(stream_version)
    /// || str(type) || i64(schema_version) || i64(occurred_at) || str(precision)
    /// || i64(recorded_at) || str(payload) || str(metadata).
    static func hash(
        previous: [UInt8], seq: Int64, id: String, stream: String, streamVersion: Int64, type: String,
        schemaVersion: Int64, occurredAt: Int64, precision: String, recordedAt: Int64, payload: String, metadata: String
    ) -> [UInt8] {
        precondition(previous.count == 32)
        var data = previous
        data += int64(seq) + string(id) + string(stream) + int64(streamVersion) + string(type)
        data += int64(schemaVersion) + int64(occurredAt) + string(precision) + int64(recordedAt)
        data += string(payload) + string(metadata)
        return Array(SHA256.hash(data: data))
    }

    /// Eight bytes, big-endian two's complement, by shifting.
    static func int64(_ n: Int64) -> [UInt8] {
        let bits = UInt64(bitPattern: n)
        return (0..<8).reversed().map { UInt8(truncatingIfNeeded: bits >> (UInt64($0) * 8)) }
    }

    /// A four-byte big-endian UTF-8 byte count, then the bytes.
    static func string(_ s: String) -> [UInt8] {
        let bytes = Array(s.utf8)
        let count = UInt32(bytes.count)
        return (0..<4).reversed().map { UInt8(truncatingIfNeeded: count >> (UInt32($0) * 8)) } + bytes
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The path of `python3` on PATH, or nil.
    static let python3: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":")
            .map { "\($0)/python3" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs `python3 -c script argument` and returns its standard output.
    static func runPython(_ script: String, argument: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python3!)
        process.arguments = ["-c", script, argument]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "python3 exited with \(process.terminationStatus)"])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
