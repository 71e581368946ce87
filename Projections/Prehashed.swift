/// A value with its hash worked out once, on the thread that made it, so that the thread that
/// folds events in order hashes an Int rather than the value (two Strings, for a pair). Equal
/// exactly when the values are.
///
/// ```swift
/// let name = Prehashed("morales")      // on a decoding thread
/// registered.contains(name)            // on the folding thread: no String hashed
/// ```
struct Prehashed<Value: Hashable & Sendable>: Hashable, Sendable {
    let value: Value
    let hash: Int

    init(_ value: Value) {
        self.value = value
        hash = value.hashValue
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    static func == (lhs: Prehashed, rhs: Prehashed) -> Bool {
        lhs.hash == rhs.hash && lhs.value == rhs.value
    }
}
