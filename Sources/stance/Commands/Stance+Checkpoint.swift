import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Record the chain head and the projections' digests in the log, optionally signed.",
            discussion: """
                Appends a checkpoint-recorded event holding the last seq, the chain head and one digest per \
                projection at this moment, signed with an Ed25519 key when --key is given (`stance keygen` \
                writes one). `stance audit` verifies every checkpoint; with --trusted-key it refuses those \
                the key did not sign.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The private key to sign with (as `stance keygen` writes it; a pipe works too).", valueName: "file"))
        var key: String?

        @Option(help: "Output format: text or json.")
        var format: AnswerFormat = .text

        func run() throws {
            let context = try StoreContext.open(global)
            let head = try context.store.head()
            guard head.seq > 0 else {
                throw CLIError(.dataError, "The store is empty; there is nothing to checkpoint yet.")
            }
            let fold = try Replayer.digestFold(context.store, in: context.zone, asOf: .seq(head.seq)).fold
            var digests: [String: String] = [:]
            for (name, digest) in fold.digests().all { digests[name] = digest.hex }
            var object: JSONObject = [
                "type": "checkpoint-recorded",
                "occurredAt": .string(EventExport.formatMicros(try SystemClock.clock().now())),
                "coversSeq": .int(head.seq),
                "head": .string(head.hash.hex),
                "digests": .object(JSONObject(digests.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })),
            ]
            var publicKey: String?
            if let key {
                let signed = try CheckpointSignature.sign(
                    CheckpointSignature.message(coversSeq: head.seq, head: head.hash.hex, digests: digests), keyFile: key)
                object["signature"] = .string(signed.signature)
                object["publicKey"] = .string(signed.publicKey)
                publicKey = signed.publicKey
            }
            let line: EventLine
            do { line = try EventLine.parse(object, in: context.zone) } catch {
                throw CLIError(.dataError, error.description)
            }
            // The write refuses to go on if another process appended since the head was read:
            // the checkpoint must cover the log exactly as it stands.
            let outcome = try context.record(recordedBy: nil, batch: nil) { recorder in
                guard recorder.writer.head == head else {
                    throw CLIError(.tempFailure, "Events were recorded while the checkpoint was computed; run `stance checkpoint` again.")
                }
                do { return try recorder.record(line) } catch let error as DomainError {
                    throw CLIError(.dataError, error.description)
                }
            }
            if format == .json {
                StandardOutput.line(JSON.object([
                    "seq": .int(outcome.seq), "id": .string(outcome.id.uuidString.lowercased()),
                    "coversSeq": .int(head.seq), "head": .string(head.hash.hex),
                    "publicKey": publicKey.map(JSON.string) ?? .null,
                ]).serialized(pretty: true))
            } else {
                StandardOutput.line("Recorded checkpoint seq \(outcome.seq) covering seq 1-\(head.seq), head \(head.seq):\(head.hash.hex)\(publicKey.map { ", signed by \($0)" } ?? ", unsigned").")
            }
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Write an Ed25519 key pair for signing checkpoints: FILE (private) and FILE.pub (public).")

        @Argument(help: ArgumentHelp("Where to write the private key; the public key goes to FILE.pub.", valueName: "file"))
        var file: String

        func run() throws {
            let publicKey = try CheckpointSignature.generate(into: file)
            StandardOutput.line("Wrote the private key to \(file) (keep it secret) and the public key \(publicKey) to \(file).pub.")
        }
    }
}
