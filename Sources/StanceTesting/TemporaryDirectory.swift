import Foundation

/// A fresh, uniquely named folder under the system's temporary directory, removed with
/// everything in it when the last reference goes away.
///
/// Swift Testing runs tests in parallel, so every test that touches the file system takes
/// its own folder:
///
/// ```swift
/// try withTemporaryDirectory { dir in
///     let store = try SQLiteEventStore.create(at: dir.file("stance.sqlite"), clock: .fixed(0))
/// }
/// ```
public final class TemporaryDirectory: @unchecked Sendable {
    /// The folder's absolute path.
    public let path: String
    private let lock = NSLock()
    private var counter = 0

    /// Creates the folder; `prefix` makes leftovers recognisable if a test process is killed.
    public init(prefix: String = "stance-tests") throws {
        let base = FileManager.default.temporaryDirectory
        let url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString.lowercased())", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The path of `name` inside the folder (the file is not created).
    public func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// A path inside the folder that no earlier call returned, such as `store-3.sqlite`.
    public func uniqueFile(prefix: String = "store", extension ext: String = "sqlite") -> String {
        lock.lock()
        counter += 1
        let n = counter
        lock.unlock()
        return file("\(prefix)-\(n).\(ext)")
    }

    /// The names of the files in the folder, sorted, to check that nothing was created.
    public func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

/// Runs `body` with a fresh temporary folder and removes the folder afterwards, even when
/// `body` throws.
public func withTemporaryDirectory<T>(
    prefix: String = "stance-tests", _ body: (TemporaryDirectory) throws -> T
) throws -> T {
    let directory = try TemporaryDirectory(prefix: prefix)
    return try withExtendedLifetime(directory) { try body(directory) }
}
