import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append the events of an NDJSON file, all or nothing.",
            discussion: """
                One event per line, in the shape `stance events --format ndjson` prints, so that an export \
                imports into a fresh store with every answer unchanged. Blank lines are skipped. If any line \
                is bad, nothing is written and the error names the line and the field. Lines whose id is \
                already stored with the same content are skipped, so an import can be safely repeated.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The NDJSON file, or - for standard input.", valueName: "file"))
        var file: String

        @Option(help: ArgumentHelp("Who records the events that do not say (default: $STANCE_USER, else $USER).", valueName: "name"))
        var recordedBy: String?

        func run() throws {
            let context = try StoreContext.open(global)
            let bytes = try NDJSONReader.read(file)
            var importer = EventImporter(context: context, recordedBy: recordedBy)
            let outcomes = try importer.importLines(bytes)
            let written = outcomes.filter { !$0.alreadyStored }
            let skipped = outcomes.count - written.count
            var message = "Imported \(written.count) event\(written.count == 1 ? "" : "s")"
            if let first = written.first, let last = written.last {
                message += " (seq \(first.seq)\(first.seq == last.seq ? "" : "-\(last.seq)"))"
            }
            if skipped > 0 { message += "; \(skipped) already recorded, skipped" }
            if importer.checkpointsSkipped > 0 {
                message += "; \(importer.checkpointsSkipped) checkpoint(s) left out: a checkpoint vouches for the chain of the store it was recorded in (record a new one with `stance checkpoint`)"
            }
            StandardOutput.line(message + ".")
        }
    }
}

/// Parses, resolves and appends NDJSON lines as one atomic batch.
struct EventImporter {
    let context: StoreContext
    let recordedBy: String?
    /// The batch id written in each event's metadata: a new one unless the caller fixes it
    /// (the demo does, so that its store is the same on every run).
    var batch = UUID()
    /// Checkpoint lines are left out: their head and digests describe another store's chain.
    private(set) var checkpointsSkipped = 0

    init(context: StoreContext, recordedBy: String?, batch: UUID = UUID()) {
        self.context = context
        self.recordedBy = recordedBy
        self.batch = batch
    }

    /// The longest line accepted: a line this long is a mistake, not an event.
    static let maximumLineBytes = 1 << 20

    mutating func importLines(_ bytes: [UInt8]) throws -> [AppendOutcome] {
        var recorder = try Recorder(
            replay: context.replay(), head: context.store.head(), zone: context.zone,
            recordedBy: recordedBy, batch: batch)
        var events: [NewEvent] = []
        var lineOfID: [UUID: Int] = [:]
        var lineNumberOfID: [UUID: Int] = [:]
        var lineNumber = 0
        for line in NDJSONReader.lines(bytes) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                guard let event = try prepare(line, recorder: &recorder) else {
                    checkpointsSkipped += 1
                    continue
                }
                try checkIdentity(event, lineOfID: lineOfID, earlier: events, recorder: recorder)
                if lineOfID[event.id] == nil {
                    lineOfID[event.id] = events.count
                    lineNumberOfID[event.id] = lineNumber
                }
                events.append(event)
            } catch {
                throw CLIError(.dataError, "line \(lineNumber): \(error.description.asSentence) Nothing was imported.")
            }
        }
        do {
            try recorder.checkBatchIsComplete()
        } catch {
            let line = lineNumberOfID[error.eventID].map { "line \($0): " } ?? ""
            throw CLIError(.dataError, "\(line)\(error.error.description.asSentence) Nothing was imported.")
        }
        do {
            return try context.store.append(events)
        } catch let error as EventStoreError where error.code == .duplicateID || error.code == .invalidEvent {
            throw CLIError(.dataError, "\(error.message.asSentence) Nothing was imported.")
        }
    }

    /// An id names one event: the same id with other content, earlier in the file or already in
    /// the store, is refused here so that the message can name the line.
    private func checkIdentity(_ event: NewEvent, lineOfID: [UUID: Int], earlier: [NewEvent], recorder: Recorder) throws(DomainError) {
        let id = event.id.uuidString.lowercased()
        if let index = lineOfID[event.id] {
            guard event.hasSameContent(as: earlier[index]) else {
                throw DomainError(.idConflict, field: "id", "\(id) is also the id of an earlier line with different content; an id names one event.")
            }
        } else if recorder.isStored(event.id), let stored = try? context.store.event(withID: event.id), !event.hasSameContent(as: stored) {
            throw DomainError(.idConflict, field: "id", "\(id) is already stored as seq \(stored.seq) with different content; an id names one event forever: use a new id, or record a correction.")
        }
    }

    /// The line's event, ready to append, or nil for a checkpoint, which is left out.
    private func prepare(_ line: ArraySlice<UInt8>, recorder: inout Recorder) throws(DomainError) -> NewEvent? {
        if line.count > Self.maximumLineBytes {
            throw DomainError(.lineTooLong, "the line is \(line.count) bytes long; the limit is \(Self.maximumLineBytes) (1 MiB)")
        }
        let value: JSON
        do { value = try JSON.parse(line) } catch {
            throw DomainError(.malformedJSON, "not valid JSON: \(error.description)")
        }
        guard case .object(let object) = value else {
            throw DomainError(.malformedJSON, "expected a JSON object, found \(value.typeName)")
        }
        let parsed = try EventLine.parse(object, in: context.zone)
        if parsed.event.type.effect == .recordsCheckpoint { return nil }
        return try recorder.prepare(parsed)
    }
}

/// Reads a file or standard input and splits it into lines.
enum NDJSONReader {
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError(.noInput, "No file at \(path) to import.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(.noInput, "Cannot read \(path); check that it is a readable file.")
        }
        return Array(data)
    }

    /// The lines of the input, without their `\n` (a final line need not end with one).
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        // Some editors start UTF-8 files with a byte-order mark; it is not part of the first event.
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lines = bytes[start...].split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
