import ArgumentParser
import EventStore
import StanceDomain

extension Stance {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create an empty store.",
            discussion: "Dates without a time are read in the store's time zone, set here once and for good.")

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The IANA time zone for dates without a time, such as America/La_Paz.", valueName: "tz"))
        var timezone: String = "UTC"

        func run() throws {
            guard let zone = StoreTimeZone(identifier: timezone) else {
                throw CLIError(.usage, "--timezone: '\(timezone)' is not an IANA time zone name such as America/La_Paz or UTC.")
            }
            let store = try SQLiteEventStore.create(
                at: global.storePath, settings: [StoreContext.timezoneKey: zone.identifier], clock: SystemClock.clock())
            StandardOutput.line("Created an empty store at \(store.path) (time zone \(zone.identifier)).")
        }
    }
}
