import Foundation
import Testing

/// Golden files under Tests/StanceCLITests/Fixtures, compared byte for byte.
///
/// To rewrite them after a deliberate change of output, run
/// `STANCE_UPDATE_GOLDENS=1 swift test --filter StanceCLITests`, then review the diff.
enum Golden {
    static let folder = StanceBinary.packageRoot.appendingPathComponent("Tests/StanceCLITests/Fixtures", isDirectory: true)

    static func expect(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["STANCE_UPDATE_GOLDENS"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("No golden file \(url.path); run with STANCE_UPDATE_GOLDENS=1 to write it.", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard Array(actual.utf8) != Array(expected.utf8) else { return }
        Issue.record("Output differs from \(name): \(firstDifference(actual, expected))", sourceLocation: sourceLocation)
    }

    /// The first line where the texts differ, with both versions.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, e.count) {
            let left = index < a.count ? String(a[index]) : "<end of output>"
            let right = index < e.count ? String(e[index]) : "<end of golden>"
            if Array(left.utf8) != Array(right.utf8) {
                return "line \(index + 1):\n  actual:   \(left)\n  expected: \(right)"
            }
        }
        return "the texts differ only in bytes that do not show"
    }
}

/// RFC 4180 CSV, read back to check what `events --format csv` writes.
enum CSVReader {
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r" where characters.first == "\n":
                break
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default:
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    /// The records as dictionaries keyed by the header row.
    static func rows(_ text: String) -> [[String: String]] {
        let all = records(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}
