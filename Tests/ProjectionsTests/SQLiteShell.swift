import Foundation
import Testing

/// The `sqlite3` shell, for tests that edit a store behind stance's back (older schemas,
/// damage).
enum SQLiteShell {
    static let path = "/usr/bin/sqlite3"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs `script` on the store at `db` and expects it to succeed.
    static func run(_ db: String, _ script: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [db, script]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, sourceLocation: sourceLocation)
    }
}
