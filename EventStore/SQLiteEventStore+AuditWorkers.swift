import Foundation
import GRDB

extension SQLiteEventStore {
    /// A page whose hashes, and the caller's work on each row, are made on the other threads.
    final class AuditedPage<Work: AuditPageWork>: @unchecked Sendable {
        let group = DispatchGroup()
        let page: RawEventPage
        let work: Work
        /// Written by the workers before they leave the group; read only after `wait()`.
        private(set) var hashes: [ChainHash.Digest?]

        init(_ page: RawEventPage, _ work: Work) {
            self.page = page
            self.work = work
            hashes = Array(repeating: nil, count: page.count)
            DispatchQueue.global().async(group: group) { [self] in
                // In slices of 256 rows, more than there are cores: a thread busy with something
                // else then holds up one small slice, not half the page.
                let parts = max(1, page.count / 256)
                let size = (page.count + parts - 1) / parts
                hashes.withUnsafeMutableBufferPointer { hashes in
                    // Each slice writes its own part of the buffer.
                    nonisolated(unsafe) let slots = hashes
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        // Sized, not reserved: the encoding is written into its count.
                        var scratch = [UInt8](repeating: 0, count: 4096)
                        for index in (part * size)..<min(page.count, (part + 1) * size) where page.unreadable(index) == nil {
                            slots[index] = page.recomputedHashIfChanged(index, scratch: &scratch)
                            work.prepare(index)
                        }
                    }
                }
            }
        }
    }
}
