/// An actor's position toward another: a closed, ordered set from support to a call for
/// resignation, plus `unknown` when nothing is recorded.
///
/// ```swift
/// Position(rawValue: "calls-for-resignation") // .callsForResignation
/// Position.supports < Position.opposes        // true
/// ```
public enum Position: String, CaseIterable, Sendable, Hashable, Comparable {
    case supports
    case neutral
    case critical
    case opposes
    case callsForResignation = "calls-for-resignation"
    /// Nothing recorded: the answer before any event sets a position. Never recorded itself.
    case unknown

    /// The positions an event may set, in order.
    public static let recordable: [Position] = [.supports, .neutral, .critical, .opposes, .callsForResignation]

    /// The place in the order; `unknown` sorts last.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// Which side of `neutral` the position lies on: -1 for support, +1 for criticism and beyond,
    /// 0 for neutral and unknown.
    public var side: Int {
        switch self {
        case .supports: return -1
        case .neutral, .unknown: return 0
        case .critical, .opposes, .callsForResignation: return 1
        }
    }

    public static func < (lhs: Position, rhs: Position) -> Bool { lhs.rank < rhs.rank }
}
