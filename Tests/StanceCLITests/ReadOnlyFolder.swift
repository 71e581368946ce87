import Foundation

/// Makes a folder truly read-only for one `stance` run: as root, file permissions stop nothing,
/// so each run gets its own mount namespace (`unshare -m`) in which the folder is bind-mounted
/// onto itself read-only. Nothing outside that run sees the mount, and it vanishes with it.
enum ReadOnlyFolder {
    static let unshare = "/usr/bin/unshare"

    /// The `sh -c` script: `$0` is the folder, `"$@"` the stance command.
    static let script = #"mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@""#

    /// The wrapper for ``Sandbox/run(_:stdin:environment:wrapper:)`` that runs stance with
    /// `folder` read-only.
    static func wrapper(_ folder: String) -> [String] {
        [unshare, "-m", "--", "/bin/sh", "-c", script, folder]
    }

    /// Whether this machine can do it: root, `unshare` and bind mounts, and a write under the
    /// mount really fails. Probed once, on a folder of its own.
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: unshare) else { return false }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stance-ro-probe-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = folder.appendingPathComponent("probe").path
        let run = try? RawStore.execute(unshare, ["-m", "--", "/bin/sh", "-c", script, folder.path, "/usr/bin/touch", probe])
        return run != nil && run?.status != 0 && !FileManager.default.fileExists(atPath: probe)
            && run?.stderr.contains("Read-only file system") == true
    }()

    static let unavailable = "needs root with `unshare -m` and bind mounts, to make a folder read-only for one run"
}
