import Foundation
import Testing

/// The README's correction walk-through, pinned: every command of `CorrectionWalkthrough` and
/// its text output, event ids masked as `<id-N>`, in Fixtures/readme-correction-walkthrough.txt.
/// What the answers mean is checked in `DiffTests`; this test keeps the README honest.
@Suite("The README's correction walk-through")
struct ReadmeCorrectionTests {
    @Test("The walk-through's transcript equals its golden file")
    func transcriptMatchesGolden() throws {
        let walk = try CorrectionWalkthrough()
        try Golden.expect(walk.transcript, matches: "readme-correction-walkthrough.txt")
    }

    @Test("The walk-through tells the story: neutral on the 11th before the correction, calls-for-resignation after")
    func theStory() throws {
        let walk = try CorrectionWalkthrough()
        let blocks = walk.transcript.components(separatedBy: "\n$ stance ")
        func output(of command: String) -> [String] {
            blocks.filter { $0.hasPrefix(command + "\n") }.map { String($0.dropFirst(command.count + 1)) }
        }
        let asked = output(of: "position military --toward morales --on 2019-11-11")
        #expect(asked.count == 2)
        #expect(asked.first?.hasPrefix("Armed Forces of Bolivia (bolivian-armed-forces) toward Evo Morales (morales) on 2019-11-11: neutral\n") == true)
        #expect(asked.last?.hasPrefix("Armed Forces of Bolivia (bolivian-armed-forces) toward Evo Morales (morales) on 2019-11-11: calls-for-resignation\n") == true)
        let asOf = output(of: "position military --toward morales --on 2019-11-11 --as-of @6")
        #expect(asOf == [asked.first ?? ""], "as of @6 the answer is the one given before the correction")
        let corrected = output(of: "correct <id-6> --on 2019-11-12 --reason \"the step back came on 2019-11-12\"")
        #expect(corrected == ["Corrected seq 6: the replacement is seq 7 (id <id-7>), the retraction seq 8.\n"])
        let timeline = output(of: "timeline military --toward morales").first ?? ""
        #expect(timeline.contains("\n  2019-11-10  unknown -> calls-for-resignation\n"))
        #expect(timeline.contains("\n  2019-11-12  calls-for-resignation -> neutral  [reversal]\n"))
        #expect(!timeline.contains("2019-11-11"))
    }
}
