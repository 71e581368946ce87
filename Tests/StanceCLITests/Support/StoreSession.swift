import Foundation
import Testing

/// One store in a sandbox, driven through the command line with a clock the test moves forward.
///
/// `recorded_at` comes from `$STANCE_NOW`, and the store refuses a `recorded_at` earlier than
/// the last one, so a test that wants distinct recording moments (for `--as-of`, retractions,
/// corrections) sets `now` before each write and never moves it back. Every run gets `--db`.
struct StoreSession {
    let sandbox: Sandbox
    let db: String
    /// The `$STANCE_NOW` of the next runs.
    var now: String

    init(_ sandbox: Sandbox, db: String = "bolivia.sqlite", now: String = Sandbox.now) {
        self.sandbox = sandbox
        self.db = db
        self.now = now
    }

    /// A session on a new store holding the Bolivia 2019 example, recorded at `Sandbox.now`.
    static func bolivia(_ sandbox: Sandbox, db: String = "bolivia.sqlite") throws -> StoreSession {
        try sandbox.boliviaStore(db)
        return StoreSession(sandbox, db: db)
    }

    @discardableResult
    func run(_ arguments: [String], stdin: Data? = nil) throws -> StanceResult {
        try sandbox.run(["--db", db] + arguments, stdin: stdin, environment: ["STANCE_NOW": now])
    }

    @discardableResult
    func run(_ arguments: String...) throws -> StanceResult {
        try run(arguments)
    }

    /// Runs a command that must succeed silently on standard error, and returns its output.
    @discardableResult
    func ok(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments)
        Expect.success(result, sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs a read command with `--format json` and parses the object it prints.
    func json(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try run(arguments + ["--format", "json"])
        Expect.success(result, sourceLocation: sourceLocation)
        return try JSONHelpers.object(result.stdout)
    }

    /// Every event of the log, as `events --format ndjson` prints them.
    func events() throws -> [[String: Any]] {
        let export = try run("events", "--format", "ndjson")
        guard export.status == 0 else { throw SandboxError("events failed: \(export)") }
        return try JSONHelpers.lines(export.stdout)
    }

    /// The id of the event with this seq.
    func id(ofSeq seq: Int) throws -> String {
        guard let event = try events().first(where: { $0["seq"] as? Int == seq }), let id = event["id"] as? String else {
            throw SandboxError("no event with seq \(seq)")
        }
        return id
    }

    func snapshot() throws -> StoreSnapshot {
        try sandbox.snapshot(db)
    }

    /// Runs a command that must fail with `status` and exactly `message`, and checks that the
    /// store is left exactly as it was.
    func expectRefused(
        _ arguments: [String], _ status: Int32, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try expectRefused([(arguments, status, message)], sourceLocation: sourceLocation)
    }

    /// Runs commands that must each fail with their status and exact message, and checks that
    /// the store is left exactly as it was (one snapshot before and after them all, to save runs).
    func expectRefused(
        _ refusals: [(arguments: [String], status: Int32, message: String)], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try snapshot()
        for refusal in refusals {
            Expect.failure(try run(refusal.arguments), refusal.status, refusal.message, sourceLocation: sourceLocation)
        }
        #expect(try snapshot() == before, "\(refusals.map { "stance " + $0.arguments.joined(separator: " ") }) changed the store",
                sourceLocation: sourceLocation)
    }
}

/// Recording moments for tests that need several, in order; every one is after `Sandbox.now`
/// (when the example is imported) and before `late`, the moment questions are asked at.
enum Moment {
    static let t1 = "2026-01-05T12:00:00Z"
    static let t2 = "2026-01-10T12:00:00Z"
    static let t3 = "2026-01-15T12:00:00Z"
    static let t4 = "2026-01-20T12:00:00Z"
    static let late = "2026-06-01T00:00:00Z"
}

/// Helpers on parsed answers.
enum Answer {
    /// The seqs of a list of EVIDENCE objects.
    static func seqs(_ value: Any?) -> [Int] {
        (value as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int }
    }

    /// `from->to` for each change of a timeline or an answer.
    static func changes(_ value: Any?) -> [String] {
        (value as? [[String: Any]] ?? []).map { "\($0["occurredAt"] ?? "")  \($0["from"] ?? "")->\($0["to"] ?? "")" }
    }

    /// The object without its `asOf` keys (nested answers carry one too), canonical, for
    /// comparing answers across stores.
    static func withoutAsOf(_ text: String) throws -> Data? {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { $0.key != "asOf" }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        return JSONHelpers.canonical(strip(try JSONHelpers.parse(text)))
    }
}
