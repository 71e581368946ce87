/// The members of a JSON object, kept in insertion order so that writing is deterministic.
///
///     var actor: JSONObject = ["id": "a-17", "name": "Ada"]
///     actor["party"] = "Greens"        // new keys go at the end
///     actor["name"] = "Ada L."         // existing keys keep their place
///     actor.keys                       // ["id", "name", "party"]
///     actor["party"] = nil             // removes the member; store `.null` to keep a null
///
/// Equality ignores order: two objects are equal when they hold the same keys with equal
/// values. Order is a property of how a document was written, not of what it says, so
/// `{"a":1,"b":2}` and `{"b":2,"a":1}` compare equal even though they serialize differently.
/// Compare serialized bytes when the exact form matters.
///
/// Keys are Swift strings, and so compare by Unicode canonical equivalence: `"é"` written
/// precomposed and decomposed are the same key, and the parser reports such a pair as a
/// duplicate.
public struct JSONObject: Hashable, Sendable, Sequence {
    public typealias Element = (key: String, value: JSON)

    private var pairs: [Element]

    /// Key to position, built only for objects too large for a linear scan: most objects hold
    /// a handful of keys, where scanning beats hashing, but a hostile document with 100,000
    /// keys must not make duplicate detection quadratic.
    private var index: [String: Int]?

    /// Measured: scanning up to this many short keys is faster than hashing one of them.
    private static var indexThreshold: Int { 12 }

    public init() {
        pairs = []
        index = nil
    }

    /// Builds an object from pairs in order; a repeated key replaces the earlier value in the
    /// earlier key's position, as repeated subscript assignments would.
    public init(_ pairs: [(String, JSON)]) {
        self.init()
        self.pairs.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            self[key] = value
        }
    }

    public var count: Int { pairs.count }

    public var isEmpty: Bool { pairs.isEmpty }

    /// The keys in stored order.
    public var keys: [String] { pairs.map(\.key) }

    /// Reads a member; assigning replaces the value in place or appends a new key at the end,
    /// and assigning nil removes the key.
    public subscript(key: String) -> JSON? {
        get {
            guard let position = position(of: key) else { return nil }
            return pairs[position].value
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    pairs[position].value = newValue
                } else {
                    remove(at: position)
                }
            } else if let newValue {
                appendNewKey(key, newValue)
            }
        }
    }

    /// Removes a member, keeping the order of the others; returns the removed value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let position = position(of: key) else { return nil }
        let value = pairs[position].value
        remove(at: position)
        return value
    }

    public func makeIterator() -> IndexingIterator<[Element]> {
        pairs.makeIterator()
    }

    public var underestimatedCount: Int { pairs.count }

    // MARK: - Internal, for the parser and writer

    func containsKey(_ key: String) -> Bool {
        position(of: key) != nil
    }

    /// Appends without looking for the key: the caller has just checked it is absent.
    mutating func appendNewKey(_ key: String, _ value: JSON) {
        pairs.append((key, value))
        if index != nil {
            index![key] = pairs.count - 1
        } else if pairs.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    /// Direct access for the writer, which only iterates.
    var storage: [Element] { pairs }

    // MARK: - Private

    private func position(of key: String) -> Int? {
        if let index {
            return index[key]
        }
        for position in pairs.indices where pairs[position].key == key {
            return position
        }
        return nil
    }

    private mutating func remove(at position: Int) {
        pairs.remove(at: position)
        if index != nil {
            rebuildIndex()
        }
    }

    private mutating func rebuildIndex() {
        guard pairs.count > Self.indexThreshold else {
            index = nil
            return
        }
        var newIndex = [String: Int](minimumCapacity: pairs.count)
        for (position, pair) in pairs.enumerated() {
            newIndex[pair.key] = position
        }
        index = newIndex
    }
}

extension JSONObject {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.pairs.count == rhs.pairs.count else { return false }
        // Objects compared in practice were usually written in the same order: try that first.
        var sameOrder = true
        for position in lhs.pairs.indices {
            let left = lhs.pairs[position], right = rhs.pairs[position]
            if left.key != right.key {
                sameOrder = false
                break
            }
            if left.value != right.value { return false }
        }
        if sameOrder { return true }
        for pair in lhs.pairs {
            guard let other = rhs[pair.key], other == pair.value else { return false }
        }
        return true
    }

    /// Order-independent, to agree with `==`: each member is hashed on its own and the
    /// results are combined with a commutative operation, as `Set` does.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(pairs.count)
        var combined = 0
        for pair in pairs {
            var memberHasher = Hasher()
            memberHasher.combine(pair.key)
            memberHasher.combine(pair.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's order.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }
}

extension JSONObject: CustomStringConvertible {
    public var description: String { JSON.object(self).serialized() }
}
