import Foundation
import Testing

/// Commands run one after another in a sandbox, written down as a user would see them:
/// `$ stance ARGS` (with `STANCE_NOW=… ` in front when the command sets the clock), then its
/// standard output. Event ids the store made up are random, so they are written `<id-1>`,
/// `<id-2>`… in order of first appearance; ids typed in a command before any output showed
/// them (`record --id`, the example's) are kept.
struct Transcript {
    let sandbox: Sandbox
    private(set) var text = ""
    /// The raw output of every command, in order, ids unmasked.
    private(set) var outputs: [String] = []
    private var names: [String: String] = [:]
    private var kept: Set<String> = []

    init(_ sandbox: Sandbox) {
        self.sandbox = sandbox
    }

    /// Runs `stance ARGS` at `now`; it must succeed with nothing on standard error.
    /// - Parameters:
    ///   - showNow: write `STANCE_NOW=now` in front of the command, as a README would.
    ///   - discard: write `> /dev/null` after it and no output.
    @discardableResult
    mutating func run(
        _ arguments: [String], now: String, showNow: Bool = false, discard: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> StanceResult {
        let result = try sandbox.run(arguments, environment: ["STANCE_NOW": now])
        Expect.success(result, sourceLocation: sourceLocation)
        var command = (showNow ? "STANCE_NOW=\(now) " : "") + "stance " + arguments.map(Self.quoted).joined(separator: " ")
        if discard { command += " > /dev/null" }
        for id in Self.ids(in: command) where names[id] == nil { kept.insert(id) }
        if !text.isEmpty { text += "\n" }
        text += "$ " + mask(command) + "\n"
        if !discard { text += mask(result.stdout) }
        outputs.append(result.stdout)
        return result
    }

    /// An argument as a shell user types it: in double quotes when it holds a space or a
    /// character the shell would read.
    static func quoted(_ argument: String) -> String {
        argument.isEmpty || argument.contains(where: { " \"'$`\\#&;|<>()*?".contains($0) }) ? "\"" + argument + "\"" : argument
    }

    private static var uuid: Regex<AnyRegexOutput> {
        try! Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    }

    static func ids(in text: String) -> [String] {
        text.matches(of: uuid).map { String(text[$0.range]) }
    }

    static func firstID(in text: String) throws -> String {
        guard let id = ids(in: text).first else { throw SandboxError("no id in: \(text)") }
        return id
    }

    private mutating func mask(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let match = rest.firstMatch(of: Self.uuid) {
            result += rest[..<match.range.lowerBound]
            let id = String(rest[match.range])
            if kept.contains(id) {
                result += id
            } else {
                if names[id] == nil { names[id] = "<id-\(names.count + 1)>" }
                result += names[id]!
            }
            rest = rest[match.range.upperBound...]
        }
        return result + rest
    }
}

/// Matching text shown in documentation, where `…` stands for anything: a line holding only
/// `…` for any number of lines, and `…` within a line for any characters.
enum Elided {
    static func matches(shown: [String], actual: [String]) -> Bool {
        guard let first = shown.first else { return actual.isEmpty }
        let rest = Array(shown.dropFirst())
        if first.trimmingCharacters(in: .whitespaces) == "…" {
            return (0...actual.count).contains { matches(shown: rest, actual: Array(actual.dropFirst($0))) }
        }
        guard let line = actual.first, matches(line: first, actual: line) else { return false }
        return matches(shown: rest, actual: Array(actual.dropFirst()))
    }

    static func matches(line pattern: String, actual: String) -> Bool {
        let parts = pattern.components(separatedBy: "…")
        guard parts.count > 1 else { return pattern == actual }
        guard actual.hasPrefix(parts[0]), actual.hasSuffix(parts[parts.count - 1]),
              actual.count >= parts[0].count + parts[parts.count - 1].count else { return false }
        var rest = actual.dropFirst(parts[0].count).dropLast(parts[parts.count - 1].count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
