import Foundation
import Testing

/// The correction walk-through, as a user would type it (the README's walk-through shows the same
/// commands): the README's store up to Kaliman's call for resignation, then the military's step
/// back recorded on a wrong day (11 November), then corrected to the right one, and the
/// questions that show what changed. `DiffTests` checks what the answers mean;
/// `ReadmeCorrectionTests` pins the whole transcript.
///
/// The store is `$STANCE_DB` (bolivia.sqlite) so the commands read as in the README, and each
/// write happens at its own `$STANCE_NOW`, so that the record has three distinct moments:
/// the setup (seq 1-5), the wrong day (seq 6), the correction (seq 7-8).
struct CorrectionWalkthrough {
    let sandbox: Sandbox
    /// Every command and its output, with event ids replaced by `<id-1>`, `<id-2>`… in order of
    /// first appearance (ids are random UUIDs).
    private(set) var transcript = ""
    private var names: [String: String] = [:]
    /// The id `record` gave the step back on the wrong day, and the id of the replacement.
    private(set) var wrongDayID = ""
    private(set) var replacementID = ""

    static let setupTime = "2026-01-01T00:00:00Z"
    static let wrongDayTime = "2026-01-02T09:00:00Z"
    static let correctionTime = "2026-01-05T14:30:00Z"

    /// Runs the walk-through, correcting the step back to `correctedDay`.
    init(correctedDay: String = "2019-11-12") throws {
        sandbox = try Sandbox()
        sandbox.environment["STANCE_DB"] = "bolivia.sqlite"
        var now = Self.setupTime
        try run(now, "init", "--timezone", "America/La_Paz")
        try run(now, "actor", "add", "morales", "--name", "Evo Morales", "--kind", "person", "--alias", "Evo Morales")
        try run(now, "actor", "add", "bolivian-armed-forces", "--name", "Armed Forces of Bolivia", "--kind", "institution",
                "--alias", "military", "--code", "BOLMIL")
        try run(now, "actor", "add", "kaliman", "--name", "Williams Kaliman", "--kind", "person", "--alias", "General Kaliman")
        try run(now, "actor", "role", "kaliman", "--in", "military", "--role", "commander", "--from", "2018-12-24")
        try run(now, "record", "resignation-called-for", "--actor", "General Kaliman", "--toward", "morales",
                "--on", "2019-11-10", "--strength", "suggested",
                "--quote", "the military issued a statement suggesting that Morales resign", "--source", "https://example.org/bolivia-2019")

        now = Self.wrongDayTime
        let recorded = try run(now, "record", "resignation-call-withdrawn", "--actor", "kaliman", "--toward", "morales",
                               "--on", "2019-11-11", "--source", "wire report")
        wrongDayID = try Self.firstID(in: recorded.stdout)
        try run(now, "position", "military", "--toward", "morales", "--on", "2019-11-11")

        now = Self.correctionTime
        let corrected = try run(now, "correct", wrongDayID, "--on", correctedDay, "--reason", "the step back came on \(correctedDay)")
        replacementID = try Self.firstID(in: corrected.stdout)
        try run(now, "position", "military", "--toward", "morales", "--on", "2019-11-11")
        try run(now, "position", "military", "--toward", "morales", "--on", "2019-11-11", "--as-of", "@6")
        try run(now, "timeline", "military", "--toward", "morales")
        try run(now, "diff", "military", "--toward", "morales", "--from-as-of", "@6", "--to-as-of", "@8")
        try run(now, "position", "military", "--toward", "morales", "--on", correctedDay, "--explain")
    }

    /// A session on the walk-through's store, asking at a moment after the correction.
    var session: StoreSession {
        StoreSession(sandbox, db: "bolivia.sqlite", now: Moment.late)
    }

    /// Runs one command at `now`; it must succeed with nothing on standard error.
    @discardableResult
    private mutating func run(_ now: String, _ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> StanceResult {
        let result = try sandbox.run(arguments, environment: ["STANCE_NOW": now])
        Expect.success(result, sourceLocation: sourceLocation)
        if !transcript.isEmpty { transcript += "\n" }
        transcript += mask("$ stance " + arguments.map(Self.quoted).joined(separator: " ") + "\n")
        transcript += mask(result.stdout)
        return result
    }

    private static func quoted(_ argument: String) -> String {
        argument.contains(where: { " \"'$`\\".contains($0) }) ? "\"" + argument + "\"" : argument
    }

    private static var uuid: Regex<AnyRegexOutput> { try! Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}") }

    static func firstID(in text: String) throws -> String {
        guard let match = text.firstMatch(of: uuid) else { throw SandboxError("no id in: \(text)") }
        return String(text[match.range])
    }

    private mutating func mask(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let match = rest.firstMatch(of: Self.uuid) {
            result += rest[..<match.range.lowerBound]
            let id = String(rest[match.range])
            if names[id] == nil { names[id] = "<id-\(names.count + 1)>" }
            result += names[id]!
            rest = rest[match.range.upperBound...]
        }
        return result + rest
    }
}
