import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Load the Bolivia 2019 example and ask what the military's position toward Morales was.",
            discussion: """
                Loads the example shipped inside the binary (examples/bolivia-2019.ndjson) into a fresh store, \
                a temporary one unless --db names a new file, then prints the military's timeline toward \
                Morales and its position on 9, 10 and 12 November 2019.
                """)

        /// `--db` names a new file to keep the demo store in; $STANCE_DB is deliberately ignored,
        /// so that the demo never writes into a store the user works with.
        @OptionGroup var global: GlobalOptions

        @OptionGroup var output: FormatOption

        static let days = ["2019-11-09", "2019-11-10", "2019-11-12"]

        /// The demo's import batch: fixed, so that with `$STANCE_NOW` the demo store, and so its
        /// chain head, is the same on every run.
        static let batch = UUID(uuidString: "b0119a00-2019-4000-8000-00000000d370")!

        func run() throws {
            let db = global.db
            let temporary = db == nil
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stance-demo-\(UUID().uuidString)")
            if temporary { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            defer { if temporary { try? FileManager.default.removeItem(at: folder) } }
            let path = db ?? folder.appendingPathComponent("demo.sqlite").path
            guard let zone = StoreTimeZone(identifier: "America/La_Paz") else {
                throw CLIError(.failure, "This system's time zone database lacks America/La_Paz.")
            }
            let store = try SQLiteEventStore.create(at: path, settings: [StoreContext.timezoneKey: zone.identifier], clock: SystemClock.clock())
            let context = StoreContext(store: store, zone: zone)
            var importer = EventImporter(context: context, recordedBy: nil, batch: Self.batch)
            let summary = try importer.importLines(from: NDJSONReader(bytes: Array(BoliviaExample.ndjson.utf8)))

            let replay = try context.replay()
            let military = try replay.directory.resolve("military")
            let morales = try replay.directory.resolve("morales")
            let timeline = replay.query.timeline(actor: military, toward: morales)
            let answers = try Self.days.map { day in
                replay.query.answer(actor: military, toward: morales, cut: WorldCut(try context.time(day, option: "on"), in: zone))
            }
            if output.format == .json {
                let json = AnswerJSON(zone: zone)
                var object = JSONObject()
                object["store"] = temporary ? .null : .string(path)
                object["events"] = .int(Int64(summary.written + summary.alreadyStored))
                object["timeline"] = json.timeline(timeline, from: nil, until: nil)
                object["positions"] = .array(answers.map(json.answer))
                StandardOutput.line(JSON.object(object).serialized(pretty: true))
                return
            }
            let text = AnswerText(zone: zone, directory: replay.directory)
            var lines = [
                "Loaded \(summary.written + summary.alreadyStored) events from the Bolivia 2019 example into \(temporary ? "a temporary store" : path) (time zone \(zone.identifier)).",
                "",
                "$ stance timeline military --toward morales",
                text.timeline(timeline),
            ]
            for (day, answer) in zip(Self.days, answers) {
                lines += ["", "$ stance position military --toward morales --on \(day)", text.answer(answer)]
            }
            StandardOutput.line(lines.joined(separator: "\n"))
        }
    }
}
