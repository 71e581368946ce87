import EventStore
import StanceDomain

extension String {
    /// The text ending with a full stop, so that every error reads as one sentence.
    var asSentence: String {
        guard let last = last, !".!?".contains(last) else { return self }
        return self + "."
    }
}

/// A failure the command line reports: one sentence on standard error and an exit code from
/// sysexits.h, so that scripts can tell bad input (65) from a missing store (66), a store that
/// cannot be written (73: read-only), a write that ran out of room (74: disk full or file size
/// limit) or a conflict worth retrying (75).
struct CLIError: Error, CustomStringConvertible {
    enum ExitStatus: Int32 {
        case failure = 1
        case usage = 64
        case dataError = 65
        case noInput = 66
        /// EX_CANTCREAT: the store is read-only; retrying will not help until that changes.
        case cantCreate = 73
        /// EX_IOERR: a write failed for lack of space; the batch was rolled back.
        case ioError = 74
        case tempFailure = 75
    }

    var status: ExitStatus
    var message: String

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { message }

    /// The message and exit status for any error a command throws.
    static func from(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError:
            return error
        case let error as DomainError:
            return CLIError(.dataError, error.description)
        case let error as EventStoreError:
            return CLIError(status(for: error.code), error.message)
        default:
            return CLIError(.failure, "\(error)")
        }
    }

    private static func status(for code: EventStoreError.Code) -> ExitStatus {
        switch code {
        case .storeNotFound: return .noInput
        case .duplicateID, .invalidEvent: return .dataError
        case .versionConflict, .busy: return .tempFailure
        case .readOnly: return .cantCreate
        case .full: return .ioError
        case .storeExists, .notAStore, .damaged, .newerSchema, .appendOnly, .io: return .failure
        }
    }
}
