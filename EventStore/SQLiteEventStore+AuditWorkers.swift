import Foundation
import GRDB

extension SQLiteEventStore {
    /// A page whose hashes, and the caller's work on each row, are made on the other threads.
    final class AuditedPage<Work: Sendable>: @unchecked Sendable {
        let group = DispatchGroup()
        let page: RawEventPage
        /// Written by the workers before they leave the group; read only after `wait()`.
        private(set) var hashes: [ChainHash.Digest?]
        private(set) var works: [Work?]

        init(_ page: RawEventPage, _ prepare: @escaping @Sendable (RawEventPage, Int) -> Work) {
            self.page = page
            hashes = Array(repeating: nil, count: page.count)
            works = Array(repeating: nil, count: page.count)
            DispatchQueue.global().async(group: group) { [self] in
                let parts = min(ProcessInfo.processInfo.activeProcessorCount, max(1, page.count / 256))
                let size = (page.count + parts - 1) / parts
                hashes.withUnsafeMutableBufferPointer { hashes in
                    works.withUnsafeMutableBufferPointer { works in
                        // Each worker writes its own slice of both buffers.
                        nonisolated(unsafe) let (hashSlots, workSlots) = (hashes, works)
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            var scratch: [UInt8] = []
                            scratch.reserveCapacity(4096)
                            for index in (part * size)..<min(page.count, (part + 1) * size) where page[index].unreadable == nil {
                                hashSlots[index] = page.recomputedHashIfChanged(index, scratch: &scratch)
                                workSlots[index] = prepare(page, index)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The triggers and the integrity check (``auditIntegrity(_:)``), on a connection of their
    /// own and a thread of their own: the integrity check reads the whole file besides the
    /// chain's pass.
    final class StructuralAudit: @unchecked Sendable {
        private let group = DispatchGroup()
        /// Set by the task before it leaves the group; nil when no second connection opened.
        private var result: Result<[ChainFinding], any Error>?

        /// `readOnly` as the store's own connection: SQLite checks CHECK constraints only on a
        /// connection that may write.
        init(path: String, readOnly: Bool) {
            DispatchQueue.global().async(group: group) { [self] in
                guard let queue = try? SQLiteEventStore.openQueue(path: path, readOnly: readOnly) else { return }
                result = Result {
                    do {
                        return try queue.read { db in try SQLiteEventStore.auditTriggers(db) + SQLiteEventStore.auditIntegrity(db) }
                    } catch {
                        throw SQLiteEventStore.map(error, path: path)
                    }
                }
            }
        }

        /// The findings, once done; nil when the checks must run on the main connection.
        func findings() -> Result<[ChainFinding], any Error>? {
            group.wait()
            return result
        }
    }
}
