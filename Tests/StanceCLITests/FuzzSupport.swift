import Foundation
import StanceDomain
import Testing

/// How the fuzz suites run `stance` and judge each run.
enum FuzzRunner {
    /// A run that takes longer than this is a hang: it is killed and reported.
    static let timeout: TimeInterval = 60

    /// `STANCE_FUZZ_SCALE` multiplies the amount of work (default 1), for a longer run by hand:
    /// `STANCE_FUZZ_SCALE=10 swift test --filter Fuzz`.
    static let scale: Int = {
        let value = ProcessInfo.processInfo.environment["STANCE_FUZZ_SCALE"].flatMap { Int($0) } ?? 1
        return max(1, value)
    }()

    /// Runs `stance` like ``Sandbox/run(_:stdin:environment:)``, but kills it after ``timeout``.
    static func run(_ sandbox: Sandbox, _ arguments: [String], stdin: Data? = nil) throws -> (result: StanceResult, hung: Bool) {
        let running = try sandbox.start(arguments, stdin: stdin)
        let deadline = Date().addingTimeInterval(timeout)
        var hung = false
        while running.process.isRunning {
            if Date() > deadline {
                running.process.terminate()
                hung = true
                break
            }
            usleep(500)
        }
        return (try running.wait(), hung)
    }

    /// What is wrong with a run that should have answered 0 or 65, or nil when nothing is.
    /// A trap or a signal shows as a status outside {0, 65} (the signal's number: 4, 5, 6, 11).
    static func crash(_ result: StanceResult, hung: Bool) -> String? {
        if hung { return "hung for more than \(Int(timeout)) s and was killed" }
        if result.stderr.contains("Fatal error") { return "\"Fatal error\" on standard error (exit \(result.status))" }
        if result.status != 0 && result.status != 65 { return "exit \(result.status), expected 0 or 65" }
        return nil
    }

    /// The line number an import's refusal names (`error: line 12: ...`).
    static func refusedLine(_ result: StanceResult) -> Int? {
        guard result.status == 65, result.stderr.hasPrefix("error: line ") else { return nil }
        return Int(result.stderr.dropFirst("error: line ".count).prefix { $0.isNumber })
    }

    /// How a refusal is worded, without the parts that vary: `field 'toward': no actor …`.
    static func refusalKind(_ result: StanceResult) -> String {
        var text = Substring(result.stderr)
        if text.hasPrefix("error: line "), let colon = text.firstIndex(of: ":").flatMap({ text[text.index(after: $0)...].firstIndex(of: ":") }) {
            text = text[text.index(after: colon)...]
        } else if text.hasPrefix("error:") {
            text = text.dropFirst("error:".count)
        }
        return String(text.drop { $0 == " " }.prefix(28).prefix { $0 != "'" && $0 != "\"" && !$0.isNumber })
    }
}

/// How the line parser alone, in this process, judges a mutated line: nil when every
/// physical line of it would pass `JSON.parse` and `EventLine.parse`, else a class of fault
/// such as `json.duplicateKey` or `line.unknownField`.
enum FuzzClassifier {
    static let knownFields: Set<String> = EventLine.envelopeKeys.union([
        "actor", "toward", "position", "strength", "name", "kind", "aliases", "codes", "in", "role", "until", "retracts",
        "reason", "replacedBy", "replaces", "coversSeq", "head", "digests", "signature", "publicKey", "summary", "quote",
        "source", "confidence",
    ])

    static func fault(_ line: FuzzLine, zone: StoreTimeZone) -> String? {
        for part in line.bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if part.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            if part.count > 1 << 20 { return "line.tooLong" }
            let value: JSON
            do { value = try JSON.parse(part) } catch { return "json.\(error.code)" }
            guard case .object(let object) = value else { return "json.notAnObject" }
            do { _ = try EventLine.parse(object, in: zone) } catch {
                let field = error.field.flatMap { knownFields.contains($0) ? $0 : nil } ?? "other"
                return "line.\(error.code.rawValue).\(field)"
            }
        }
        return nil
    }

    /// Up to `count` indices of `faults` (non-nil entries), taken in turn from each class of
    /// fault so that rare faults are as likely to be chosen as common ones; in order.
    static func stratifiedSample(_ faults: [String?], count: Int) -> [Int] {
        var byClass: [String: [Int]] = [:]
        for (index, fault) in faults.enumerated() {
            if let fault { byClass[fault, default: []].append(index) }
        }
        let classes = byClass.keys.sorted()
        var chosen: [Int] = []
        var round = 0
        while chosen.count < count {
            var added = false
            for name in classes where round < byClass[name]!.count && chosen.count < count {
                chosen.append(byClass[name]![round])
                added = true
            }
            if !added { break }
            round += 1
        }
        return chosen.sorted()
    }
}

/// A failure worth a reproducer: the exact bytes as a Swift expression and what happened.
struct FuzzFinding: CustomStringConvertible {
    var what: String
    var command: String
    var line: FuzzLine
    var result: StanceResult

    var description: String {
        """
        \(what)
          command: \(command)
          line: \(line.summary)
          bytes: \(line.literal.count > 4_000 ? String(line.literal.prefix(4_000)) + " …" : line.literal)
          exit: \(result.status)
          stderr: \(result.stderr.prefix(600))
        """
    }
}
