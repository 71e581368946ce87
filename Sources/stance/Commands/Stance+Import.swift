import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
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
            let reader = try NDJSONReader(path: file)
            var importer = EventImporter(context: context, recordedBy: recordedBy)
            let summary = try importer.importLines(from: reader)
            let skipped = summary.alreadyStored
            var message = "Imported \(summary.written) event\(summary.written == 1 ? "" : "s")"
            if let first = summary.firstSeq, let last = summary.lastSeq {
                message += " (seq \(first)\(first == last ? "" : "-\(last)"))"
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

    /// What an import appended.
    struct Summary {
        var written = 0
        var alreadyStored = 0
        var firstSeq: Int64?
        var lastSeq: Int64?
    }

    /// Records every line in one store write: nothing is stored unless every line is good.
    mutating func importLines(from reader: NDJSONReader) throws -> Summary {
        let zone = context.zone
        var checkpoints = 0
        defer { checkpointsSkipped = checkpoints }
        return try context.record(directory: .all, recordedBy: recordedBy, batch: batch, pipelined: true) { recorder in
            var summary = Summary()
            var lineOfReplacement: [UUID: Int] = [:]
            var lineNumber = 0
            try reader.forEachLine(limit: Self.maximumLineBytes) { line, length in
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
                do {
                    guard let parsed = try Self.parse(line, length: length, in: zone) else {
                        checkpoints += 1
                        return
                    }
                    if parsed.event.replaces != nil, let id = parsed.id { lineOfReplacement[id] = lineNumber }
                    let outcome = try recorder.record(parsed)
                    if outcome.alreadyStored {
                        summary.alreadyStored += 1
                    } else {
                        summary.written += 1
                        summary.firstSeq = summary.firstSeq ?? outcome.seq
                        summary.lastSeq = outcome.seq
                    }
                } catch let error as DomainError {
                    throw CLIError(.dataError, "line \(lineNumber): \(error.description.asSentence) Nothing was imported.")
                } catch let error as EventStoreError where error.code == .duplicateID || error.code == .invalidEvent {
                    throw CLIError(.dataError, "line \(lineNumber): \(error.message.asSentence) Nothing was imported.")
                }
            }
            do {
                try recorder.checkBatchIsComplete()
            } catch let error as Recorder.BatchError {
                let line = lineOfReplacement[error.eventID].map { "line \($0): " } ?? ""
                throw CLIError(.dataError, "\(line)\(error.error.description.asSentence) Nothing was imported.")
            }
            return summary
        }
    }

    /// The line's event, or nil for a checkpoint, which is left out.
    private static func parse(_ line: ArraySlice<UInt8>, length: Int, in zone: StoreTimeZone) throws(DomainError) -> EventLine? {
        if length > Self.maximumLineBytes {
            throw DomainError(.lineTooLong, "the line is \(length) bytes long; the limit is \(Self.maximumLineBytes) (1 MiB)")
        }
        let value: JSON
        do { value = try JSON.parse(line) } catch {
            throw DomainError(.malformedJSON, "not valid JSON: \(error.description)")
        }
        guard case .object(let object) = value else {
            throw DomainError(.malformedJSON, "expected a JSON object, found \(value.typeName)")
        }
        let parsed = try EventLine.parse(object, in: zone)
        return parsed.event.type.effect == .recordsCheckpoint ? nil : parsed
    }
}
