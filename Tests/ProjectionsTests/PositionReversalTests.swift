import Foundation
import Projections
import StanceDomain
import Testing

/// A reversal is a change that turns back across `neutral`: from support to neutral or
/// beyond, or from criticism (or worse) to neutral or support. A first position is never one,
/// and neither is a move within one side.
@Suite("Position: reversals")
struct PositionReversalTests {
    static let reversals: Set<String> = [
        "supports->neutral", "supports->critical", "supports->opposes", "supports->calls-for-resignation",
        "critical->neutral", "critical->supports",
        "opposes->neutral", "opposes->supports",
        "calls-for-resignation->neutral", "calls-for-resignation->supports",
    ]

    static func change(_ from: Position, _ to: Position) -> PositionChange {
        var log = Chronicle()
        let made = log.make("statement-issued", day("2019-11-10"), "oas", toward: "morales", position: to)
        return PositionQuery.changes(in: [PositionEntry(event: log.record(made), via: nil)], from: from)[0]
    }

    @Test(arguments: Position.allCases)
    func whichChangesAreReversals(from: Position) {
        for to in Position.recordable where to != from {
            let change = Self.change(from, to)
            #expect(change.isReversal == Self.reversals.contains(change.transition), "\(change.transition)")
        }
    }

    @Test func theNamedCases() {
        #expect(Self.change(.callsForResignation, .neutral).isReversal)
        #expect(Self.change(.supports, .opposes).isReversal)
        #expect(Self.change(.opposes, .supports).isReversal)
        #expect(Self.change(.supports, .neutral).isReversal)
        #expect(!Self.change(.unknown, .supports).isReversal)
        #expect(!Self.change(.unknown, .callsForResignation).isReversal)
        #expect(!Self.change(.critical, .opposes).isReversal)
        #expect(!Self.change(.neutral, .supports).isReversal)
        #expect(!Self.change(.neutral, .opposes).isReversal)
        #expect(!Self.change(.opposes, .callsForResignation).isReversal)
        #expect(!Self.change(.callsForResignation, .critical).isReversal)
    }

    @Test func aTimelineFlagsItsReversals() throws {
        var log = Chronicle()
        log.register("opposition", "morales")
        for (date, type) in [
            ("2019-11-01", "support-declared"), ("2019-11-02", "support-withdrawn"), ("2019-11-03", "allegation-made"),
            ("2019-11-04", "protest-held"), ("2019-11-05", "resignation-called-for"), ("2019-11-06", "resignation-call-withdrawn"),
            ("2019-11-07", "protest-held"), ("2019-11-08", "support-declared"),
        ] {
            log.record(type, day(date), "opposition", toward: "morales")
        }
        let changes = try log.query.timeline("opposition", "morales").changes
        #expect(changes.filter(\.isReversal).map(\.transition) == [
            "supports->neutral", "calls-for-resignation->neutral", "opposes->supports",
        ])
        // The answer carries its change's flag.
        #expect(try log.query.answer("opposition", "morales", day("2019-11-06")).since?.isReversal == true)
        #expect(try log.query.answer("opposition", "morales", day("2019-11-05")).since?.isReversal == false)
    }
}
