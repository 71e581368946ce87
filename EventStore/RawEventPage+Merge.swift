import Foundation

extension RawEventPage {
    /// Pages in `seq` order merged into one in `seq` order, each seq once: what a keyed read
    /// that takes some keys from the clustered copies and the rest from the log returns.
    ///
    /// ```swift
    /// let page = RawEventPage.merged([fromLog, fromCopies])
    /// ```
    static func merged(_ pages: [RawEventPage]) -> RawEventPage {
        let filled = pages.filter { !$0.isEmpty }
        if filled.count <= 1 { return filled.first ?? RawEventPage(capacity: 0) }
        var merged = RawEventPage(capacity: filled.reduce(0) { $0 + $1.count })
        var next = Array(repeating: 0, count: filled.count)
        var last: Int64?
        while true {
            var pick: Int?
            for (page, index) in zip(filled.indices, next) where index < filled[page].count {
                if let chosen = pick, filled[chosen][next[chosen]].seq <= filled[page][index].seq { continue }
                pick = page
            }
            guard let page = pick else { return merged }
            let row = filled[page][next[page]]
            if row.seq != last { merged.append(row: next[page], of: filled[page]) }
            last = row.seq
            next[page] += 1
        }
    }

    /// Appends row `index` of another page, its bytes copied.
    mutating func append(row index: Int, of other: RawEventPage) {
        let row = other[index]
        other.withRow(index) { buffer, bounds in
            let column = { (column: Int) in UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[bounds[column]..<bounds[column + 1]])) }
            append(
                seq: row.seq, id: row.id, streamVersion: row.streamVersion, schemaVersion: row.schemaVersion,
                occurredAt: row.occurredAt, precision: row.precision, recordedAt: row.recordedAt,
                columns: (column(0), column(1), column(2), column(3), column(4), column(5), column(6)))
        }
    }
}
