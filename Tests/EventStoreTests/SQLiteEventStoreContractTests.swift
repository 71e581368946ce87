import EventStore
import StanceTesting
import Testing

/// The shared ``EventStoreContract`` run against ``SQLiteEventStore``: once on stores fresh
/// from `create`, once on stores closed after `create` and reopened with `open`.
@Suite("SQLiteEventStore contract")
struct SQLiteEventStoreContractTests {
    static let passing = EventStoreContract.Check.allCases

    /// Runs `check` with stores made in a temporary folder of its own.
    static func run(_ check: EventStoreContract.Check, reopen: Bool = false) throws {
        try withTemporaryDirectory { dir in
            let contract = EventStoreContract { settings, clock in
                let path = dir.uniqueFile()
                let created = try SQLiteEventStore.create(at: path, settings: settings, clock: clock)
                guard reopen else { return created }
                _ = consume created
                return try SQLiteEventStore.open(at: path, clock: clock)
            }
            try contract.run(check)
        }
    }

    @Test("contract, created store", arguments: passing)
    func contract(_ check: EventStoreContract.Check) throws {
        try Self.run(check)
    }

    @Test("contract, reopened store", arguments: passing)
    func contractAfterReopen(_ check: EventStoreContract.Check) throws {
        try Self.run(check, reopen: true)
    }




}
