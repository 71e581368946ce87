import EventStore
import Projections

/// The report's closing section: the figures a reader needs to check it against the store
/// (the event count, the chain head, the projections' digests) and when it was produced.
struct ReportSummary {
    let store: String
    let timeZone: String
    let head: ChainHead
    let digests: [(name: String, digest: ChainHash.Digest)]
    /// When the report was produced, as `recorded_at` is written (from `$STANCE_NOW` in tests).
    let producedAt: String

    var headText: String { "\(head.seq):\(head.hash.hex)" }

    var html: String {
        let e = HTMLEscaping.text
        var out = "<section id=\"audit\">\n<h2>Audit summary</h2>\n<dl class=\"audit\">\n"
        out += "<dt>store</dt><dd><code>\(e(store))</code>, time zone \(e(timeZone))</dd>\n"
        out += "<dt>events</dt><dd>\(head.seq)\(head.seq > 0 ? ", seq 1-\(head.seq)" : "")</dd>\n"
        out += "<dt>chain head</dt><dd><code>\(e(headText))</code></dd>\n"
        for (name, digest) in digests {
            out += "<dt>\(e(name)) digest</dt><dd><code>\(digest.hex)</code></dd>\n"
        }
        out += "<dt>produced</dt><dd><time>\(e(producedAt))</time></dd>\n</dl>\n"
        out += "<p>Everything above was computed from the first \(head.seq) events of the log. "
        out += "Anyone holding the store can check that it still holds exactly those events, and that replaying them gives these digests:</p>\n"
        out += "<pre>stance audit --db \(e(shellQuoted(store))) --expect-head \(e(headText))\n"
        out += "stance replay --db \(e(shellQuoted(store))) --until \(head.seq)</pre>\n"
        out += "<p>or, without trusting <code>stance</code>, <code>python3 scripts/verify-chain.py STORE --expect-head \(e(headText))</code>.</p>\n"
        out += "</section>\n"
        return out
    }

    /// The path as a shell user types it.
    private func shellQuoted(_ path: String) -> String {
        path.contains(where: { !($0.isLetter || $0.isNumber || "._-/".contains($0)) })
            ? "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'" : path
    }
}
