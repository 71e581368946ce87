import Foundation
import Testing

/// `stance replay`: the projections' digests, the same as the audit's, the same on a copy made
/// from the export, the same `--until N` as on a store holding only the first N events, and no
/// progress bar when the output is not a terminal.
@Suite("Replay")
struct ReplayTests {
    /// The Bolivia example plus a correction (seq 17 and 18) and a retraction (seq 19), so that
    /// every digest has something in it.
    private func richStore(_ sandbox: Sandbox) throws {
        try sandbox.boliviaStore("b.sqlite")
        Expect.success(try sandbox.run("--db", "b.sqlite", "correct", BoliviaExample.id(11), "--on", "2019-11-11", "--reason", "the call came a day later"))
        Expect.success(try sandbox.run("--db", "b.sqlite", "retract", BoliviaExample.id(10), "--reason", "no source for the date"))
    }

    private static let names = ["directory", "positions", "retractions"]

    @Test("replay prints the audit's digests, and a store imported from the export replays the same")
    func sameDigestsEverywhere() throws {
        let sandbox = try Sandbox()
        try richStore(sandbox)
        let text = try sandbox.run("--db", "b.sqlite", "replay")
        Expect.success(text)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(text)")
        #expect(lines.first?.hasPrefix("Replayed 19 event(s) in ") == true, "\(text)")
        var printed: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if parts.count == 2 { printed[parts[0]] = parts[1] }
        }
        #expect(Array(printed.keys).sorted() == Self.names, "\(text)")
        #expect(printed.values.allSatisfy { $0.count == 64 })
        #expect(Set(printed.values).count == 3, "each projection has its own state: \(printed)")

        let json = try sandbox.run("--db", "b.sqlite", "replay", "--format", "json")
        Expect.success(json)
        let object = try JSONHelpers.object(json.stdout)
        #expect(object["events"] as? Int == 19 && object["until"] is NSNull && (object["skipped"] as? [Any])?.isEmpty == true, "\(json)")
        #expect(object["digests"] as? [String: String] == printed)
        #expect(try sandbox.audit("b.sqlite").digests == printed)

        let export = try sandbox.run("--db", "b.sqlite", "events", "--format", "ndjson")
        Expect.success(export)
        try sandbox.store("copy.sqlite", timezone: "America/La_Paz", importing: export.stdout)
        #expect(try sandbox.replayDigests("copy.sqlite") == printed)
        let copy = try sandbox.audit("copy.sqlite")
        #expect(copy.result.status == 0 && copy.digests == printed, "\(copy)")
        // The copy's chain is its own (a new import batch), its state the same.
        #expect(copy.summary["head"] as? String != (try sandbox.head("b.sqlite")))
    }

    @Test("replay --until N gives the digests of a store holding only the first N events")
    func untilEqualsPrefix() throws {
        let sandbox = try Sandbox()
        try richStore(sandbox)
        let export = try sandbox.run("--db", "b.sqlite", "events", "--format", "ndjson").stdout
            .split(separator: "\n").map(String.init)
        #expect(export.count == 19)
        var seen: Set<[String: String]> = []
        for n in [1, 4, 9, 12, 16, 17, 18, 19] {
            let until = try sandbox.run("--db", "b.sqlite", "replay", "--until", String(n), "--format", "json")
            Expect.success(until)
            let object = try JSONHelpers.object(until.stdout)
            #expect(object["until"] as? Int == n && object["events"] as? Int == n, "\(until)")
            let digests = object["digests"] as? [String: String] ?? [:]
            // A fresh store importing the first N lines, where they make a whole batch (a
            // correction's copy is refused without its retraction)...
            if n != 17 {
                let prefix = "prefix\(n).sqlite"
                try sandbox.store(prefix, timezone: "America/La_Paz", importing: export.prefix(n).joined(separator: "\n") + "\n")
                #expect(try sandbox.replayDigests(prefix) == digests, "replay --until \(n) and an import of \(n) lines")
            }
            // ...and the store itself cut after seq N (which, with its index cut too and no head
            // published, no audit can tell).
            if RawStore.hasSQLite {
                let cut = "cut\(n).sqlite"
                try FileManager.default.copyItem(atPath: sandbox.path("b.sqlite"), toPath: sandbox.path(cut))
                try RawStore.tamper(sandbox.path(cut), sql: "DELETE FROM events WHERE seq > \(n);")
                #expect(try sandbox.replayDigests(cut) == digests, "replay --until \(n) and the store cut after \(n)")
                // The key index still lists the events cut off, and their clustered copies
                // outlive them, so the audit notices...
                let copied = try RawStore.query(sandbox.path(cut), "SELECT count(*) AS n FROM clustered_events WHERE seq > \(n)")
                let copiesCut = (copied.first?["n"] as? Int ?? 0) > 0
                let noticed = try sandbox.audit(cut)
                let expected = (n == 19 ? [] : ["store:keyIndex"]) + (copiesCut ? ["store:clusteredCopies"] : [])
                #expect(noticed.digests == digests && noticed.findings == expected, "\(noticed)")
                // ...until the index is cut as well (its triggers made again as they were).
                try RawStore.tamper(
                    sandbox.path(cut),
                    droppingTriggers: ["event_keys_are_never_deleted", "key_index_head_only_moves_forward", "clustered_events_are_never_deleted"],
                    sql: """
                        DELETE FROM event_keys WHERE seq > \(n); DELETE FROM clustered_events WHERE seq > \(n);
                        UPDATE key_index_head SET seq = MIN(seq, \(n));
                        """)
                let audit = try sandbox.audit(cut)
                #expect(audit.result.status == 0 && audit.digests == digests, "\(audit)")
            }
            seen.insert(digests)
        }
        // Every prefix chosen changes some projection, but 17: a correction's copy counts only
        // once its retraction of the original (seq 18) is in the log, so 17 replays as 16.
        #expect(seen.count == 7, "every prefix chosen but 17 changes some projection")
        #expect(try sandbox.replayDigests("b.sqlite", ["--until", "19"]) == (try sandbox.replayDigests("b.sqlite")))
        // --until a moment of the record: everything was recorded at $STANCE_NOW.
        #expect(try sandbox.replayDigests("b.sqlite", ["--until", Sandbox.now]) == (try sandbox.replayDigests("b.sqlite")))
    }

    @Test("replay --until outside the log is refused with exit 65", arguments: [
        ("0", "error: --until: @0 holds no events; seq starts at 1."),
        ("20", "error: --until: @20 is past the end of the log, which ends at seq 19."),
    ])
    func untilOutsideTheLog(_ value: String, _ message: String) throws {
        let sandbox = try Sandbox()
        try richStore(sandbox)
        Expect.failure(try sandbox.run("--db", "b.sqlite", "replay", "--until", value), 65, message)
    }

    @Test("Piped replay output holds no progress bar: no carriage return, nothing on standard error")
    func pipedHasNoProgressBar() throws {
        let sandbox = try Sandbox()
        try richStore(sandbox)
        for extra in [[], ["--format", "json"], ["--until", "10"]] {
            let result = try sandbox.run(["--db", "b.sqlite", "replay"] + extra)
            Expect.success(result)
            #expect(!result.stdout.contains("\r") && !result.stdout.contains("\u{1B}"), "\(result)")
        }
        // Through a real pipe, standard error merged into it.
        let binary = try StanceBinary.require().path
        let piped = try RawStore.execute("/bin/sh", ["-c", "'\(binary)' --db '\(sandbox.path("b.sqlite"))' replay 2>&1 | cat"])
        #expect(piped.status == 0 && piped.stdout.hasPrefix("Replayed 19 event(s)"), "\(piped)")
        #expect(!piped.stdout.contains("\r") && !piped.stdout.contains("#"), "\(piped)")
    }

    @Test("On a terminal the progress bar shows, and is cleared", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func terminalShowsProgressBar() throws {
        let sandbox = try Sandbox()
        try richStore(sandbox)
        let binary = try StanceBinary.require().path
        let tty = try RawStore.execute("/usr/bin/script", ["-qec", "'\(binary)' --db '\(sandbox.path("b.sqlite"))' replay", "/dev/null"])
        #expect(tty.status == 0, "\(tty)")
        #expect(tty.stdout.contains("\r[##############################] 19/19 events"), "\(tty.stdout.debugDescription)")
        #expect(tty.stdout.contains("\r\u{1B}[K"), "\(tty.stdout.debugDescription)")
    }
}
