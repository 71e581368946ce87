import Foundation

/// Where `chart` and `report` write: a file, written whole or not at all, or standard output.
///
/// The path is checked before any work is done, so a typo in a folder name fails at once rather
/// than after a replay; the file is written to a temporary name beside it and renamed, so a
/// failure never leaves half a chart behind.
struct OutputFile {
    /// The file, or nil for standard output.
    let path: String?

    init(_ path: String?) throws {
        self.path = path
        guard let path else { return }
        if path.isEmpty { throw CLIError(.usage, "--output needs a file name.") }
        // The folder as the user wrote it, so the message names what they typed.
        let written = (path as NSString).deletingLastPathComponent
        let folder = written.isEmpty ? "." : written
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
        guard let path else {
            StandardOutput.write(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError(.failure, "Cannot write \(path); check that its folder exists and is writable.")
        }
    }
}
