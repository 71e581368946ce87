import Foundation
import Testing

/// What a store holds, as seen from outside: `info`'s count and chain head, the full NDJSON
/// export and the bytes of the .sqlite file. Two equal snapshots mean nothing was written.
///
/// Every `stance` process closes its connection before it exits, so SQLite has checkpointed
/// the WAL back into the main file by the time a snapshot is taken; the export and the head
/// are the robust part, the bytes a stricter extra check.
struct StoreSnapshot: Equatable, CustomStringConvertible {
    var events: Int
    var headSeq: Int
    var headHash: String
    var ndjson: String
    var fileBytes: Data

    var description: String {
        "\(events) events, head seq \(headSeq) \(headHash), \(fileBytes.count) bytes on disk"
    }
}

extension Sandbox {
    /// Takes a snapshot of the store at `db` (a path relative to the sandbox).
    func snapshot(_ db: String) throws -> StoreSnapshot {
        let info = try run(["--db", db, "info", "--format", "json"])
        guard info.status == 0 else { throw SandboxError("info failed: \(info)") }
        let object = try JSONHelpers.object(info.stdout)
        guard let events = object["events"] as? Int,
              let head = object["head"] as? [String: Any],
              let headSeq = head["seq"] as? Int,
              let headHash = head["hash"] as? String
        else { throw SandboxError("unexpected info JSON: \(info.stdout)") }
        let export = try run(["--db", db, "events", "--format", "ndjson"])
        guard export.status == 0 else { throw SandboxError("events failed: \(export)") }
        return StoreSnapshot(
            events: events, headSeq: headSeq, headHash: headHash, ndjson: export.stdout, fileBytes: try read(db))
    }

    /// Creates a store at `db` in `timezone` and imports the NDJSON text into it.
    func store(_ db: String, timezone: String = "UTC", importing ndjson: String? = nil) throws {
        let created = try run(["--db", db, "init", "--timezone", timezone])
        guard created.status == 0 else { throw SandboxError("init failed: \(created)") }
        if let ndjson {
            let imported = try run(["--db", db, "import", "-"], stdin: Data(ndjson.utf8))
            guard imported.status == 0 else { throw SandboxError("import failed: \(imported)") }
        }
    }

    /// A store at `db` holding the Bolivia 2019 example, in the example's time zone.
    func boliviaStore(_ db: String = "bolivia.sqlite") throws {
        try store(db, timezone: "America/La_Paz")
        let imported = try run(["--db", db, "import", BoliviaExample.path])
        guard imported.status == 0, imported.stdout == "Imported 16 events (seq 1-16).\n" else {
            throw SandboxError("importing the example failed: \(imported)")
        }
    }
}

enum BoliviaExample {
    static let path = StanceBinary.packageRoot.appendingPathComponent("examples/bolivia-2019.ndjson").path

    /// The example's fixed event ids: `b0119a00-2019-4000-8000-0000000000NN`.
    static func id(_ seq: Int) -> String {
        "b0119a00-2019-4000-8000-" + String(format: "%012d", seq)
    }
}

/// Checks with messages that show the command and its output.
enum Expect {
    static func status(
        _ result: StanceResult, _ status: Int32, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
    }

    static func success(_ result: StanceResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr == "", "\(result)", sourceLocation: sourceLocation)
    }

    /// A failure with exactly this one-line message on standard error and nothing on standard output.
    static func failure(
        _ result: StanceResult, _ status: Int32, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr == message + "\n", "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout == "", "\(result)", sourceLocation: sourceLocation)
    }

    /// Byte-for-byte equality, for text where Unicode normalisation must not hide a change.
    static func sameBytes(
        _ actual: String?, _ expected: String, _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.map { Array($0.utf8) } == Array(expected.utf8), "\(comment): \(String(reflecting: actual)) != \(String(reflecting: expected))", sourceLocation: sourceLocation)
    }

    /// Byte-for-byte equality of long outputs, reporting the first line that differs.
    static func sameOutput(
        _ actual: String, _ expected: String, _ comment: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard Array(actual.utf8) != Array(expected.utf8) else { return }
        Issue.record("\(comment): \(Golden.firstDifference(actual, expected))", sourceLocation: sourceLocation)
    }
}

enum JSONHelpers {
    static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    static func object(_ text: String) throws -> [String: Any] {
        guard let object = try parse(text) as? [String: Any] else { throw SandboxError("not a JSON object: \(text.prefix(300))") }
        return object
    }

    static func array(_ text: String) throws -> [[String: Any]] {
        guard let array = try parse(text) as? [[String: Any]] else { throw SandboxError("not a JSON array of objects: \(text.prefix(300))") }
        return array
    }

    /// One object per non-empty line.
    static func lines(_ ndjson: String) throws -> [[String: Any]] {
        try ndjson.split(separator: "\n").map { try object(String($0)) }
    }

    /// Equality of parsed JSON values: the same canonical serialization, keys sorted.
    static func equal(_ lhs: Any, _ rhs: Any) -> Bool {
        canonical(lhs) != nil && canonical(lhs) == canonical(rhs)
    }

    static func canonical(_ value: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    }
}
