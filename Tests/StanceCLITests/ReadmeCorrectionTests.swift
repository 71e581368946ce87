import Foundation
import Testing

/// The README's "A correction, step by step", run as written: the commands are read from the
/// README's code block, run in a sandbox, their text output pinned in
/// Fixtures/readme-correction-walkthrough.txt (random ids masked), and the output the README
/// shows (`…` standing for what it leaves out) checked against what the commands print.
@Suite("The README's correction walk-through")
struct ReadmeCorrectionTests {
    static let heading = "### A correction, step by step"

    /// One `$ …` line of the block (continuation lines joined) and the output shown under it.
    struct Step {
        var command: String
        var shown: [String]
    }

    /// The steps of the README's walk-through block.
    static func steps() throws -> [Step] {
        let readme = try String(contentsOf: StanceBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: Self.heading),
              let open = readme.range(of: "```text\n", range: section.upperBound..<readme.endIndex),
              let close = readme.range(of: "\n```", range: open.upperBound..<readme.endIndex)
        else { throw SandboxError("README.md has no text block under \"\(Self.heading)\"") }
        var steps: [Step] = []
        var continuing = false
        for line in readme[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(line)
            if continuing {
                line = line.trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("$ ") {
                steps.append(Step(command: "", shown: []))
                line = String(line.dropFirst(2))
            } else {
                steps[steps.count - 1].shown.append(line)
                continue
            }
            continuing = line.hasSuffix("\\")
            steps[steps.count - 1].command += continuing ? String(line.dropLast()) : line
        }
        return steps
    }

    /// Shell words, for the little shell the README uses: double quotes, `# comments`.
    static func words(_ command: String) throws -> [String] {
        var words: [String] = [], word = "", quoted = false, inWord = false
        for character in command {
            if quoted {
                if character == "\"" { quoted = false } else { word.append(character) }
            } else if character == "\"" {
                quoted = true
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else if character == "#" && !inWord {
                break
            } else {
                word.append(character)
                inWord = true
            }
        }
        guard !quoted else { throw SandboxError("unbalanced quotes in: \(command)") }
        if inWord { words.append(word) }
        return words
    }

    /// Runs the README's steps, then the `--explain` question the README quotes after the block.
    static func run() throws -> (transcript: Transcript, steps: [Step]) {
        let steps = try Self.steps()
        let sandbox = try Sandbox()
        var transcript = Transcript(sandbox)
        for step in steps {
            var words = try Self.words(step.command)
            if words.first == "export", words.count == 2, let equals = words[1].firstIndex(of: "=") {
                sandbox.environment[String(words[1][..<equals])] = String(words[1][words[1].index(after: equals)...])
                continue
            }
            var now: String?
            if let first = words.first, first.hasPrefix("STANCE_NOW=") {
                now = String(first.dropFirst("STANCE_NOW=".count))
                words.removeFirst()
            }
            let discard = words.suffix(2) == [">", "/dev/null"]
            if discard { words.removeLast(2) }
            guard words.first == "stance", !words.contains(where: { [">", "|", "<", "&&", ";"].contains($0) }) else {
                throw SandboxError("the README step is not a plain stance command: \(step.command)")
            }
            // Commands without a clock of their own ask after everything was recorded.
            try transcript.run(Array(words.dropFirst()), now: now ?? Sandbox.now, showNow: now != nil, discard: discard)
        }
        try transcript.run(["position", "opposition", "--toward", "morales", "--on", "2019-11-09", "--explain"], now: Sandbox.now)
        return (transcript, steps)
    }

    @Test("The walk-through's commands, run as the README gives them, print what its golden file holds")
    func transcriptMatchesGolden() throws {
        let (transcript, steps) = try Self.run()
        #expect(steps.count >= 8, "the README's walk-through has shrunk: \(steps.map(\.command))")
        try Golden.expect(transcript.text, matches: "readme-correction-walkthrough.txt")
    }

    @Test("Every output the README shows is what the command prints (… standing for what it leaves out)")
    func readmeShowsTheRealOutput() throws {
        let (transcript, steps) = try Self.run()
        let commands = steps.filter { !$0.command.hasPrefix("export ") }
        #expect(transcript.outputs.count == commands.count + 1)
        #expect(commands.filter { !$0.shown.isEmpty }.count >= 5, "the README shows the output of fewer commands than it did")
        for (step, output) in zip(commands, transcript.outputs) {
            guard !step.shown.isEmpty else { continue }
            let actual = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
            #expect(Elided.matches(shown: step.shown, actual: Array(actual)),
                    "README shows for `\(step.command)`:\n\(step.shown.joined(separator: "\n"))\nthe command prints:\n\(output)")
        }
        // The sentence after the block quotes the explanation of seq 17.
        let explanation = try #require(transcript.outputs.last)
        #expect(explanation.contains("-> retracted by #19, recorded 2019-11-13T09:00:00.000000Z (the call followed the OAS report of 10 November)"))
    }

    @Test("The little shell reader splits words and quotes as a shell would")
    func shellWords() throws {
        #expect(try Self.words(#"STANCE_NOW=x stance correct 5e1 --reason "the call, then" # note"#)
                == ["STANCE_NOW=x", "stance", "correct", "5e1", "--reason", "the call, then"])
        #expect(try Self.words(#"stance record --source """#) == ["stance", "record", "--source", ""])
        #expect(throws: SandboxError.self) { try Self.words(#"stance "open"#) }
        #expect(Elided.matches(shown: ["a …", "  …"], actual: ["a b", "c", "d"]))
        #expect(Elided.matches(shown: ["x (id …), y …."], actual: ["x (id 1), y 2."]))
        #expect(!Elided.matches(shown: ["a"], actual: ["a", "b"]))
        #expect(!Elided.matches(shown: ["a…b…a"], actual: ["ab"]))
    }
}
