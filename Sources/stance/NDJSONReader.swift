import Foundation

/// Reads NDJSON a chunk at a time and hands out its lines, so that a file of any size is
/// imported in constant memory.
///
/// ```swift
/// let reader = try NDJSONReader(path: "events.ndjson")
/// try reader.forEachLine { line, length in … }
/// ```
final class NDJSONReader {
    private let file: UnsafeMutablePointer<FILE>?
    private let bytes: [UInt8]?
    private let path: String
    private let ownsFile: Bool

    /// How much is read at a time.
    static let chunkBytes = 1 << 20

    /// Opens a file, or standard input for `-`.
    init(path: String) throws {
        self.path = path
        self.bytes = nil
        if path == "-" {
            file = fdopen(STDIN_FILENO, "rb")
            ownsFile = false
            return
        }
        ownsFile = true
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError(.noInput, "No file at \(path) to import.")
        }
        guard !isDirectory.boolValue, let opened = fopen(path, "rb") else {
            throw CLIError(.noInput, "Cannot read \(path); check that it is a readable file.")
        }
        file = opened
    }

    /// Reads lines from bytes already in memory (the demo's embedded example).
    init(bytes: [UInt8]) {
        self.path = "-"
        self.bytes = bytes
        self.file = nil
        self.ownsFile = false
    }

    deinit {
        if let file, ownsFile { fclose(file) }
    }

    /// Calls `body` with each line, without its `\n` (a final line need not end with one),
    /// and its length. A line longer than `limit` bytes is handed over cut to `limit + 1`
    /// bytes, with its full length, so that an overlong line cannot exhaust memory.
    func forEachLine(limit: Int, _ body: (ArraySlice<UInt8>, Int) throws -> Void) throws {
        var carry: [UInt8] = []
        var carryLength = 0
        var first = true
        try forEachChunk { chunk in
            var start = chunk.startIndex
            if first {
                first = false
                // Some editors start UTF-8 files with a byte-order mark; it is not part of the first event.
                if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
            }
            while let newline = chunk[start...].firstIndex(of: 0x0A) {
                let piece = chunk[start..<newline]
                if carryLength == 0 {
                    try body(piece, piece.count)
                } else {
                    carry.append(contentsOf: piece.prefix(max(0, limit + 1 - carry.count)))
                    try body(carry[...], carryLength + piece.count)
                    carry.removeAll(keepingCapacity: true)
                    carryLength = 0
                }
                start = newline + 1
            }
            let rest = chunk[start...]
            carry.append(contentsOf: rest.prefix(max(0, limit + 1 - carry.count)))
            carryLength += rest.count
        }
        if carryLength > 0 { try body(carry[...], carryLength) }
    }

    private func forEachChunk(_ body: ([UInt8]) throws -> Void) throws {
        if let bytes {
            try body(bytes)
            return
        }
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, Self.chunkBytes, file) }
            if count > 0 { try body(Array(buffer[0..<count])) }
            if count < Self.chunkBytes {
                if ferror(file) != 0 {
                    throw CLIError(.noInput, "Cannot read \(path): the read failed part-way; check the file.")
                }
                return
            }
        }
    }
}
