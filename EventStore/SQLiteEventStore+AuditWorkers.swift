import Foundation
import GRDB

extension SQLiteEventStore {
    /// A page whose hashes, and the caller's work on each row, are made on the other threads.
    final class AuditedPage<Work: Sendable>: @unchecked Sendable {
        let group = DispatchGroup()
        let page: RawEventPage
        /// Written by the workers before they leave the group; read only after `wait()`.
        private(set) var hashes: [ChainHash.Digest?]
        private var works: [Work?]

        /// The work made of row `index`, left nil behind: each is taken once, after `wait()`.
        func takeWork(_ index: Int) -> Work? {
            works[index].take()
        }

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
                            // Sized, not reserved: the encoding is written into its count.
                            var scratch = [UInt8](repeating: 0, count: 4096)
                            for index in (part * size)..<min(page.count, (part + 1) * size) where page.unreadable(index) == nil {
                                hashSlots[index] = page.recomputedHashIfChanged(index, scratch: &scratch)
                                workSlots[index] = prepare(page, index)
                            }
                        }
                    }
                }
            }
        }
    }
}
