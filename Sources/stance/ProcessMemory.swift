#if canImport(Glibc)
import Glibc
#endif

/// How this process's allocator treats freed memory.
enum ProcessMemory {
    /// Keeps freed memory for reuse, for a command that asks one question and exits.
    ///
    /// By default glibc gives every block over ~128 KiB a mapping of its own and returns it to
    /// the kernel when it is freed, and trims the top of the heap the same way; the next such
    /// block then lands in fresh pages, each a page fault. A question grows and drops such
    /// blocks round after round (the rows read, the events decoded, the folds, the answer's
    /// text): the benchmark's `timeline` on a million events took ~1,840 page faults, and
    /// ~1,400 with this. Not for the commands that stream the whole log (`replay`, `audit`,
    /// `import`): memory kept there would raise their peak, as it may a question's when a full
    /// replay answers it (a read-only store from before the key index). A no-op where `mallopt`
    /// is missing.
    ///
    /// ```swift
    /// ProcessMemory.keepFreedMemory()
    /// ```
    static func keepFreedMemory() {
        #if canImport(Glibc)
        // Looked up rather than imported: the Glibc module leaves out <malloc.h>.
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(mmapThreshold, threshold)
        _ = mallopt(trimThreshold, threshold)
        #endif
    }

    /// <malloc.h>'s `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD`.
    private static let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
    /// glibc's largest mapping threshold on 64-bit systems: blocks up to it come from the heap.
    private static let threshold: Int32 = 32 << 20
}
