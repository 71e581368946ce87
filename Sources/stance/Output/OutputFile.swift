import Foundation

/// Where `chart` and `report` write: a file, written whole or not at all, or standard output.
///
/// The path is checked before any work is done, so a typo in a folder name fails at once rather
/// than after a replay. The text goes to a temporary file beside the target, in pieces (a report
/// of every actor of a large store runs to hundreds of megabytes, which need not sit in memory
/// at once), and is renamed into place at the end, so a failure never leaves half a file.
struct OutputFile {
    /// The file, or nil for standard output.
    let path: String?
    /// The folder as the user wrote it, so that messages name what they typed.
    private let folder: String

    init(_ path: String?) throws {
        self.path = path
        let written = path.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        folder = written.isEmpty ? "." : written
        guard let path else { return }
        if path.isEmpty { throw CLIError(.usage, "--output needs a file name.") }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw CLIError(.failure, "Cannot write \(path): it is a folder.")
        }
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CLIError(.failure, "Cannot write \(path): there is no folder \(folder).")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw CLIError(.failure, "Cannot write \(path): the folder \(folder) is not writable.")
        }
    }

    /// The extension of the file, lowercased, for guessing a format ("" for standard output).
    var pathExtension: String {
        path.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
    }

    func write(_ text: String) throws {
        try write { emit in try emit(text) }
    }

    /// Writes what `produce` emits, piece by piece.
    func write(_ produce: (_ emit: (String) throws -> Void) throws -> Void) throws {
        guard let path else {
            try produce { StandardOutput.write($0) }
            return
        }
        let name = (path as NSString).lastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
        let failed = CLIError(.failure, "Cannot write \(path); check that its folder exists and is writable.")
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else { throw failed }
        do {
            var buffer: [UInt8] = []
            try produce { piece in
                buffer.append(contentsOf: piece.utf8)
                if buffer.count >= 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: buffer)
            try handle.close()
            // rename(2) replaces the target in one step: readers see the old file or the new one.
            guard rename(temporary, path) == 0 else { throw failed }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error is CLIError ? error : failed
        }
    }
}
