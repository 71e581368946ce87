import GRDB

extension IndexCheck {
    /// An index read once in its own order: the digest of its entries, and where they do not
    /// sort after the entry before (a lookup's binary search would then miss rows) or, in a
    /// UNIQUE index, repeat the key before (the constraint would no longer hold).
    struct Scan {
        var digest = MultisetDigest()
        /// The rowid of the first entry out of order, and how many are.
        var misordered: (rowid: Int64, count: Int)?
        /// The rowids of the first two entries under one key, and how many entries repeat a key.
        var repeated: (first: Int64, second: Int64, count: Int)?

        init(_ db: Database, _ plan: Plan) throws {
            let statement = RawStatement(try db.makeStatement(sql: plan.indexQuery), db)
            defer { statement.reset() }
            let keys = plan.columns.count
            let columns = (0...keys).map(Int32.init)
            var previous = IndexEntry(), current = IndexEntry()
            var previousRowid: Int64?
            while try statement.step() {
                current.read(statement, columns)
                let rowid = statement.int64(Int32(keys))
                if let previousRowid {
                    let (order, at) = current.compare(to: previous)
                    if order <= 0 {
                        misordered = (misordered?.rowid ?? rowid, (misordered?.count ?? 0) + 1)
                    } else if plan.unique && at == keys && !current.hasNull(inFirst: keys) {
                        repeated = (repeated?.first ?? previousRowid, repeated?.second ?? rowid, (repeated?.count ?? 0) + 1)
                    }
                }
                digest.add(current)
                swap(&previous, &current)
                previousRowid = rowid
            }
        }

        /// What is wrong with the index, against the digest of the entries its table's rows
        /// call for; none when it holds exactly those, in order, each key once where UNIQUE.
        func findings(_ plan: Plan, expected: MultisetDigest) -> [ChainFinding] {
            // What the damage does, and what to do, said in each finding.
            let remedy = "lookups through it go wrong: rebuild it in a copy of the store (sqlite3 COPY 'REINDEX \(plan.name)') "
                + "and audit the copy, or restore the store from a copy"
            var findings: [ChainFinding] = []
            func report(_ expected: String, _ found: String) {
                findings.append(ChainFinding(seq: nil, check: .integrity, expected: expected, found: "\(found); \(remedy)"))
            }
            if digest.count != expected.count {
                report("index \(plan.label) to hold one entry for each of the \(expected.count) rows of \(plan.table)",
                       "\(digest.count) entries")
            } else if digest != expected {
                report("index \(plan.label) to hold the values of the \(expected.count) rows of \(plan.table)",
                       "\(digest.count) entries, not all of them a row's values (an entry changed, or one missing and another in its place)")
            }
            if let misordered {
                report("the entries of index \(plan.label) in ascending order",
                       "\(misordered.count) entr\(misordered.count == 1 ? "y" : "ies") out of order, the first for rowid \(misordered.rowid)")
            }
            if let repeated {
                report("index \(plan.label) to hold each key once (UNIQUE)",
                       "\(repeated.count) repeated key\(repeated.count == 1 ? "" : "s"), the first for rowids \(repeated.first) and \(repeated.second)")
            }
            return findings
        }
    }
}
