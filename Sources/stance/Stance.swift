import ArgumentParser
import EventStore
import Foundation
import StanceDomain

/// `stance`: record what political actors said and did, and ask what their positions were.
@main
struct Stance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stance",
        abstract: "An event-sourced political stance tracker.",
        discussion: """
            Record what each actor said or did as append-only events with dates and sources, then ask \
            what an actor's position toward another was on any day, how it changed and on what evidence. \
            Every answer is a replay of the log.

            The store is --db PATH, else $STANCE_DB, else ./stance.sqlite.
            Exit codes: 0 success, 64 usage, 65 bad input data, 66 no store, 73 store read-only, \
            74 disk full, 75 conflict or busy, 1 otherwise.
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Info.self, ActorCommand.self, Record.self, Import.self, Retract.self, Correct.self,
            Events.self, PositionCommand.self, TimelineCommand.self, Chart.self, Report.self, Diff.self, Audit.self, ReplayCommand.self, Checkpoint.self, Keygen.self, Generate.self, Types.self, Demo.self,
        ]
    )

    /// Lets `--db` come before the subcommand too: `stance --db FILE position …`.
    @OptionGroup var global: GlobalOptions

    /// Runs the command and turns every failure into one sentence on standard error and the
    /// documented exit code; usage errors stay with ArgumentParser, which exits with 64.
    static func main() {
        FileSizeSignal.ignore()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            fail(error)
        } catch let error as DomainError {
            fail(CLIError.from(error))
        } catch let error as EventStoreError {
            fail(CLIError.from(error))
        } catch let code as ExitCode {
            // A command that already said everything (an audit with findings) only sets the status.
            Foundation.exit(code.rawValue)
        } catch {
            // Help and --version are "errors" that exit 0: ArgumentParser prints them.
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            StandardOutput.error("error: \(message(for: error).asSentence)")
            Foundation.exit(code.rawValue)
        }
    }

    private static func fail(_ error: CLIError) -> Never {
        StandardOutput.error("error: \(error.message.asSentence)")
        Foundation.exit(error.status.rawValue)
    }
}
