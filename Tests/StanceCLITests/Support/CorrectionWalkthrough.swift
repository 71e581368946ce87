import Foundation
import Testing

/// The military's correction walk-through, as a user would type it: the README's first
/// walk-through up to Kaliman's call for resignation, then the military's step back recorded on
/// a wrong day (11 November), then corrected to the right one, and the questions that show what
/// changed. `DiffTests` checks what its answers mean and pins its transcript.
///
/// The store is `$STANCE_DB` (bolivia.sqlite), and each write happens at its own `$STANCE_NOW`,
/// so that the record has three distinct moments: the setup (seq 1-5), the wrong day (seq 6),
/// the correction (seq 7-8).
struct CorrectionWalkthrough {
    let sandbox: Sandbox
    /// Every command and its output, ids masked (see `Transcript`).
    let transcript: String
    /// The id `record` gave the step back on the wrong day, and the id of the replacement.
    let wrongDayID: String
    let replacementID: String

    static let setupTime = "2026-01-01T00:00:00Z"
    static let wrongDayTime = "2026-01-02T09:00:00Z"
    static let correctionTime = "2026-01-05T14:30:00Z"

    /// Runs the walk-through, correcting the step back to `correctedDay`; with `questions`, the
    /// questions after the correction too (only the transcript needs them).
    init(correctedDay: String = "2019-11-12", questions: Bool = false) throws {
        sandbox = try Sandbox()
        sandbox.environment["STANCE_DB"] = "bolivia.sqlite"
        var log = Transcript(sandbox)
        var now = Self.setupTime
        try log.run(["init", "--timezone", "America/La_Paz"], now: now)
        try log.run(["actor", "add", "morales", "--name", "Evo Morales", "--kind", "person", "--alias", "Evo Morales"], now: now)
        try log.run(["actor", "add", "bolivian-armed-forces", "--name", "Armed Forces of Bolivia", "--kind", "institution",
                     "--alias", "military", "--code", "BOLMIL"], now: now)
        try log.run(["actor", "add", "kaliman", "--name", "Williams Kaliman", "--kind", "person", "--alias", "General Kaliman"], now: now)
        try log.run(["actor", "role", "kaliman", "--in", "military", "--role", "commander", "--from", "2018-12-24"], now: now)
        try log.run(["record", "resignation-called-for", "--actor", "General Kaliman", "--toward", "morales",
                     "--on", "2019-11-10", "--strength", "suggested",
                     "--quote", "the military issued a statement suggesting that Morales resign", "--source", "https://example.org/bolivia-2019"], now: now)

        now = Self.wrongDayTime
        let recorded = try log.run(["record", "resignation-call-withdrawn", "--actor", "kaliman", "--toward", "morales",
                                    "--on", "2019-11-11", "--source", "wire report"], now: now)
        wrongDayID = try Transcript.firstID(in: recorded.stdout)
        if questions { try log.run(["position", "military", "--toward", "morales", "--on", "2019-11-11"], now: now) }

        now = Self.correctionTime
        let corrected = try log.run(["correct", wrongDayID, "--on", correctedDay, "--reason", "the step back came on \(correctedDay)"], now: now)
        replacementID = try Transcript.firstID(in: corrected.stdout)
        if questions {
            try log.run(["position", "military", "--toward", "morales", "--on", "2019-11-11"], now: now)
            try log.run(["position", "military", "--toward", "morales", "--on", "2019-11-11", "--as-of", "@6"], now: now)
            try log.run(["timeline", "military", "--toward", "morales"], now: now)
            try log.run(["diff", "military", "--toward", "morales", "--from-as-of", "@6", "--to-as-of", "@8"], now: now)
            try log.run(["position", "military", "--toward", "morales", "--on", correctedDay, "--explain"], now: now)
        }
        transcript = log.text
    }

    /// A session on the walk-through's store, asking at a moment after the correction.
    var session: StoreSession {
        StoreSession(sandbox, db: "bolivia.sqlite", now: Moment.late)
    }
}
