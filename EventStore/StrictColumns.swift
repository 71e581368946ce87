import Foundation
import GRDB

/// Reads a row's columns only as the SQLite storage class the schema declares, throwing
/// `.damaged` otherwise, so that what the store reads is exactly what was hashed.
struct StrictColumns {
    let row: Row
    /// The row's seq, once known, for messages.
    var seq: Int64?

    init(row: Row) {
        self.row = row
    }

    func integer(_ index: Int, _ name: String) throws -> Int64 {
        guard case .int64(let value) = (row[index] as DatabaseValue).storage else { throw damaged(index, name, "an integer") }
        return value
    }

    func text(_ index: Int, _ name: String) throws -> String {
        guard case .string(let value) = (row[index] as DatabaseValue).storage else { throw damaged(index, name, "text") }
        return value
    }

    func blob(_ index: Int, _ name: String) throws -> Data {
        guard case .blob(let value) = (row[index] as DatabaseValue).storage else { throw damaged(index, name, "a blob") }
        return value
    }

    private func damaged(_ index: Int, _ name: String, _ expected: String) -> EventStoreError {
        let found: String
        switch (row[index] as DatabaseValue).storage {
        case .null: found = "NULL"
        case .int64: found = "an integer"
        case .double: found = "a real number"
        case .string: found = "text"
        case .blob: found = "a blob"
        }
        let which = seq.map { "The event at seq \($0)" } ?? "An event"
        return EventStoreError(.damaged, "\(which) has \(found) in its \(name) column, where the schema keeps \(expected); the store is damaged. Run `stance audit` to see what can still be verified.")
    }
}
