import Foundation
import Testing

/// A checkpoint covers the log exactly as it stood when its digests were worked out: events
/// recorded meanwhile by another process make it stop with exit 75 and write nothing. Its key
/// may come through a pipe (`--key <(pass show stance)`), which is how the test holds it back.
@Suite("Checkpoints: keys from pipes, and a log that moves meanwhile")
struct CheckpointRaceTests {
    /// Opens the FIFO for writing once its reader (the checkpoint, reading its key) has opened
    /// it, which it does only after reading the head and working out the digests. Waits at most
    /// `seconds`: a checkpoint that fails before reading its key must not hang the test.
    private func openWhenRead(_ path: String, seconds: Double = 60) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let fd = open(path, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { return fd }
            usleep(10_000)
        }
        return nil
    }

    /// A Bolivia store and a checkpoint of it started with its key in a FIFO, which it has
    /// opened: its head and digests are worked out, and it waits for the key `fd` will carry.
    private func checkpointWaitingForKey() throws -> (sandbox: Sandbox, checkpoint: RunningStance, fd: Int32, key: Data) {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        Expect.success(try sandbox.run("keygen", "key"))
        let key = try sandbox.read("key")
        #expect(mkfifo(sandbox.path("key.fifo"), 0o600) == 0)
        let checkpoint = try sandbox.start(["--db", "b.sqlite", "checkpoint", "--key", "key.fifo"])
        let fd = try #require(openWhenRead(sandbox.path("key.fifo")), "the checkpoint never read its key")
        return (sandbox, checkpoint, fd, key)
    }

    @Test("events recorded while the checkpoint is worked out: exit 75, the message, nothing written")
    func logMovedMeanwhile() throws {
        let (sandbox, checkpoint, fd, key) = try checkpointWaitingForKey()
        // The checkpoint has its head and digests and waits for its key: another process records.
        Expect.success(try sandbox.run(
            "--db", "b.sqlite", "record", "protest-held", "--actor", "protesters", "--toward", "morales",
            "--at", "2019-11-11T15:00-04:00"))
        let moved = try sandbox.snapshot("b.sqlite")
        _ = key.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let result = try checkpoint.wait()
        #expect(result.status == 75, "\(result)")
        #expect(result.stdout == "", "\(result)")
        #expect(result.stderr == "error: Events were recorded while the checkpoint was computed; run `stance checkpoint` again.\n", "\(result)")
        // The log as the other process left it (the file's bytes may differ: the last
        // connection to close copies the WAL into it).
        let after = try sandbox.snapshot("b.sqlite")
        #expect(after.events == moved.events && after.headSeq == moved.headSeq && after.headHash == moved.headHash, "the checkpoint wrote nothing")
        #expect(after.ndjson == moved.ndjson)
        // Run again, it covers the log as it now stands.
        let again = try sandbox.run("--db", "b.sqlite", "checkpoint", "--key", "key")
        #expect(again.status == 0 && again.stdout.hasPrefix("Recorded checkpoint seq \(moved.headSeq + 1) covering seq 1-\(moved.headSeq)"), "\(again)")
    }

    @Test("a key read from a pipe signs as the file does")
    func keyFromPipe() throws {
        let (sandbox, checkpoint, fd, key) = try checkpointWaitingForKey()
        _ = key.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let result = try checkpoint.wait()
        #expect(result.status == 0 && result.stdout.contains(", signed by "), "\(result)")
        let audit = try sandbox.audit("b.sqlite", ["--trusted-key", "key.pub"])
        #expect(audit.result.status == 0 && audit.findings.isEmpty, "\(audit)")
    }
}
