#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGXFSZ, which the kernel sends to a process that writes past its file size limit
/// (`ulimit -f`, `prlimit --fsize`).
///
/// Its default action kills the process on the spot, mid-transaction: the store survives (the
/// commit record is never written) but the user sees "File size limit exceeded" from the shell
/// instead of stance's message. Ignored, the write fails with EFBIG instead, SQLite rolls the
/// batch back, and the error is reported like a full disk (exit 74).
enum FileSizeSignal {
    static func ignore() {
        signal(SIGXFSZ, SIG_IGN)
    }
}
