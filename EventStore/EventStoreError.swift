/// Every failure of the event store: a ``Code`` to match on, a sentence that says what went
/// wrong and how to fix it, and the underlying cause when there is one.
///
/// ```swift
/// do { try store.append(events) }
/// catch let error as EventStoreError where error.code == .versionConflict { … }
/// ```
public struct EventStoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No store at the path: run `stance init` first.
        case storeNotFound
        /// `create` found a file already there.
        case storeExists
        /// The file exists but is not a stance store (not SQLite, or another application's).
        case notAStore
        /// The file is a damaged SQLite database.
        case damaged
        /// The store was written by a newer version of the program.
        case newerSchema
        /// Something tried to change or delete a recorded event.
        case appendOnly
        /// An event id is already stored with different content.
        case duplicateID
        /// A stream's version did not match what the writer expected.
        case versionConflict
        /// Another process held the store for longer than the busy timeout.
        case busy
        /// The store (or its folder) cannot be written.
        case readOnly
        /// The disk or the file size limit is full.
        case full
        /// An invalid argument from the caller, such as an empty stream name.
        case invalidEvent
        /// Any other I/O or SQLite failure.
        case io
    }

    public var code: Code
    public var message: String
    /// The store's file, when the failure concerns one.
    public var path: String?
    /// The error that caused this one, kept for diagnosis.
    public var underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, path: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    public var description: String { message }
}
