/// What an audit's caller makes of the rows of one page, on the threads that recompute the
/// page's hashes (see ``SQLiteEventStore/auditChain(work:_:)``): one object a page, keeping
/// each row's result in its own typed storage until the pass hands it the row in order.
///
/// A class, so that the store's generic pass holds and hands on a reference. The pass is
/// not specialized for its caller's types: when it held a value for each row, every copy and
/// move of one went through the type's witnesses, about 1,700 instructions a row for the
/// audit's on the thread that checks the chain, which is the pass's busiest.
///
/// ```swift
/// final class Lengths: AuditPageWork, @unchecked Sendable {
///     let page: RawEventPage
///     // One slot a row, each written by one thread: raw memory, not an array property,
///     // which threads writing at once would each access whole.
///     let lengths: UnsafeMutableBufferPointer<Int>
///     init(_ page: RawEventPage) {
///         self.page = page
///         lengths = .allocate(capacity: page.count)
///         lengths.initialize(repeating: 0)
///     }
///     deinit { lengths.deallocate() }
///     func prepare(_ index: Int) { lengths[index] = page.withBytes(index, .payload) { $0.count } }
/// }
/// ```
///
/// The pass waits for every call of `prepare` before it returns, also when it throws.
public protocol AuditPageWork: AnyObject, Sendable {
    /// Works on readable row `index` of the page: called once for each such row, from several
    /// threads at once, and done before the pass gives the row to its caller.
    func prepare(_ index: Int)
}
