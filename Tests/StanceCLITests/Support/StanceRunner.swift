import Foundation
import Testing

/// What one run of the `stance` binary did: its exit status and everything it wrote.
struct StanceResult: Sendable, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var stdoutData: Data
    var stderrData: Data

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }

    /// The command, its status and its output, for failure messages.
    var description: String {
        "$ stance \(arguments.joined(separator: " "))\n-> exit \(status)\nstdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))"
    }
}

/// Finds the `stance` executable that `swift build --build-tests` put beside the test bundle.
enum StanceBinary {
    /// `$STANCE_BINARY`, else the first regular executable file named `stance` in a folder
    /// above the test bundle or the test process, else `.build/debug/stance` in the package.
    static let url: URL? = locate()

    private static func locate() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["STANCE_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var starts = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        if let first = CommandLine.arguments.first {
            starts.append(URL(fileURLWithPath: first, relativeTo: cwd))
        }
        starts += Bundle.allBundles.map(\.bundleURL)
        for start in starts {
            var folder = start.standardizedFileURL.absoluteURL
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("stance")
                if isExecutableFile(candidate) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        let fallback = packageRoot.appendingPathComponent(".build/debug/stance")
        return isExecutableFile(fallback) ? fallback : nil
    }

    private static func isExecutableFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// The package's root folder: three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // Support
        .deletingLastPathComponent() // StanceCLITests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent()

    /// The binary, or an error that says how to get one.
    static func require() throws -> URL {
        guard let url else {
            throw SandboxError(
                "No `stance` executable found beside the test bundle (\(Bundle.main.bundleURL.path)) "
                    + "nor at .build/debug/stance: build it with `swift build --build-tests`, "
                    + "or set $STANCE_BINARY to its path.")
        }
        return url
    }
}

struct SandboxError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A temporary folder of its own for one test, where `stance` runs with a fixed clock, a fixed
/// user and an unusual system time zone (answers must not depend on it). Removed on deinit.
final class Sandbox: @unchecked Sendable {
    let directory: URL
    /// The environment every run gets, before the run's own overrides. `$STANCE_DB` is unset.
    var environment: [String: String]
    private let binary: URL

    /// The fixed `$STANCE_NOW` and the `recordedAt` it yields.
    static let now = "2026-01-01T00:00:00Z"
    static let recordedAt = "2026-01-01T00:00:00.000000Z"
    static let user = "cli-tests"

    init() throws {
        binary = try StanceBinary.require()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("stance-cli-tests-\(UUID().uuidString.lowercased())", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        environment = [
            "PATH": "/usr/bin:/bin",
            "HOME": directory.path,
            "LANG": "C.UTF-8",
            "TZ": "Pacific/Kiritimati",
            "STANCE_NOW": Self.now,
            "STANCE_USER": Self.user,
        ]
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Writes a file in the sandbox and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    func read(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name))
    }

    /// Runs `stance` in the sandbox folder and waits for it; with `wrapper`, as the last
    /// arguments of that command (such as `prlimit --fsize=N`), which then runs it.
    @discardableResult
    func run(
        _ arguments: [String], stdin: Data? = nil, environment overrides: [String: String?] = [:], wrapper: [String] = []
    ) throws -> StanceResult {
        try start(arguments, stdin: stdin, environment: overrides, wrapper: wrapper).wait()
    }

    @discardableResult
    func run(_ arguments: String...) throws -> StanceResult {
        try run(arguments)
    }

    /// Starts `stance` without waiting, so that several can run at once. Output goes to
    /// files rather than pipes, so a large answer can never block the child.
    func start(
        _ arguments: [String], stdin: Data? = nil, environment overrides: [String: String?] = [:], wrapper: [String] = []
    ) throws -> RunningStance {
        let runs = directory.appendingPathComponent(".runs", isDirectory: true)
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        let name = UUID().uuidString.lowercased()
        let out = runs.appendingPathComponent("\(name).out")
        let err = runs.appendingPathComponent("\(name).err")
        let input = runs.appendingPathComponent("\(name).in")
        try (stdin ?? Data()).write(to: input)
        try Data().write(to: out)
        try Data().write(to: err)

        var environment = self.environment
        for (key, value) in overrides { environment[key] = value }
        let process = Process()
        if let command = wrapper.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(wrapper.dropFirst()) + [binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.environment = environment
        process.currentDirectoryURL = directory
        let handles = try (FileHandle(forReadingFrom: input), FileHandle(forWritingTo: out), FileHandle(forWritingTo: err))
        process.standardInput = handles.0
        process.standardOutput = handles.1
        process.standardError = handles.2
        try process.run()
        return RunningStance(process: process, arguments: arguments, handles: [handles.0, handles.1, handles.2], files: (input, out, err))
    }
}

/// A `stance` process started by ``Sandbox/start(_:stdin:environment:)``.
struct RunningStance {
    let process: Process
    let arguments: [String]
    let handles: [FileHandle]
    let files: (input: URL, out: URL, err: URL)

    func wait() throws -> StanceResult {
        process.waitUntilExit()
        for handle in handles { try? handle.close() }
        let result = StanceResult(
            arguments: arguments, status: process.terminationStatus,
            stdoutData: try Data(contentsOf: files.out), stderrData: try Data(contentsOf: files.err))
        for file in [files.input, files.out, files.err] { try? FileManager.default.removeItem(at: file) }
        return result
    }
}
