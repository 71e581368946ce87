import Foundation
import StanceDomain
import Testing

/// A seeded mutation fuzzer over `stance import`: hostile lines made from the Bolivia example
/// and from generated logs must end every run with 0 or 65, a refused file must write nothing,
/// and an accepted one must leave a store that audits clean.
///
/// Import is all or nothing and stops at the first bad line, so a file of a hundred random
/// mutations only ever shows the importer its first bad line. To show it every line that
/// matters without one run per line, each campaign first judges every mutated line with the
/// line parser in this process (cheap), then imports, through the command line, files made of
/// every line the parser accepts plus a sample of the refused ones, taken in turn from each
/// kind of fault (every line still went through the same parser, in this process). After a
/// refusal the refused line is dropped and the next file starts with the good lines before it,
/// so a refusal costs one run and every good line is finally written and audited: some faults
/// show only when an event is read back.
///
/// Measured on the 2-core machine in debug (each campaign prints a summary line): the four
/// campaigns make 10,400 mutated lines, all through the line parser; 1,160 of them pass it,
/// and those plus 240 sampled refusals (1,400 lines) reach `stance import` in 767 files, of
/// which 31 are accepted and audited; `import -` takes 100 more single lines. The whole
/// `swift test --filter Fuzz` takes about 48 s of CPU, 42 s of wall time while another
/// session kept one core busy.
@Suite("Fuzz: hostile NDJSON through stance import")
struct FuzzImportTests {
    struct Campaign: Sendable, CustomTestStringConvertible {
        var name: String
        /// nil for the Bolivia example, else the seed of `stance generate --events 500 --actors 20`.
        var generatorSeed: UInt64?
        var mutationSeed: UInt64
        /// Whether hostile dates include ``FuzzMutator/extremeInstants`` (a known bug).
        var extremeInstants = false
        var testDescription: String { name }
    }

    static let campaigns = [
        Campaign(name: "Bolivia example, mutation seed 1", generatorSeed: nil, mutationSeed: 1),
        Campaign(name: "Bolivia example, mutation seed 2", generatorSeed: nil, mutationSeed: 2),
        Campaign(name: "generated log seed 1, mutation seed 3", generatorSeed: 1, mutationSeed: 3),
        Campaign(name: "generated log seed 2, mutation seed 4", generatorSeed: 2, mutationSeed: 4),
    ]

    /// Mutated lines made per campaign: four campaigns make 10,400.
    static let linesPerCampaign = 2_600
    /// Lines the parser refuses that still go through the command line, per campaign.
    static let refusedSample = 60
    /// The most mutated lines in one file.
    static let linesPerFile = 100
    /// The most lines already found good that lead a file: past this, they are imported alone.
    static let goodLinesPerFile = 40
    /// A file stops short of 100 lines past this size: the importer reads and splits the whole
    /// file before its first line, and a debug build is slow at that.
    static let bytesPerFile = 128 << 10
    static let zoneName = "America/La_Paz"
    /// The valid lines every file starts with, already in the store after its creation: the
    /// example's registrations and Kaliman's role, or the first seven registrations of a generated log.
    static let filePrefix = 7

    @Test("Mutated lines end every import with 0 or 65, write nothing when refused, audit clean when accepted",
          arguments: campaigns)
    func campaign(_ campaign: Campaign) throws {
        let started = Date()
        let sandbox = try Sandbox()
        let (source, prefixCount) = try Self.source(campaign, sandbox)
        var mutator = FuzzMutator(seed: campaign.mutationSeed, source: campaign.generatorSeed.map { "generated-\($0)" } ?? "bolivia",
                                  lines: source, extremeInstants: campaign.extremeInstants)
        let lines = (0..<(Self.linesPerCampaign * FuzzRunner.scale)).map { _ in mutator.next() }

        // Every line through the parser, here; the command line gets the lines that pass and a sample of the rest.
        let zone = try #require(StoreTimeZone(identifier: Self.zoneName))
        let faults = lines.map { FuzzClassifier.fault($0, zone: zone) }
        let sampled = Set(FuzzClassifier.stratifiedSample(faults, count: Self.refusedSample * FuzzRunner.scale))
        let queue = lines.indices.filter { faults[$0] == nil || sampled.contains($0) }.map { lines[$0] }

        var fuzz = try ImportFuzz(sandbox: sandbox, store: Array(source.prefix(prefixCount)), prefix: Array(source.prefix(Self.filePrefix)))
        fuzz.run(queue, maximumRuns: queue.count * 3)
        try fuzz.finish()

        let parsed = faults.filter { $0 == nil }.count
        let seconds = Date().timeIntervalSince(started)
        print("""
            [fuzz] \(campaign.name): \(lines.count) mutated lines (\(parsed) pass the line parser, \
            \(Set(faults.compactMap { $0 }).count) kinds of fault); \(fuzz.runs) imports (a file each) \
            reached \(fuzz.reached) of the \(queue.count) lines queued (\(fuzz.accepted) files accepted, \
            \(fuzz.refused) refused, \(fuzz.store) events in the store); \(String(format: "%.1f", seconds)) s
            """)
        #expect(fuzz.reached == queue.count, "the run budget ran out before the queue did")
    }

    /// The campaign with instants near years 1 and 9999 (``FuzzMutator/extremeInstants``):
    /// it finds the bug that `FuzzFindingsTests` pins down.
    @Test("Out-of-range instants: accepted lines audit clean and their export imports",
          .disabled("bug: instants outside years 1-9999 once converted are accepted, then written as years 0 and 10000 that stance cannot read (FuzzFindingsTests)"))
    func extremeInstants() throws {
        try campaign(Campaign(name: "generated log seed 1, mutation seed 5, out-of-range instants", generatorSeed: 1, mutationSeed: 5, extremeInstants: true))
    }

    /// A single line at a time through standard input, on a store holding the whole example.
    @Test("Single mutated lines through `stance import -` end with 0 or 65 and write nothing when refused")
    func standardInput() throws {
        let started = Date()
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("stdin.sqlite")
        let example = try String(contentsOfFile: BoliviaExample.path, encoding: .utf8).split(separator: "\n").map(String.init)
        var mutator = FuzzMutator(seed: 77, source: "bolivia", lines: example)
        var fuzz = try ImportFuzz(sandbox: sandbox, store: [], prefix: [], db: "stdin.sqlite")
        // Alternately a line the line parser accepts and one it refuses, the refused ones made
        // by each kind of mutation in turn, so that raw NUL, invalid UTF-8, truncation, deep
        // nesting and 1 MiB lines all reach `import -`.
        let zone = try #require(StoreTimeZone(identifier: Self.zoneName))
        let count = 100 * FuzzRunner.scale
        var made = 0
        for index in 0..<count {
            let kind = Self.stdinKinds[(index / 2) % Self.stdinKinds.count]
            var line = mutator.next()
            made += 1
            while index.isMultiple(of: 2)
                ? FuzzClassifier.fault(line, zone: zone) != nil
                : !line.recipe.contains(where: { $0.hasPrefix(kind) }) || FuzzClassifier.fault(line, zone: zone) == nil {
                line = mutator.next()
                made += 1
            }
            fuzz.importSingle(line)
        }
        try fuzz.finish()
        print("[fuzz] import -: \(count) single lines, chosen from \(made) (\(fuzz.accepted) accepted, \(fuzz.refused) refused); \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    /// The mutations the refused lines through standard input are made by, in turn.
    static let stdinKinds = [
        "truncate", "nul-raw", "invalid-utf8", "deep-nesting", "huge-number", "wrong-type", "escape", "overlong", "pad-to",
        "duplicate-key", "unknown-key", "swap-types", "byte-flip", "control-raw", "split-line", "whole-line", "sql",
        "hostile-date", "hostile-id", "retype", "missing-key", "whitespace", "unicode", "reference", "sql-every-string",
    ]

    /// The source lines and how many of them (the registrations, and the roles that follow
    /// them in a generated log) the store is created with.
    static func source(_ campaign: Campaign, _ sandbox: Sandbox) throws -> ([String], Int) {
        guard let seed = campaign.generatorSeed else {
            let text = try String(contentsOfFile: BoliviaExample.path, encoding: .utf8)
            return (text.split(separator: "\n").map(String.init), 7)
        }
        let log = try sandbox.run("generate", "--events", "500", "--actors", "20", "--seed", String(seed))
        guard log.status == 0 else { throw SandboxError("generate failed: \(log)") }
        return (log.stdout.split(separator: "\n").map(String.init), 20 + 5)
    }
}

/// One store being fed hostile files, with the checks after each run.
struct ImportFuzz {
    let sandbox: Sandbox
    let db: String
    /// The valid lines every file starts with (already in the store after the first file).
    let prefix: [UInt8]
    let prefixLines: Int
    /// The store as last seen whole, and what has been accepted since: the file's bytes and
    /// the number of events. Every `stance` process checkpoints the WAL into the file when it
    /// closes, so equal bytes and no WAL left over mean that nothing was written; a full
    /// snapshot (`info`, the NDJSON export, the bytes) is taken at the start and the end, and
    /// whenever the bytes differ.
    private var expected: StoreSnapshot
    private var expectedBytes: Data
    private var expectedEvents: Int
    private var findings = 0

    private(set) var runs = 0
    private(set) var accepted = 0
    private(set) var refused = 0
    private(set) var reached = 0
    var store: Int { expectedEvents }

    /// A new store at `db` holding the `store` lines (none: `db` exists already), fed files
    /// that each start with the `prefix` lines.
    init(sandbox: Sandbox, store: [String], prefix: [String], db: String = "fuzz.sqlite") throws {
        self.sandbox = sandbox
        self.db = db
        self.prefix = prefix.isEmpty ? [] : Array((prefix.joined(separator: "\n") + "\n").utf8)
        self.prefixLines = prefix.count
        if !sandbox.exists(db) {
            try sandbox.store(db, timezone: FuzzImportTests.zoneName, importing: store.isEmpty ? nil : store.joined(separator: "\n") + "\n")
        }
        expected = try sandbox.snapshot(db)
        expectedBytes = expected.fileBytes
        expectedEvents = expected.events
    }

    /// Imports the queue a file at a time until the importer has judged every line.
    ///
    /// A file is the lines still waiting, from the front: first the lines already found good
    /// (at most ``FuzzImportTests/goodLinesPerFile``), then new ones. When the importer refuses
    /// a line, that line is dropped and the lines before it are known good; they lead the next
    /// file. A file the importer accepts is written and audited. So every line is read, every
    /// good line is written, and a refusal costs one run.
    mutating func run(_ queue: [FuzzLine], maximumRuns: Int) {
        var waiting = queue[...]
        var good = 0
        while !waiting.isEmpty && runs < maximumRuns {
            var end = waiting.startIndex
            var bytes = 0
            let limit = good >= FuzzImportTests.goodLinesPerFile ? good : FuzzImportTests.linesPerFile
            while end < waiting.endIndex && end - waiting.startIndex < limit
                && (end - waiting.startIndex <= good || bytes + waiting[end].bytes.count < FuzzImportTests.bytesPerFile) {
                bytes += waiting[end].bytes.count + 1
                end += 1
            }
            let window = Array(waiting[..<end])
            guard let outcome = importFile(window) else {
                // A crash: each line of the file alone, to find the culprit; the whole file
                // when no line crashes alone.
                let culprits = window.filter { importFile([$0]) == nil }
                if culprits.isEmpty {
                    let whole = FuzzLine(bytes: window.flatMap { $0.bytes + [0x0A] }, recipe: window.map(\.summary), origin: "\(window.count) lines")
                    Issue.record("CRASH with these \(window.count) lines together, none alone: \(whole.literal.prefix(8_000))")
                }
                reached += window.count - good
                waiting = waiting[end...]
                good = 0
                continue
            }
            guard let refusedAt = outcome else {
                reached += window.count - good
                waiting = waiting[end...]
                good = 0
                continue
            }
            if refusedAt < good {
                Issue.record("line \(refusedAt + 1) of the file was accepted in the run before and refused now: \(window[refusedAt].summary)")
            }
            reached += max(0, refusedAt + 1 - good)
            good = refusedAt
            var rest = Array(waiting)
            rest.remove(at: refusedAt)
            waiting = rest[...]
        }
    }

    /// One line through `stance import -`.
    mutating func importSingle(_ line: FuzzLine) {
        guard let result = launch(["--db", db, "import", "-"], stdin: Data(line.bytes + [0x0A]), lines: [line]) else { return }
        check(result, lines: [line], command: "printf '%s\\n' LINE | stance --db DB import -")
        reached += 1
    }

    /// Imports prefix + lines as one file. Returns nil after a crash, .some(nil) when the file
    /// was accepted, else the index of the refused line within `lines` (the last when the
    /// refusal names no line: the importer read them all).
    private mutating func importFile(_ lines: [FuzzLine]) -> Int?? {
        var bytes = prefix
        for line in lines {
            bytes += line.bytes
            bytes.append(0x0A)
        }
        guard (try? sandbox.write("fuzz.ndjson", Data(bytes))) != nil else {
            Issue.record("could not write the fuzz file")
            return nil
        }
        guard let result = launch(["--db", db, "import", "fuzz.ndjson"], stdin: nil, lines: lines) else { return nil }
        check(result, lines: lines, command: "stance --db DB import FILE (the file: \(prefixLines) registrations, then the line)")
        if result.status == 0 { return .some(nil) }
        guard let number = FuzzRunner.refusedLine(result) else { return lines.count - 1 }
        var line = prefixLines
        for (index, entry) in lines.enumerated() {
            line += entry.physicalLines
            if number <= line { return index }
        }
        Issue.record("the refusal names line \(number), past the end of the file:\n\(result)")
        return lines.count - 1
    }

    /// Runs stance and reports a crash or a hang; nil when there was one.
    private mutating func launch(_ arguments: [String], stdin: Data?, lines: [FuzzLine]) -> StanceResult? {
        runs += 1
        let run: (result: StanceResult, hung: Bool)
        do { run = try FuzzRunner.run(sandbox, arguments, stdin: stdin) } catch {
            Issue.record("could not run stance: \(error)")
            return nil
        }
        if let crash = FuzzRunner.crash(run.result, hung: run.hung) {
            if lines.count == 1 {
                report(FuzzFinding(what: "CRASH: \(crash)", command: "stance " + arguments.joined(separator: " "), line: lines[0], result: run.result))
            }
            recheckAfterFailure("a crashed import (\(crash))")
            return nil
        }
        return run.result
    }

    /// The checks after a run that answered 0 or 65.
    private mutating func check(_ result: StanceResult, lines: [FuzzLine], command: String) {
        let culprit = lines.count == 1 ? lines[0] : FuzzLine(bytes: lines.flatMap { $0.bytes + [0x0A] }, recipe: lines.map(\.summary), origin: "\(lines.count) lines")
        if result.status == 0 {
            accepted += 1
            #expect(result.stdout.hasPrefix("Imported "), "\(result)")
            expectedEvents += Int(result.stdout.dropFirst("Imported ".count).prefix { $0.isNumber }) ?? 0
            do {
                let audit = try sandbox.audit(db)
                if audit.result.status != 0 || audit.clean != true {
                    report(FuzzFinding(what: "AUDIT NOT CLEAN after an accepted import: \(audit.findings)", command: command, line: culprit, result: result))
                }
                expectedBytes = try sandbox.read(db)
            } catch {
                Issue.record("could not audit after an accepted import: \(error)")
            }
            return
        }
        refused += 1
        #expect(result.stderr.hasPrefix("error: ") && result.stdout.isEmpty, "\(result)")
        if !unchanged() {
            report(FuzzFinding(what: "PARTIAL WRITE: refused, but the store changed", command: command, line: culprit, result: result))
            resynchronise()
        }
    }

    /// Whether the store file holds the bytes last seen, with no WAL left beside it.
    private func unchanged() -> Bool {
        let wal = (try? sandbox.read(db + "-wal")) ?? Data()
        return wal.isEmpty && (try? sandbox.read(db)) == expectedBytes
    }

    /// After a crash, the store must still be as it was.
    private mutating func recheckAfterFailure(_ what: String) {
        if !unchanged() {
            Issue.record("PARTIAL WRITE: the store changed after \(what)")
            resynchronise()
        }
    }

    /// Takes the store as it now is as the expected one, saying how it differs.
    private mutating func resynchronise() {
        guard let after = try? sandbox.snapshot(db) else {
            Issue.record("the store cannot be read any more")
            return
        }
        Issue.record("the store was \(expectedEvents) events, \(expectedBytes.count) bytes; it is now \(after)")
        expected = after
        expectedBytes = after.fileBytes
        expectedEvents = after.events
    }

    private mutating func report(_ finding: FuzzFinding) {
        findings += 1
        guard findings <= 25 else { return }
        Issue.record(Comment(rawValue: finding.description))
    }

    /// The store as a whole, at the end: the same as last seen, and auditing clean.
    ///
    /// And its export imports whole into a new store, as the README promises: each accepted
    /// line must also survive being written out and read back.
    func finish() throws {
        let final = try sandbox.snapshot(db)
        #expect(final.events == expectedEvents && final.fileBytes == expectedBytes, "\(final)")
        if accepted == 0 { #expect(final == expected) }
        let audit = try sandbox.audit(db)
        #expect(audit.result.status == 0 && audit.clean == true, "\(audit)")
        try sandbox.write("export.ndjson", final.ndjson)
        let copy = "reimport-" + db
        try sandbox.store(copy, timezone: FuzzImportTests.zoneName)
        let reimport = try sandbox.run(["--db", copy, "import", "export.ndjson"])
        #expect(reimport.status == 0 && reimport.stdout.hasPrefix("Imported \(final.events) events"),
                "the export of the fuzzed store does not import whole: \(reimport)")
    }
}
