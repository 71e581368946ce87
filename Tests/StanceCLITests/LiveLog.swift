import Foundation

/// Leaves a store with a write-ahead log that still holds commits, as a crash or a reader that
/// never closed would: Python's sqlite3 keeps a connection open while `body` writes, so the
/// writer's close cannot checkpoint the log away, and is then killed without closing.
enum LiveLog {
    static let holder = """
        import os, sqlite3, sys, time
        connection = sqlite3.connect(sys.argv[1])
        connection.execute("SELECT count(*) FROM events").fetchone()
        open(sys.argv[2], "w").close()
        time.sleep(60)
        """

    static func leave(in sandbox: Sandbox, db: String, _ body: () throws -> Void) throws {
        guard let python3 = RawStore.python3 else { throw SandboxError("python3 is not installed") }
        let ready = sandbox.path("holder-ready")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python3)
        process.arguments = ["-c", holder, sandbox.path(db), ready]
        try process.run()
        defer {
            // SIGKILL: the connection must not be closed, or SQLite would checkpoint the log.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: ready)
        }
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: ready) {
            guard Date() < deadline, process.isRunning else { throw SandboxError("the python3 holder did not open \(db)") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        try body()
    }
}
