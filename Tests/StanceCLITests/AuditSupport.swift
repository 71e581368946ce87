import Foundation
import Testing

/// The store file opened directly, as someone with write access to it would: `sqlite3` for
/// edits and `python3` (standard library only) to compute hashes by the README's encoding.
/// Nothing here uses stance's own code, so the audit is checked against an independent party.
enum RawStore {
    static let sqlite3 = "/usr/bin/sqlite3"
    static let python3: String? = ["/usr/bin/python3", "/usr/local/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var hasSQLite: Bool { FileManager.default.isExecutableFile(atPath: sqlite3) }
    static var hasPython: Bool { python3 != nil }

    /// Runs a tool to completion and returns its standard output; a non-zero exit throws.
    @discardableResult
    static func tool(_ path: String, _ arguments: [String], stdin: String = "") throws -> String {
        let run = try execute(path, arguments, stdin: stdin)
        guard run.status == 0 else {
            throw SandboxError("\(path) \(arguments.prefix(2).joined(separator: " ")) exited \(run.status): \(run.stdout)\(run.stderr)")
        }
        return run.stdout
    }

    /// Runs a tool to completion; output goes through files, so it can never block.
    static func execute(_ path: String, _ arguments: [String], stdin: String = "") throws -> (status: Int32, stdout: String, stderr: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stance-raw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (input, out, err) = (folder.appendingPathComponent("in"), folder.appendingPathComponent("out"), folder.appendingPathComponent("err"))
        try Data(stdin.utf8).write(to: input)
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let handles = try (FileHandle(forReadingFrom: input), FileHandle(forWritingTo: out), FileHandle(forWritingTo: err))
        defer { for handle in [handles.0, handles.1, handles.2] { try? handle.close() } }
        process.standardInput = handles.0
        process.standardOutput = handles.1
        process.standardError = handles.2
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self),
                String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// Runs SQL on the store; `-bail` stops at the first error, which then throws.
    @discardableResult
    static func sql(_ db: String, _ script: String) throws -> String {
        try tool(sqlite3, ["-bail", db], stdin: script)
    }

    /// The rows of a query, as JSON objects.
    static func query(_ db: String, _ select: String) throws -> [[String: Any]] {
        let text = try tool(sqlite3, ["-json", db, select])
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? [] : try JSONHelpers.array(text)
    }

    /// The triggers on the events table, by name, with their SQL as stored.
    static func eventTriggers(_ db: String) throws -> [(name: String, sql: String)] {
        try query(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events' ORDER BY name")
            .map { ($0["name"] as? String ?? "", $0["sql"] as? String ?? "") }
    }

    /// Runs `edit` with the events table's triggers dropped, then puts them back with their
    /// exact SQL, so that the audit's findings are those the edit itself leaves in the rows.
    static func tamper(_ db: String, _ edit: () throws -> Void) throws {
        let triggers = try eventTriggers(db)
        guard triggers.count == 3 else { throw SandboxError("expected 3 triggers on events, found \(triggers.map(\.name))") }
        try sql(db, triggers.map { "DROP TRIGGER \($0.name);" }.joined(separator: "\n"))
        try edit()
        try sql(db, triggers.map { $0.sql + ";" }.joined(separator: "\n"))
    }

    /// Runs `script` in one transaction with the named triggers dropped, and makes them again
    /// with their exact SQL before the commit: a careful forger's edit of derived tables.
    static func tamper(_ db: String, droppingTriggers names: [String], sql script: String) throws {
        let triggers = try query(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            .map { ($0["name"] as? String ?? "", $0["sql"] as? String ?? "") }
            .filter { names.contains($0.0) }
        guard triggers.count == names.count else { throw SandboxError("expected triggers \(names), found \(triggers.map(\.0))") }
        try sql(db, "BEGIN;\n" + triggers.map { "DROP TRIGGER \($0.0);" }.joined(separator: "\n") + "\n\(script)\n"
            + triggers.map { $0.1 + ";" }.joined(separator: "\n") + "\nCOMMIT;")
    }

    /// `tamper` with one SQL script as the edit.
    static func tamper(_ db: String, sql script: String) throws {
        try tamper(db) { try sql(db, "BEGIN;\n\(script)\nCOMMIT;") }
    }

    /// The hash chain by the README's encoding, in Python's standard library alone.
    static let chainPython = """
        import hashlib, sqlite3, struct, sys
        def i64(n): return struct.pack(">q", n)
        def s(v):
            b = v.encode("utf-8") if isinstance(v, str) else bytes(v)
            return struct.pack(">I", len(b)) + b
        def row_hash(prev, r):
            return hashlib.sha256(bytes(prev) + i64(r[0]) + s(r[1]) + s(r[2]) + i64(r[3]) + s(r[4]) + i64(r[5])
                + i64(r[6]) + s(r[7]) + i64(r[8]) + s(r[9]) + s(r[10])).digest()
        COLS = "seq, id, stream, stream_version, type, schema_version, occurred_at, precision, recorded_at, payload, metadata"
        db = sqlite3.connect(sys.argv[1])
        db.text_factory = bytes

        """

    /// Sets `prev_hash` to the hash of the row before and recomputes `hash`, for each row from
    /// `first` to `last` in order: a forger's repair of the chain from `first` on.
    static func rechain(_ db: String, from first: Int, through last: Int) throws {
        try python(chainPython + """
            for seq in range(int(sys.argv[2]), int(sys.argv[3]) + 1):
                before = db.execute("SELECT hash FROM events WHERE seq < ? ORDER BY seq DESC LIMIT 1", (seq,)).fetchone()
                prev = bytes(before[0]) if before else bytes(32)
                row = db.execute(f"SELECT {COLS} FROM events WHERE seq = ?", (seq,)).fetchone()
                db.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, row_hash(prev, row), seq))
            db.commit()
            """, [db, String(first), String(last)])
    }

    /// Appends a row the way the store would (next seq, linked, correctly hashed, the last
    /// `recorded_at`), so that the insert trigger accepts it: an event a newer stance could write.
    @discardableResult
    static func appendRaw(_ db: String, id: String, type: String, schemaVersion: Int = 1, stream: String, payload: String) throws -> Int {
        let output = try python(chainPython + """
            last = db.execute(f"SELECT {COLS}, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
            version = db.execute("SELECT IFNULL(MAX(stream_version), 0) + 1 FROM events WHERE stream = ?", (sys.argv[4],)).fetchone()[0]
            row = (last[0] + 1, sys.argv[2], sys.argv[4], version, sys.argv[3], int(sys.argv[6]), last[6], b"day", last[8], sys.argv[5], b'{"recordedBy":"a newer stance"}')
            db.execute(f"INSERT INTO events ({COLS}, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       tuple(v.decode() if isinstance(v, bytes) else v for v in row) + (bytes(last[11]), row_hash(last[11], row)))
            db.commit()
            print(row[0])
            """, [db, id, type, stream, payload, String(schemaVersion)])
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @discardableResult
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        guard let python3 else { throw SandboxError("python3 is not installed") }
        return try tool(python3, ["-c", script] + arguments)
    }
}

/// `stance audit --format json`, read back.
struct AuditReport: CustomStringConvertible {
    let result: StanceResult
    let json: [String: Any]

    var clean: Bool? { json["clean"] as? Bool }
    var summary: [String: Any] { json["summary"] as? [String: Any] ?? [:] }
    var findingObjects: [[String: Any]] { json["findings"] as? [[String: Any]] ?? [] }
    /// Each finding as `SEQ:CHECK` (`store:CHECK` for the store as a whole), in the order printed.
    var findings: [String] {
        findingObjects.map { "\(($0["seq"] as? Int).map(String.init) ?? "store"):\($0["check"] as? String ?? "?")" }
    }
    var digests: [String: String] { summary["digests"] as? [String: String] ?? [:] }
    var description: String { result.description }
}

extension Sandbox {
    /// Runs `stance audit --format json` on `db` with `extra` options.
    func audit(_ db: String, _ extra: [String] = []) throws -> AuditReport {
        let result = try run(["--db", db, "audit", "--format", "json"] + extra)
        return AuditReport(result: result, json: (try? JSONHelpers.object(result.stdout)) ?? [:])
    }

    /// The head `stance info` reports, as `SEQ:HASH`.
    func head(_ db: String) throws -> String {
        let snapshot = try snapshot(db)
        return "\(snapshot.headSeq):\(snapshot.headHash)"
    }

    /// The digests `stance replay --format json` prints.
    func replayDigests(_ db: String, _ extra: [String] = []) throws -> [String: String] {
        let result = try run(["--db", db, "replay", "--format", "json"] + extra)
        guard result.status == 0 else { throw SandboxError("replay failed: \(result)") }
        return try JSONHelpers.object(result.stdout)["digests"] as? [String: String] ?? [:]
    }
}
