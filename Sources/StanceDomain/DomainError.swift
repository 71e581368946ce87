/// Every way an event can be wrong before it reaches the store: a ``Code`` to match on, the
/// field at fault and one sentence saying what is wrong and what is expected.
///
/// ```swift
/// throw DomainError(.invalidValue, field: "position", "'maybe' is not a position; use one of supports, neutral, ...")
/// ```
public struct DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case unknownType
        case missingField
        case unknownField
        case invalidValue
        case invalidTime
        case malformedJSON
        case lineTooLong
        case unknownActor
        case ambiguousActor
        case duplicateActor
        case unknownEvent
        /// An event id already names another event.
        case idConflict
        case unsupportedSchema
    }

    public var code: Code
    /// The JSON key or command-line option at fault, when there is one.
    public var field: String?
    public var message: String

    public init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// The message, prefixed with the field when there is one: `field 'toward': ...`.
    public var description: String {
        guard let field else { return message }
        return "field '\(field)': \(message)"
    }
}
